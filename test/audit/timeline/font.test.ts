import { Canvas, glyphOf, hasGlyph } from "@fleetwatch/audit";
import { PNG } from "pngjs";
import { describe, expect, it } from "vitest";

/** A glyph drawn as text: `#` for a set pixel, `.` for a clear one, one string per row. */
function art(char: string): string[] {
  return glyphOf(char).map((row) =>
    Array.from({ length: 5 }, (_, col) => (row & (1 << (4 - col)) ? "#" : ".")).join(""),
  );
}

/** The pixels `text` leaves on a white canvas at scale 1, as `#`/`.` rows. */
function drawn(text: string): string[] {
  const canvas = new Canvas(text.length * 6, 8, [255, 255, 255]);
  canvas.text(0, 0, text, [0, 0, 0]);
  const png = PNG.sync.read(canvas.encode());
  return Array.from({ length: 8 }, (_, y) =>
    Array.from({ length: png.width }, (_, x) => (png.data[(png.width * y + x) << 2] === 0 ? "#" : ".")).join(
      "",
    ),
  );
}

describe("the bitmap font", () => {
  it('draws every character of label sets, matchers, dates, titles and URLs: {}="_-.:/()[]<>~!,', () => {
    for (const c of 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789{}="_-.:/()[]<>~!, %+?')
      expect(hasGlyph(c), c).toBe(true);
  });

  it("has lower case of its own, distinct from upper case", () => {
    for (const c of "abcdefghijklmnopqrstuvwxyz")
      expect(glyphOf(c), `${c} vs ${c.toUpperCase()}`).not.toEqual(glyphOf(c.toUpperCase()));
  });

  it.each([
    ["a", [".....", ".....", ".###.", "....#", ".####", "#...#", ".####", "....."]],
    ["g", [".....", ".....", ".####", "#...#", "#...#", ".####", "....#", ".###."]],
    ["{", ["..##.", "..#..", "..#..", "##...", "..#..", "..#..", "..##.", "....."]],
    ["}", [".##..", "..#..", "..#..", "...##", "..#..", "..#..", ".##..", "....."]],
  ])("draws %s as designed", (char, rows) => {
    expect(art(char)).toEqual(rows);
  });

  it("draws braces and brackets apart from parentheses", () => {
    const shapes = ["{", "}", "(", ")", "[", "]", "<", ">"].map((c) => art(c).join("/"));
    expect(new Set(shapes).size).toBe(shapes.length);
  });

  it("draws an unknown character as ?", () => {
    expect(glyphOf("§")).toEqual(glyphOf("?"));
    expect(hasGlyph("toString")).toBe(false);
  });

  it("keeps every glyph 8 rows of 5 bits, descenders below the baseline", () => {
    expect(glyphOf("g").at(-1)).not.toBe(0);
    for (const c of "AZaz09{}[]~§") {
      expect(glyphOf(c)).toHaveLength(8);
      for (const row of glyphOf(c)) expect(row).toBeLessThan(32);
    }
  });
});

describe("Canvas.text", () => {
  it("draws text as given: a lower-case label value is not its upper case, and is its glyphs", () => {
    const value = 'job="payments"';
    expect(drawn(value)).not.toEqual(drawn(value.toUpperCase()));
    const glyphs = art("p").map((row, y) => `${row}.${art("a")[y]}.`);
    expect(drawn("pa")).toEqual(glyphs);
  });
});
