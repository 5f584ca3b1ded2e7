/** An EventBridge event pattern of the kind fleetwatch's rules use: exact values, nested objects. */
export type EventPattern = { [key: string]: readonly (string | number | boolean)[] | EventPattern };

/**
 * Whether EventBridge's rule with `pattern` matches `event`: every key of the pattern must be in the event, an
 * array listing the allowed values, an object matching the event's object at that key. Only the exact-value
 * matching fleetwatch's rules use (no prefix, anything-but, numeric or exists filters).
 */
export function matchesRule(pattern: EventPattern, event: unknown): boolean {
  if (typeof event !== "object" || event === null) return false;
  const fields = event as Record<string, unknown>;
  return Object.entries(pattern).every(([key, want]) => {
    const value = fields[key];
    if (Array.isArray(want)) return want.includes(value as string | number | boolean);
    return matchesRule(want as EventPattern, value);
  });
}
