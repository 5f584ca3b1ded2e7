import type { z } from "zod";

/** A status file read back: its value, or why it could not be used (one line naming the key and what comes next). */
export type StatusRead<T> = { ok: true; value: T } | { ok: false; error: string };

/**
 * Parses the text of a status file of the state bucket against its schema; bad JSON or a shape the schema refuses
 * is an error naming `key` and the writer that rewrites it (`next`), never a throw.
 */
export function parseStatusText<S extends z.ZodType>(
  schema: S,
  text: string,
  key: string,
  next: string,
): StatusRead<z.output<S>> {
  const invalid = (why: string) => `${key} is not a valid status (${why}); ${next}`;
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    return { ok: false, error: invalid(`not JSON (${(error as Error).message})`) };
  }
  const parsed = schema.safeParse(json);
  if (parsed.success) return { ok: true, value: parsed.data };
  const issues = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
  return { ok: false, error: invalid(issues) };
}
