/** An object written as `{ ... }` (not an array, a class instance or null). */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const prototype = Object.getPrototypeOf(value);
  return prototype === Object.prototype || prototype === null;
}

/** The value under `key` in an object or array, or undefined. */
export function valueAt(container: unknown, key: PropertyKey): unknown {
  if (Array.isArray(container)) return typeof key === "number" ? container[key] : undefined;
  return isPlainObject(container) && typeof key === "string" ? container[key] : undefined;
}
