import type { z } from "zod";

/** How to fix a problem, given the rendered path of the offending key (`scrapeGroups[0].replicas`). */
export type Fix = (at: string) => string;

/** A value that breaks a rule: what is wrong (ending with the value found) and how to fix it. */
export interface Problem {
  readonly message: string;
  readonly fix: Fix;
  /** Where, relative to the value the rule checked; the value itself by default. */
  readonly path?: readonly PropertyKey[];
}

/** A check of a value that has the right type: the problems it has, if any. */
export type Rule<T> = (value: T) => Problem | readonly Problem[] | undefined;

/**
 * Adds a rule to a schema. Its problems become zod issues that carry their fix, and abort checks of enclosing
 * objects (so rules that compare several keys see only values that passed their own rules).
 */
export function refine<S extends z.ZodType>(schema: S, rule: Rule<z.output<S>>): S {
  return schema.superRefine((value, ctx) => {
    const found = rule(value);
    const problems: readonly Problem[] = found === undefined ? [] : "message" in found ? [found] : found;
    for (const problem of problems) {
      ctx.addIssue({
        code: "custom",
        message: problem.message,
        path: [...(problem.path ?? [])],
        params: { fix: problem.fix },
        continue: false,
      });
    }
  });
}

/** The fix a {@link refine} rule attached to a zod issue, if it has one. */
export function fixOf(issue: z.core.$ZodIssue): Fix | undefined {
  const fix: unknown = issue.code === "custom" ? issue.params?.fix : undefined;
  return typeof fix === "function" ? (fix as Fix) : undefined;
}
