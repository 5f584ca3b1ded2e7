import type { ResolvedConfig } from "@fleetwatch/config";
import type { Problem } from "@fleetwatch/conformance";

/**
 * Required calls the plan denies today, each with the fix it waits for. Once a fix merges, its entry goes and
 * the real-plan tests expect no denial at all.
 */
export const KNOWN_DENIALS: readonly {
  roles: RegExp;
  action: string;
  resource: RegExp;
  /** Only for configs where this holds. */
  when?: (config: ResolvedConfig) => boolean;
  why: string;
}[] = [];

/** `role action resource-kind` of each denial, sorted: what the tests compare. */
export function denialKeys(problems: readonly Problem[]): string[] {
  return problems
    .filter((p) => p.rule === "iam-simulate-call-denied")
    .map((p) => {
      const [, action, resource] = / is \w+ (\S+) on (\S+)/.exec(p.message) ?? [];
      return `${p.resource} ${action} ${resource}`;
    })
    .sort();
}

/** Whether every denial is a known one, and every known one (for this config) occurs. */
export function matchKnown(problems: readonly Problem[], config: ResolvedConfig) {
  const denials = denialKeys(problems);
  const known = KNOWN_DENIALS.filter((k) => k.when?.(config) ?? true);
  const unknown = denials.filter((d) => {
    const [role = "", action, resource = ""] = d.split(" ");
    return !known.some((k) => k.roles.test(role) && k.action === action && k.resource.test(resource));
  });
  const missing = known
    .filter((k) => !denials.some((d) => d.split(" ")[1] === k.action))
    .map((k) => `${k.action} (${k.why})`);
  return { denials, unknown, missing };
}
