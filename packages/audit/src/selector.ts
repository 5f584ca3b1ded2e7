import { InvalidSelectorError } from "./errors.js";

/** The match operators of PromQL label matchers. */
export const MATCH_OPERATORS = ["=", "!=", "=~", "!~"] as const;
export type MatchOperator = (typeof MATCH_OPERATORS)[number];

/** One `name<op>"value"` of a selector. */
export interface LabelMatcher {
  name: string;
  op: MatchOperator;
  value: string;
}

const NAME = /[a-zA-Z_][a-zA-Z0-9_]*/y;
const ESCAPES: Record<string, string> = { n: "\n", t: "\t", r: "\r", "\\": "\\", '"': '"', "'": "'" };

/**
 * Parses a PromQL-style matcher list, with or without braces: `{a="x", b!="y", c=~"z.*", d!~'w'}`. Values are
 * quoted (double or single quotes with `\` escapes, or backticks raw); `{}` or "" select everything. Regular
 * expressions are anchored at both ends, as in PromQL.
 * @throws InvalidSelectorError saying what was expected where.
 */
export function parseSelector(text: string): LabelMatcher[] {
  let i = 0;
  const fail = (what: string): never => {
    throw new InvalidSelectorError(text, `${what} at position ${i + 1}`);
  };
  const skip = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i++;
  };
  skip();
  const braced = text[i] === "{";
  if (braced) i++;
  const matchers: LabelMatcher[] = [];
  for (;;) {
    skip();
    if (i >= text.length || text[i] === "}") break;
    NAME.lastIndex = i;
    const name = NAME.exec(text)?.[0] ?? fail("expected a label name");
    i += name.length;
    skip();
    const op =
      (["=~", "!~", "!=", "="] as const).find((o) => text.startsWith(o, i)) ??
      fail("expected =, !=, =~ or !~");
    i += op.length;
    skip();
    const value = quoted();
    if (op === "=~" || op === "!~") checkRegex(value);
    matchers.push({ name, op, value });
    skip();
    if (text[i] === ",") i++;
    else if (i < text.length && text[i] !== "}") fail('expected "," or the end');
  }
  if (braced && text[i] !== "}") fail('expected "}"');
  if (text[i] === "}") {
    if (!braced) fail('unexpected "}"');
    i++;
  }
  skip();
  if (i < text.length) fail("unexpected text after the selector");
  return matchers;

  function checkRegex(value: string) {
    try {
      regexOf(value);
    } catch (error) {
      throw new InvalidSelectorError(text, `invalid regular expression ${JSON.stringify(value)}`, {
        cause: error,
      });
    }
  }

  function quoted(): string {
    const quote = text[i];
    if (quote !== '"' && quote !== "'" && quote !== "`") return fail("expected a quoted value");
    const start = i;
    i++;
    let value = "";
    while (i < text.length && text[i] !== quote) {
      const c = text[i] as string;
      if (c === "\\" && quote !== "`") {
        const escaped = ESCAPES[text[i + 1] ?? ""];
        if (escaped === undefined) fail("unknown escape in a value");
        value += escaped;
        i += 2;
      } else {
        value += c;
        i++;
      }
    }
    if (i >= text.length) {
      i = start;
      fail("unterminated value");
    }
    i++;
    return value;
  }
}

const compiled = new Map<string, RegExp>();

/** The anchored RegExp of a matcher value (`.` matches newlines, as in Prometheus); throws SyntaxError. */
function regexOf(value: string): RegExp {
  let re = compiled.get(value);
  if (!re) {
    re = new RegExp(`^(?:${value})$`, "s");
    compiled.set(value, re);
  }
  return re;
}

function matches(matcher: LabelMatcher, actual: string): boolean {
  if (matcher.op === "=") return actual === matcher.value;
  if (matcher.op === "!=") return actual !== matcher.value;
  const hit = regexOf(matcher.value).test(actual);
  return matcher.op === "=~" ? hit : !hit;
}

/**
 * Whether labels satisfy every matcher. A missing label reads as "", as in PromQL: `{a=""}` selects label sets
 * without `a`, `{a!=""}` those with it.
 */
export function matchesSelector(
  labels: Readonly<Record<string, string>>,
  matchers: readonly LabelMatcher[],
): boolean {
  return matchers.every((m) => matches(m, labels[m.name] ?? ""));
}
