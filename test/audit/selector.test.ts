import { InvalidSelectorError, type LabelMatcher, matchesSelector, parseSelector } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";

describe("parseSelector", () => {
  it.each<[string, LabelMatcher[]]>([
    ["", []],
    ["{}", []],
    [" { } ", []],
    ['{a="x"}', [{ name: "a", op: "=", value: "x" }]],
    ['a="x"', [{ name: "a", op: "=", value: "x" }]],
    [
      `{ a = "x" , b!='y', c=~"z.*", _d!~\`w\\d\`, }`,
      [
        { name: "a", op: "=", value: "x" },
        { name: "b", op: "!=", value: "y" },
        { name: "c", op: "=~", value: "z.*" },
        { name: "_d", op: "!~", value: "w\\d" },
      ],
    ],
    [
      '{a="say \\"hi\\"\\n", b="back\\\\slash", c="a,b}"}',
      [
        { name: "a", op: "=", value: 'say "hi"\n' },
        { name: "b", op: "=", value: "back\\slash" },
        { name: "c", op: "=", value: "a,b}" },
      ],
    ],
  ])("parses %s", (text, matchers) => {
    expect(parseSelector(text)).toEqual(matchers);
  });

  it.each([
    ["{a=x}", "expected a quoted value at position 4"],
    ['{="x"}', "expected a label name at position 2"],
    ['{1a="x"}', "expected a label name at position 2"],
    ['{a=="x"}', "expected a quoted value at position 4"],
    ['{a<"x"}', "expected =, !=, =~ or !~ at position 3"],
    ['{a="x"', 'expected "}" at position 7'],
    ['a="x"}', 'unexpected "}" at position 6'],
    ['{a="x" b="y"}', 'expected "," or the end at position 8'],
    ['{a="x"} junk', "unexpected text after the selector at position 9"],
    ['{a="x}', "unterminated value at position 4"],
    ['{a="\\q"}', "unknown escape in a value"],
    ['{a=~"("}', 'invalid regular expression "("'],
  ])("rejects %s: %s", (text, problem) => {
    expect(() => parseSelector(text)).toThrow(InvalidSelectorError);
    // One line: the selector, then the problem and where.
    expect(() => parseSelector(text)).toThrow(new RegExp(`^selector [^\n]*: ${regexEscape(problem)}`));
  });
});

const regexEscape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

describe("matchesSelector", () => {
  const labels = { fleetwatch_group: "default", prometheus_replica: "1", team: "a,b" };
  it.each<[string, boolean]>([
    ["{}", true],
    ['{fleetwatch_group="default"}', true],
    ['{fleetwatch_group="Default"}', false],
    ['{fleetwatch_group="default",prometheus_replica="0"}', false],
    ['{prometheus_replica!="0"}', true],
    ['{prometheus_replica!="1"}', false],
    ['{fleetwatch_group=~"def.*"}', true],
    // Anchored at both ends, as in PromQL.
    ['{fleetwatch_group=~"fault"}', false],
    ['{fleetwatch_group=~"default|other"}', true],
    ['{fleetwatch_group!~"def.*"}', false],
    ['{team="a,b"}', true],
    // A missing label reads as "".
    ['{missing=""}', true],
    ['{missing!=""}', false],
    ['{team!=""}', true],
    ['{missing=~".*"}', true],
    ['{missing=~".+"}', false],
    ['{missing!~"x"}', true],
  ])("%s -> %s", (selector, expected) => {
    expect(matchesSelector(labels, parseSelector(selector))).toBe(expected);
  });

  it("matches `.` across line breaks, as Prometheus does", () => {
    expect(matchesSelector({ a: "x\ny" }, parseSelector('{a=~"x.y"}'))).toBe(true);
  });
});
