import type { MemberAccountRef } from "@fleetwatch/monitoring";
import * as pulumi from "@pulumi/pulumi";

/**
 * The Organization units' accounts the app found: its `memberAccounts` output (stacks/index.ts), which may still
 * be an Output under the mocks. None when the app has no such output (members mode, or no accounts).
 */
export async function unitAccountsOf(outputs: Record<string, unknown>): Promise<MemberAccountRef[]> {
  const value = outputs.memberAccounts;
  const resolved = pulumi.Output.isInstance(value)
    ? await new Promise<unknown>((resolve) => value.apply(resolve))
    : value;
  return Array.isArray(resolved) ? (resolved as MemberAccountRef[]) : [];
}
