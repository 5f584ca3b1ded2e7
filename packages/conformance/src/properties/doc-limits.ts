/**
 * Limits stated in prose by CloudFormation's registry documentation. The schemas that `@aws-cdk/aws-service-spec`
 * ships carry no pattern or length fields, but their documentation text states limits in a few recurring phrases
 * ("Up to 255 characters", "can have a maximum of 32 characters", "Valid characters: a-z, A-Z, 0-9, ...",
 * "Values must be from 0 to 43,200 seconds"). This module reads only those phrases; anything else, and any limit
 * the text states twice with different values (usually a limit per case: "for HTTP the range is 200-499"), is left
 * unread rather than guessed.
 */

/** One limit and the doc phrase it was read from. */
export interface Limit<T> {
  value: T;
  phrase: string;
}

/** The characters a string may hold: single characters and inclusive ranges such as `a-z`. */
export interface Charset {
  chars: string;
  ranges: ReadonlyArray<readonly [string, string]>;
}

export interface DocLimits {
  minLength?: Limit<number>;
  maxLength?: Limit<number>;
  charset?: Limit<Charset>;
  minimum?: Limit<number>;
  maximum?: Limit<number>;
}

const N = String.raw`(-?\d[\d,]*)`;
/** A unit and an aside between a number and the next word: "1,024 bytes (1 KiB)", "60 (1 minute)". */
const UNIT = String.raw`(?:\s+(?:seconds?|bytes|days?|GiB|MiB|MB|retries))?(?:\s*\([^)]*\))?`;
const TO = String.raw`\s*(?:to|and|through|-)\s*`;

const RANGES: readonly RegExp[] = [
  new RegExp(String.raw`\bvalues? must be (?:from|between) ${N}${UNIT}${TO}${N}`, "gi"),
  new RegExp(
    String.raw`\b(?:can|may) specify (?:an integer(?: value)? |any whole number |a value )?(?:of|from|between) ${N}${UNIT}${TO}${N}`,
    "gi",
  ),
  new RegExp(
    String.raw`\b(?:must|can) be (?:an integer|any whole number) (?:from|between) ${N}${UNIT}${TO}${N}`,
    "gi",
  ),
  new RegExp(String.raw`\bthe (?:valid )?range is ${N}${UNIT}${TO}${N}`, "gi"),
  new RegExp(String.raw`\bvalid values are (?:integers )?(?:between |from )?${N}${TO}${N}`, "gi"),
];
const MINIMA: readonly RegExp[] = [
  new RegExp(String.raw`\bminimum (?:supported |allowed )?value is ${N}`, "gi"),
];
const MAXIMA: readonly RegExp[] = [
  new RegExp(String.raw`\bmaximum (?:supported |allowed )?value is ${N}`, "gi"),
];

const MAX_LENGTHS: readonly RegExp[] = [
  new RegExp(String.raw`\bup to ${N} (?:characters|chars)\b`, "gi"),
  new RegExp(
    String.raw`\bmaximum (?:length |size )?(?:of (?:the|each) string )?(?:of|is) ${N} characters`,
    "gi",
  ),
  new RegExp(String.raw`\b(?:can't|cannot) (?:be longer than|exceed) ${N} characters`, "gi"),
  new RegExp(
    String.raw`\blength constraints?:\W*(?:minimum length of \d[\d,]*\.\s*)?maximum length of ${N}`,
    "gi",
  ),
];
const MIN_LENGTHS: readonly RegExp[] = [
  new RegExp(String.raw`\blength constraints?:\W*minimum length of ${N}`, "gi"),
];
/** "must be between 1 and 64 characters": both bounds. */
const LENGTH_RANGES: readonly RegExp[] = [
  new RegExp(String.raw`\bmust be (?:between|from) ${N}${TO}${N} characters`, "gi"),
];
/** "Up to 255 letters (uppercase and lowercase), numbers, hyphens, and underscores are allowed." */
const LENGTH_AND_CHARSET = new RegExp(String.raw`\bup to ${N} ([^.]+?) are allowed`, "gi");
const CHARSETS: readonly RegExp[] = [
  /\b(?:valid|allowed) characters(?: are| include)?:?\s+([^\n]+)/gi,
  /\bmust contain only (.+?)(?=,? (?:and )?must\b|;|\.\s|\.$|\n|$)/gi,
];

function num(text: string): number {
  return Number(text.replace(/,/g, ""));
}

/** The doc text with backticks gone and dashes made plain, so one phrase has one spelling. */
function normalize(doc: string): string {
  return doc.replace(/`/g, "").replace(/[\u2013\u2014]/g, "-");
}

type Candidates<T> = Array<Limit<T>>;

/** The sentence of `text` around a match: the phrase a problem quotes. */
function sentenceOf(text: string, m: RegExpMatchArray): string {
  const at = m.index ?? 0;
  const before = text.slice(0, at);
  let start = before.lastIndexOf("\n") + 1;
  for (const stop of before.matchAll(/\.\s+/g)) start = Math.max(start, (stop.index ?? 0) + stop[0].length);
  const after = text.slice(at + m[0].length);
  const end = after.search(/\.\s|\.$|\n/);
  return text
    .slice(start, at + m[0].length + (end < 0 ? after.length : end + 1))
    .replace(/\s+/g, " ")
    .trim();
}

function collect(
  text: string,
  patterns: readonly RegExp[],
  read: (m: RegExpMatchArray) => number,
): Candidates<number> {
  const found: Candidates<number> = [];
  for (const re of patterns)
    for (const m of text.matchAll(re)) found.push({ value: read(m), phrase: sentenceOf(text, m) });
  return found;
}

/** The one value the candidates agree on; none when they are absent or disagree. */
function agreed<T>(candidates: Candidates<T>, same: (a: T, b: T) => boolean): Limit<T> | undefined {
  const first = candidates[0];
  if (!first) return undefined;
  return candidates.every((c) => same(c.value, first.value)) ? first : undefined;
}

const eq = (a: number, b: number) => a === b;

/** The words the docs use for groups of characters. */
const WORDS: Record<string, Charset> = {
  space: { chars: " ", ranges: [] },
  spaces: { chars: " ", ranges: [] },
  letters: {
    chars: "",
    ranges: [
      ["a", "z"],
      ["A", "Z"],
    ],
  },
  "lowercase letters": { chars: "", ranges: [["a", "z"]] },
  "uppercase letters": { chars: "", ranges: [["A", "Z"]] },
  numbers: { chars: "", ranges: [["0", "9"]] },
  digits: { chars: "", ranges: [["0", "9"]] },
  "ascii letters": {
    chars: "",
    ranges: [
      ["a", "z"],
      ["A", "Z"],
    ],
  },
  alphanumerics: {
    chars: "",
    ranges: [
      ["a", "z"],
      ["A", "Z"],
      ["0", "9"],
    ],
  },
  "alphanumeric characters": {
    chars: "",
    ranges: [
      ["a", "z"],
      ["A", "Z"],
      ["0", "9"],
    ],
  },
  hyphen: { chars: "-", ranges: [] },
  hyphens: { chars: "-", ranges: [] },
  dash: { chars: "-", ranges: [] },
  dashes: { chars: "-", ranges: [] },
  underscore: { chars: "_", ranges: [] },
  underscores: { chars: "_", ranges: [] },
  period: { chars: ".", ranges: [] },
  periods: { chars: ".", ranges: [] },
};

/** Splits "a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*" at commas and "and"/"or" outside parentheses. */
function splitItems(list: string): string[] | undefined {
  const items: string[] = [];
  let depth = 0;
  let current = "";
  for (let i = 0; i < list.length; i++) {
    const ch = list[i] as string;
    if (ch === "(") depth++;
    if (ch === ")") depth--;
    const rest = list.slice(i);
    const sep = depth === 0 ? /^(?:,\s+(?:and\s+|or\s+)?|\s+(?:and|or)\s+)/.exec(rest) : null;
    if (sep) {
      items.push(current);
      current = "";
      i += sep[0].length - 1;
    } else current += ch;
  }
  items.push(current);
  if (depth !== 0) return undefined;
  return items.map((s) => s.trim()).filter((s) => s.length > 0);
}

/** One item of a character list, or undefined when it is not one the parser knows. */
function readItem(item: string): Charset | undefined {
  const range = /^([a-zA-Z0-9])-([a-zA-Z0-9])$/.exec(item);
  if (range) return { chars: "", ranges: [[range[1] as string, range[2] as string]] };
  if (/^[^\sa-zA-Z0-9]+$/.test(item)) return { chars: item, ranges: [] };
  const words = item
    .toLowerCase()
    .replace(/^(?:an?|the) /, "")
    .replace(/^ascii /, "")
    .replace(/ \(uppercase and lowercase\)$/, "");
  const named = /^([a-z ]+?)(?: \((\S)\))?$/.exec(words);
  if (!named) return undefined;
  const known = WORDS[named[1] as string];
  if (known && (named[2] === undefined || known.chars === named[2])) return known;
  return undefined;
}

/** Reads a character list such as "a-z, A-Z, 0-9, spaces, and ._-:/()#,@[]+=&;{}!$*". */
export function parseCharList(list: string): Charset | undefined {
  let text = list.trim();
  const sentenceEnd = /\.\s+(?=[A-Z])/.exec(text);
  if (sentenceEnd) text = text.slice(0, sentenceEnd.index);
  // A sentence's full stop, not a listed character, when it follows a word or a parenthesis.
  if (/[a-zA-Z0-9)]\.$/.test(text)) text = text.slice(0, -1);
  const items = splitItems(text);
  if (!items || items.length === 0) return undefined;
  const chars: string[] = [];
  const ranges: Array<readonly [string, string]> = [];
  for (const item of items) {
    const read = readItem(item);
    if (!read) return undefined;
    chars.push(read.chars);
    ranges.push(...read.ranges);
  }
  return { chars: [...new Set(chars.join(""))].join(""), ranges };
}

const sameCharset = (a: Charset, b: Charset) => charsetKey(a) === charsetKey(b);
function charsetKey(c: Charset): string {
  return `${[...c.chars].sort().join("")}|${c.ranges
    .map((r) => r.join("-"))
    .sort()
    .join(",")}`;
}

/** The characters of `value` the charset does not allow, each once, in order of appearance. */
export function disallowedChars(value: string, charset: Charset): string[] {
  const bad = new Set<string>();
  for (const ch of value) {
    const ok = charset.chars.includes(ch) || charset.ranges.some(([lo, hi]) => ch >= lo && ch <= hi);
    if (!ok) bad.add(ch);
  }
  return [...bad];
}

/** The limits a property's documentation states in the phrases this module knows. */
export function parseDocLimits(doc: string | undefined): DocLimits {
  if (!doc) return {};
  const text = normalize(doc);
  const minima = collect(text, MINIMA, (m) => num(m[1] as string));
  const maxima = collect(text, MAXIMA, (m) => num(m[1] as string));
  for (const re of RANGES)
    for (const m of text.matchAll(re)) {
      minima.push({ value: num(m[1] as string), phrase: sentenceOf(text, m) });
      maxima.push({ value: num(m[2] as string), phrase: sentenceOf(text, m) });
    }
  const minLengths = collect(text, MIN_LENGTHS, (m) => num(m[1] as string));
  const maxLengths = collect(text, MAX_LENGTHS, (m) => num(m[1] as string));
  for (const re of LENGTH_RANGES)
    for (const m of text.matchAll(re)) {
      minLengths.push({ value: num(m[1] as string), phrase: sentenceOf(text, m) });
      maxLengths.push({ value: num(m[2] as string), phrase: sentenceOf(text, m) });
    }
  const charsets: Candidates<Charset> = [];
  for (const m of text.matchAll(LENGTH_AND_CHARSET)) {
    maxLengths.push({ value: num(m[1] as string), phrase: sentenceOf(text, m) });
    const charset = parseCharList(m[2] as string);
    if (charset) charsets.push({ value: charset, phrase: sentenceOf(text, m) });
  }
  for (const re of CHARSETS)
    for (const m of text.matchAll(re)) {
      const charset = parseCharList(m[1] as string);
      if (charset) charsets.push({ value: charset, phrase: m[0].trim() });
    }
  const limits: DocLimits = {};
  // A range is read as a pair: when either end disagrees, neither is sure.
  let minimum = agreed(minima, eq);
  let maximum = agreed(maxima, eq);
  if ((minima.length > 0 && !minimum) || (maxima.length > 0 && !maximum)) minimum = maximum = undefined;
  let minLength = agreed(minLengths, eq);
  let maxLength = agreed(maxLengths, eq);
  if ((minLengths.length > 0 && !minLength) || (maxLengths.length > 0 && !maxLength))
    minLength = maxLength = undefined;
  const charset = agreed(charsets, sameCharset);
  if (minimum) limits.minimum = minimum;
  if (maximum) limits.maximum = maximum;
  if (minLength) limits.minLength = minLength;
  if (maxLength) limits.maxLength = maxLength;
  if (charset) limits.charset = charset;
  return limits;
}
