import { describe, expect, it } from "vitest";
import { joinWords, quoteList, renderPath, show, withSuggestion } from "../../packages/config/src/text.js";

describe("renderPath", () => {
  it.each<[PropertyKey[], string]>([
    [[], "config"],
    [["homeRegion"], "homeRegion"],
    [["scrapeGroups", 0, "replicas"], "scrapeGroups[0].replicas"],
    [["stages", "production", "thanos", "retention", "raw"], "stages.production.thanos.retention.raw"],
    [["stages", "pr-12", "tagPrefix"], 'stages["pr-12"].tagPrefix'],
    [["scrapeGroups", 0, "selector", "tags", ""], 'scrapeGroups[0].selector.tags[""]'],
  ])("renders %j as %s", (path, rendered) => {
    expect(renderPath(path)).toBe(rendered);
  });
});

describe("show", () => {
  it.each<[unknown, string]>([
    [undefined, "nothing"],
    [null, "null"],
    [0, "0"],
    [false, "false"],
    ["us-east1", '"us-east1"'],
    [[], "[]"],
    [["subnet-1"], '["subnet-1"]'],
    [{ kind: "s3", "a-b": 1 }, '{ kind: "s3", "a-b": 1 }'],
    ["x".repeat(100), `"${"x".repeat(76)}...`],
  ])("shows %j as %s", (value, shown) => {
    expect(show(value)).toBe(shown);
  });
});

describe("lists", () => {
  it.each<[string[], string]>([
    [[], ""],
    [["a"], "a"],
    [["a", "b"], "a or b"],
    [["a", "b", "c"], "a, b or c"],
  ])("joins %j as %j", (words, joined) => {
    expect(joinWords(words)).toBe(joined);
  });

  it("quotes values and takes a conjunction", () => {
    expect(quoteList(["private", "public"])).toBe('"private" or "public"');
    expect(quoteList(["#", "*"], "and")).toBe('"#" and "*"');
  });

  it("adds a did-you-mean only with a suggestion", () => {
    expect(withSuggestion("unknown key", "name")).toBe('unknown key; did you mean "name"?');
    expect(withSuggestion("unknown key", undefined)).toBe("unknown key");
  });
});
