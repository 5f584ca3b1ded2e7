import { isPlainObject } from "./object.js";

/**
 * Merges a stage override over the base settings: objects merge key by key; arrays and other values replace
 * the base's whole. An object whose `kind` changes (the node_exporter source) is replaced whole as well, since
 * its other keys belong to the old kind.
 */
export function mergeOverride(base: unknown, override: unknown): unknown {
  if (override === undefined) return base;
  if (!isPlainObject(base) || !isPlainObject(override)) return override;
  if ("kind" in base && "kind" in override && base.kind !== override.kind) return override;
  const merged: Record<string, unknown> = { ...base };
  for (const [key, value] of Object.entries(override)) merged[key] = mergeOverride(base[key], value);
  return merged;
}
