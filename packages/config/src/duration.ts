import { InvalidDurationError } from "./errors.js";
import type { Duration } from "./types.js";

const UNIT_MS = {
  s: 1_000,
  m: 60_000,
  h: 3_600_000,
  d: 86_400_000,
  w: 604_800_000,
  y: 31_536_000_000,
} as const;

type Unit = keyof typeof UNIT_MS;

const DURATION = /^(\d+)([smhdwy])$/;

/** Unit words people write instead of Prometheus's one-letter units. */
const UNIT_WORDS: Record<string, Unit> = {
  s: "s",
  sec: "s",
  secs: "s",
  second: "s",
  seconds: "s",
  m: "m",
  min: "m",
  mins: "m",
  minute: "m",
  minutes: "m",
  h: "h",
  hr: "h",
  hrs: "h",
  hour: "h",
  hours: "h",
  d: "d",
  day: "d",
  days: "d",
  w: "w",
  week: "w",
  weeks: "w",
  y: "y",
  year: "y",
  years: "y",
};

/** Whether `text` is a Prometheus duration: a whole number and one of `s`, `m`, `h`, `d`, `w`, `y`. */
export function isDuration(text: string): text is Duration {
  return DURATION.test(text);
}

/**
 * The length of a Prometheus duration in milliseconds (`y` is 365 days, as in Prometheus).
 * @throws InvalidDurationError when `duration` is not a whole number and one unit.
 */
export function durationMs(duration: Duration): number {
  const match = DURATION.exec(duration);
  if (!match) throw new InvalidDurationError(duration);
  const [, amount, unit] = match;
  return Number(amount) * UNIT_MS[unit as Unit];
}

/** The Prometheus spelling of a duration written in words, e.g. `"4 hours"` -> `"4h"`; undefined if unclear. */
export function suggestDuration(text: string): Duration | undefined {
  const match = /^\s*(\d+)\s*([a-z]+)\s*$/i.exec(text);
  const unit = match?.[2] ? UNIT_WORDS[match[2].toLowerCase()] : undefined;
  return match && unit ? `${Number(match[1])}${unit}` : undefined;
}
