import { InvalidUlidError } from "./errors.js";

const CROCKFORD = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
const ULID = /^[0-7][0-9A-HJKMNP-TV-Z]{25}$/;

/** Whether `value` is a canonical (upper-case) ULID, as Thanos names block prefixes. */
export function isUlid(value: string): boolean {
  return ULID.test(value);
}

/** The creation time encoded in a ULID's first 10 characters, in Unix milliseconds. */
export function ulidTimeMs(ulid: string): number {
  if (!isUlid(ulid)) throw new InvalidUlidError(ulid);
  let ms = 0;
  for (const char of ulid.slice(0, 10)) ms = ms * 32 + CROCKFORD.indexOf(char);
  return ms;
}

/** The first 10 ULID characters encoding `ms`: the smallest ULID created at that millisecond is this + 16 zeros. */
export function ulidTimePrefix(ms: number): string {
  let rest = Math.max(0, Math.floor(ms));
  let out = "";
  for (let i = 0; i < 10; i++) {
    out = CROCKFORD.charAt(rest % 32) + out;
    rest = Math.floor(rest / 32);
  }
  return out;
}

/** A ULID for `ms` with randomness from `random` (injected so fixtures are reproducible). */
export function makeUlid(ms: number, random: () => number = Math.random): string {
  let tail = "";
  for (let i = 0; i < 16; i++) tail += CROCKFORD.charAt(Math.floor(random() * 32));
  return ulidTimePrefix(ms) + tail;
}
