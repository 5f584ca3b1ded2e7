import { suggestDuration } from "./duration.js";
import type { Rate } from "./types.js";

const RATE = /^(\d+) (minute|hour|day)(s?)$/;

/** What is wrong with an EventBridge Scheduler rate, if anything. */
export type RateProblem =
  | { kind: "format"; suggestion: Rate | undefined }
  | { kind: "zero" }
  | { kind: "plural"; corrected: Rate };

/**
 * Checks an EventBridge Scheduler rate: `"1 minute"`, `"30 minutes"`, `"1 hour"`, `"2 days"`. EventBridge wants
 * a value of at least 1 and the singular unit exactly when the value is 1.
 */
export function rateProblem(text: string): RateProblem | undefined {
  const match = RATE.exec(text);
  if (!match) return { kind: "format", suggestion: suggestRate(text) };
  const [, amount, unit, plural] = match;
  const value = Number(amount);
  if (value < 1) return { kind: "zero" };
  if ((value === 1) !== (plural === ""))
    return { kind: "plural", corrected: formatRate(value, unit as RateUnit) };
  return undefined;
}

/** Whether `text` is a rate EventBridge Scheduler accepts. */
export function isRate(text: string): text is Rate {
  return rateProblem(text) === undefined;
}

type RateUnit = "minute" | "hour" | "day";

const PLURAL = { minute: "minutes", hour: "hours", day: "days" } as const;

function formatRate(value: number, unit: RateUnit): Rate {
  return `${value} ${value === 1 ? unit : PLURAL[unit]}`;
}

/** `"30m"` -> `"30 minutes"`, `"2 hrs"` -> `"2 hours"`; undefined when the text is no recognisable period. */
function suggestRate(text: string): Rate | undefined {
  const duration = suggestDuration(text);
  const match = duration ? /^(\d+)([mhd])$/.exec(duration) : null;
  if (!match) return undefined;
  const unit = ({ m: "minute", h: "hour", d: "day" } as const)[match[2] as "m" | "h" | "d"];
  const value = Number(match[1]);
  return value >= 1 ? formatRate(value, unit) : undefined;
}
