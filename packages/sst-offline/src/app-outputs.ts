import type { PlannedResource } from "@fleetwatch/conformance";
import { type MirrorAccess, mirrorBucketPolicy } from "@fleetwatch/members";
import type { MemberAccountRef } from "@fleetwatch/monitoring";
import * as pulumi from "@pulumi/pulumi";

/** An output of the app, which may still be an Output under the mocks, resolved. */
async function outputValue(outputs: Record<string, unknown>, key: string): Promise<unknown> {
  const value = outputs[key];
  return pulumi.Output.isInstance(value)
    ? await new Promise<unknown>((resolve) => value.apply(resolve))
    : value;
}

/**
 * The Organization units' accounts the app found: its `memberAccounts` output (stacks/index.ts). None when the app
 * has no such output (members mode, or no accounts).
 */
export async function unitAccountsOf(outputs: Record<string, unknown>): Promise<MemberAccountRef[]> {
  const resolved = await outputValue(outputs, "memberAccounts");
  return Array.isArray(resolved) ? (resolved as MemberAccountRef[]) : [];
}

/**
 * The statements the node_exporter mirror buckets' policies need: the app's `mirrorAccess` output (stacks/index.ts).
 * None without member accounts or an S3 mirror.
 */
export async function mirrorAccessOf(outputs: Record<string, unknown>): Promise<MirrorAccess[]> {
  const resolved = await outputValue(outputs, "mirrorAccess");
  return Array.isArray(resolved) ? (resolved as MirrorAccess[]) : [];
}

/**
 * The mirror buckets' policies as the conformance checks read a bucket policy, so that their statements are held to
 * the Service Authorization Reference like the plan's own. Named `MirrorAccess-<region>`; nothing deploys them.
 */
export function mirrorAccessResources(accesses: readonly MirrorAccess[]): PlannedResource[] {
  return accesses.map((access) => ({
    type: "aws:s3/bucketPolicy:BucketPolicy",
    name: `MirrorAccess-${access.region}`,
    inputs: { bucket: access.bucket, policy: JSON.stringify(mirrorBucketPolicy(access)) },
    region: access.region,
  }));
}
