import type { z } from "zod";
import { closest } from "./did-you-mean.js";
import { valueAt } from "./object.js";
import { type Fix, fixOf } from "./rule.js";
import { allowedKeys } from "./shape.js";
import { joinWords, quoteList, show, withSuggestion } from "./text.js";

/** A problem with the key path it was found at, relative to the validated value. */
export interface LocatedProblem {
  readonly path: readonly PropertyKey[];
  readonly message: string;
  readonly fix: Fix;
}

/**
 * Turns zod's issues into problems that say what is wrong and how to fix it. Rules of the schema carry their
 * own wording; zod's structural issues (unknown keys, wrong types, bad discriminators) get theirs here.
 */
export function problemsOf(error: z.ZodError, schema: z.ZodType, input: unknown): LocatedProblem[] {
  return error.issues.flatMap((issue) => describeIssue(issue, schema, input));
}

function describeIssue(issue: z.core.$ZodIssue, schema: z.ZodType, input: unknown): LocatedProblem[] {
  const { path } = issue;
  switch (issue.code) {
    case "custom":
      return [{ path, message: issue.message, fix: fixOf(issue) ?? seeReference }];
    case "unrecognized_keys": {
      const allowed = allowedKeys(schema, path, input) ?? [];
      return issue.keys.map((key) => ({ path: [...path, key], ...unknownKey(key, allowed) }));
    }
    case "invalid_type":
      return [{ path, ...wrongType(issue.expected, issue.input) }];
    case "invalid_value":
      return [{ path, ...notOneOf(issue.values, issue.input) }];
    case "invalid_union":
      if (issue.discriminator !== undefined && "options" in issue) {
        return [{ path, ...notOneOf(issue.options ?? [], valueAt(issue.input, issue.discriminator)) }];
      }
      return [{ path, message: `${issue.message}, got ${show(issue.input)}`, fix: seeReference }];
    default:
      return [{ path, message: `${issue.message}, got ${show(issue.input)}`, fix: seeReference }];
  }
}

const seeReference: Fix = (at) => `see ${at} in the configuration reference (docs/configuration.md)`;

function unknownKey(key: string, allowed: readonly string[]): Omit<LocatedProblem, "path"> {
  const near = closest(key, allowed);
  return {
    message: withSuggestion(`unknown key ${JSON.stringify(key)}`, near),
    fix: near
      ? () => `rename it to ${JSON.stringify(near)}`
      : () => `remove it; the keys allowed here are ${joinWords(allowed, "and")}`,
  };
}

const NOUNS: Record<string, string> = {
  string: "a string",
  number: "a number",
  int: "an integer",
  boolean: "true or false",
  object: "an object",
  record: "an object",
  array: "a list",
};

function wrongType(expected: string, value: unknown): Omit<LocatedProblem, "path"> {
  const noun = NOUNS[expected] ?? expected;
  if (value === undefined)
    return { message: "is required, got nothing", fix: (at) => `set ${at} to ${noun}` };
  const unquoted =
    typeof value === "string" &&
    ((expected === "number" && value.trim() !== "" && Number.isFinite(Number(value))) ||
      (expected === "boolean" && (value === "true" || value === "false")));
  return {
    message: `must be ${noun}, got ${show(value)}`,
    fix: unquoted
      ? (at) => `set ${at} to ${value.trim()}, without quotes`
      : expected === "array"
        ? (at) => `set ${at} to a list, e.g. [${show(value)}]`
        : (at) => `set ${at} to ${noun}`,
  };
}

function notOneOf(values: readonly unknown[], value: unknown): Omit<LocatedProblem, "path"> {
  const words = values.filter((v): v is string => typeof v === "string");
  const near = typeof value === "string" ? closest(value, words) : undefined;
  return {
    message: withSuggestion(`must be ${quoteList(values)}, got ${show(value)}`, near),
    fix: near ? (at) => `set ${at} to ${JSON.stringify(near)}` : (at) => `set ${at} to one of those`,
  };
}
