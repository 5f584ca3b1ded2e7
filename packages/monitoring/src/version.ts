import { createHash } from "node:crypto";

/**
 * The content version of a rendered tree: a hash of every path and its contents, 16 hex characters. The one
 * owner of how versions are named: the deploy (stacks/monitoring/config-delivery.ts) and the discovery refresh
 * both name a tree by it, so the same files get the same version whoever renders them.
 */
export function configVersion(files: Readonly<Record<string, string>>): string {
  const hash = createHash("sha256");
  for (const path of Object.keys(files).sort()) hash.update(`${path}\0${files[path]}\0`);
  return hash.digest("hex").slice(0, 16);
}
