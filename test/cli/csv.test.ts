import { csvField, renderColumns, renderCsv } from "@fleetwatch/cli";
import { describe, expect, it } from "vitest";

describe("csvField", () => {
  it.each([
    ["plain", "plain"],
    ["", ""],
    ["a,b", '"a,b"'],
    ['say "hi"', '"say ""hi"""'],
    ["two\nlines", '"two\nlines"'],
    ["cr\r", '"cr\r"'],
    ['{a="x,y"}', '"{a=""x,y""}"'],
  ])("writes %j as %j", (text, field) => {
    expect(csvField(text)).toBe(field);
  });

  it("writes a header row and records, each line ending in a newline", () => {
    expect(
      renderCsv(
        ["A", "B"],
        [
          ["1", "x,y"],
          ["", ""],
        ],
      ),
    ).toBe('A,B\n1,"x,y"\n,\n');
  });
});

describe("renderColumns", () => {
  it("pads columns to their widest cell, two spaces apart, without trailing blanks", () => {
    expect(
      renderColumns(
        ["ID", "NAME", "LABELS"],
        [
          ["1", "long name", "{}"],
          ["22", "", ""],
        ],
      ),
    ).toBe(["ID  NAME       LABELS", "1   long name  {}", "22"].join("\n"));
  });
});
