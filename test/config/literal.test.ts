import { describe, expect, it } from "vitest";
import { toLiteral } from "../../packages/config/src/literal.js";

describe("toLiteral", () => {
  it.each<[unknown, string]>([
    ["30d", '"30d"'],
    [2, "2"],
    [true, "true"],
    [[], "[]"],
    [{}, "{}"],
    [[{ name: "default" }], '[{ name: "default" }]'],
    [{ cpu: "1 vCPU", memory: "4 GB" }, '{ cpu: "1 vCPU", memory: "4 GB" }'],
    [{ "team:name": "a", skipped: undefined }, '{ "team:name": "a" }'],
  ])("writes %j as %s", (value, literal) => {
    expect(toLiteral(value)).toBe(literal);
  });
});
