const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

/** Whether `key` can be written bare in an object literal or after a dot. */
export function isIdentifier(key: string): boolean {
  return IDENTIFIER.test(key);
}

/** Renders a plain value as a TypeScript literal: `"30d"`, `2`, `[]`, `{ kind: "upstream" }`. */
export function toLiteral(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return value.length === 0 ? "[]" : `[${value.map(toLiteral).join(", ")}]`;
  if (typeof value === "object" && value !== null) {
    const entries = Object.entries(value).filter(([, v]) => v !== undefined);
    if (entries.length === 0) return "{}";
    const body = entries.map(([k, v]) => `${isIdentifier(k) ? k : JSON.stringify(k)}: ${toLiteral(v)}`);
    return `{ ${body.join(", ")} }`;
  }
  return String(value);
}
