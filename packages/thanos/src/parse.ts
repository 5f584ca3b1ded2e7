import type { z } from "zod";
import { InvalidDocumentError } from "./errors.js";
import type { MarkerFile } from "./layout.js";
import {
  type DeletionMark,
  deletionMarkSchema,
  type NoCompactMark,
  type NoDownsampleMark,
  noCompactMarkSchema,
  noDownsampleMarkSchema,
} from "./markers.js";
import { type BlockMeta, blockMetaSchema } from "./meta.js";

/** A parsed document, or why it is not one. Never throws: bad bytes are data. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: InvalidDocumentError };

function parseWith<T>(schema: z.ZodType<T>, name: string, text: string): Parsed<T> {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    return { ok: false, error: new InvalidDocumentError(name, "not JSON", { cause }) };
  }
  const result = schema.safeParse(json);
  if (result.success) return { ok: true, value: result.data };
  const problems = result.error.issues
    .slice(0, 3)
    .map((i) => `${i.path.join(".") || "(root)"} ${i.message}`)
    .join("; ");
  return { ok: false, error: new InvalidDocumentError(name, problems, { cause: result.error }) };
}

/** Parses and validates a meta.json body. */
export function parseBlockMeta(text: string, name = "meta.json"): Parsed<BlockMeta> {
  return parseWith(blockMetaSchema, name, text);
}

/** The markers by file name, parsed and validated. */
export interface Markers {
  "deletion-mark.json": DeletionMark;
  "no-compact-mark.json": NoCompactMark;
  "no-downsample-mark.json": NoDownsampleMark;
}

const MARKER_SCHEMAS: { [F in MarkerFile]: z.ZodType<Markers[F]> } = {
  "deletion-mark.json": deletionMarkSchema,
  "no-compact-mark.json": noCompactMarkSchema,
  "no-downsample-mark.json": noDownsampleMarkSchema,
};

/** Parses and validates one marker file body. */
export function parseMarker<F extends MarkerFile>(file: F, text: string): Parsed<Markers[F]> {
  return parseWith(MARKER_SCHEMAS[file] as z.ZodType<Markers[F]>, file, text);
}
