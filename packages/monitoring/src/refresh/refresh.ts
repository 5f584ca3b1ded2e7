import { activeMembers, type MemberAccountRef, type OrganizationAccount } from "../accounts.js";
import type { RenderedTree } from "../render-all.js";
import { configVersion, contentVersionOf, refreshedVersion } from "../version.js";
import { type RenderInput, renderFromInput } from "./render-input.js";

/** What the units' accounts now make of the current version: the same tree, or a new one. */
export type DiscoveryRefresh =
  | { readonly kind: "unchanged"; readonly version: string; readonly members: MemberAccountRef[] }
  | {
      readonly kind: "changed";
      readonly version: string;
      readonly files: RenderedTree;
      readonly members: MemberAccountRef[];
    };

/**
 * Renders the current version's input again with the accounts the units hold now (ACTIVE only, the home
 * account left out, by id: {@link activeMembers}), and names the tree by its content ({@link refreshedVersion}).
 * Only the accounts differ from the input's render, so only the Prometheus configs' discovery can change; the
 * same accounts in any order give the same version, and the content of the tree the current pointer names
 * (deployed or refreshed) means "unchanged".
 */
export function refreshDiscovery(
  input: RenderInput,
  currentVersion: string,
  unitAccounts: readonly OrganizationAccount[],
): DiscoveryRefresh {
  const members = activeMembers(unitAccounts, input.options.homeAccountId);
  const files = renderFromInput(input, members);
  if (configVersion(files) === contentVersionOf(currentVersion))
    return { kind: "unchanged", version: currentVersion, members };
  return { kind: "changed", version: refreshedVersion(files), files, members };
}
