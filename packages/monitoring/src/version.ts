import { createHash } from "node:crypto";

/**
 * The content version of a rendered tree: a hash of every path and its contents, 16 hex characters. The one
 * owner of how versions are named: the deploy (stacks/monitoring/config-delivery.ts) names its trees by it, and
 * the discovery refresh by {@link refreshedVersion} of it.
 */
export function configVersion(files: Readonly<Record<string, string>>): string {
  const hash = createHash("sha256");
  for (const path of Object.keys(files).sort()) hash.update(`${path}\0${files[path]}\0`);
  return hash.digest("hex").slice(0, 16);
}

/** What a version the discovery refresh wrote ends with. */
export const REFRESHED_SUFFIX = "-refreshed";

/**
 * The version the discovery refresh gives a tree: its content version with {@link REFRESHED_SUFFIX}. Its keys are
 * never keys the deploy owns, so a deploy that replaces a version of the same content (the accounts changed back
 * while it ran) never deletes the objects a refresh just pointed to.
 */
export const refreshedVersion = (files: Readonly<Record<string, string>>): string =>
  `${configVersion(files)}${REFRESHED_SUFFIX}`;

/** The content version a version names, whoever wrote it (the deploy's, or a refresh's without its suffix). */
export const contentVersionOf = (version: string): string =>
  version.endsWith(REFRESHED_SUFFIX) ? version.slice(0, -REFRESHED_SUFFIX.length) : version;
