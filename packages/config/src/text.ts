import { isIdentifier, toLiteral } from "./literal.js";

const MAX_SHOWN = 80;

/** Renders a key path the way it is written in code: `scrapeGroups[0].replicas`, `stages["pr-1"].tagPrefix`. */
export function renderPath(path: readonly PropertyKey[]): string {
  let rendered = "";
  for (const key of path) {
    if (typeof key === "number") rendered += `[${key}]`;
    else if (typeof key === "string" && isIdentifier(key)) rendered += rendered ? `.${key}` : key;
    else rendered += `[${JSON.stringify(String(key))}]`;
  }
  return rendered || "config";
}

/** Renders a value found in a config, for a message: `"us-east1"`, `0`, `["subnet-1"]`, `nothing`. */
export function show(value: unknown): string {
  if (value === undefined) return "nothing";
  const literal = toLiteral(value);
  return literal.length > MAX_SHOWN ? `${literal.slice(0, MAX_SHOWN - 3)}...` : literal;
}

/** `"a"`, `"a" or "b"`, `"a", "b" or "c"` (values quoted as literals). */
export function quoteList(values: readonly unknown[], conjunction: "or" | "and" = "or"): string {
  return joinWords(values.map(toLiteral), conjunction);
}

/** `a`, `a or b`, `a, b or c`. */
export function joinWords(words: readonly string[], conjunction: "or" | "and" = "or"): string {
  if (words.length <= 1) return words.join("");
  return `${words.slice(0, -1).join(", ")} ${conjunction} ${words.at(-1)}`;
}

/** Appends `; did you mean "x"?` to a message when there is a suggestion. */
export function withSuggestion(message: string, suggestion: string | undefined): string {
  return suggestion === undefined ? message : `${message}; did you mean ${JSON.stringify(suggestion)}?`;
}
