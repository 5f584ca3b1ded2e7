import { glyphOf, hasGlyph } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";

describe("the bitmap font", () => {
  it("draws every character of label sets, dates and titles", () => {
    for (const c of 'abcdefghijklmnopqrstuvwxyz0123456789{}="_-:/.,() %+?') expect(hasGlyph(c), c).toBe(true);
  });

  it("draws an unknown character as ?", () => {
    expect(glyphOf("§")).toEqual(glyphOf("?"));
  });

  it("keeps every glyph 7 rows of 5 bits", () => {
    for (const c of "AZ09{}") {
      expect(glyphOf(c)).toHaveLength(7);
      for (const row of glyphOf(c)) expect(row).toBeLessThan(32);
    }
  });
});
