import { InvalidUlidError, isUlid, makeUlid, ulidTimeMs, ulidTimePrefix } from "@fleetwatch/thanos";
import { describe, expect, it } from "vitest";

describe("ulid", () => {
  it.each([
    ["01JZ8Q5ABCDEFGHJKMNPQRSTVW", true],
    ["01jz8q5abcdefghjkmnpqrstvw", false],
    ["01JZ8Q5ABCDEFGHJKMNPQRSTV", false],
    ["81JZ8Q5ABCDEFGHJKMNPQRSTVW", false],
    ["01JZ8Q5ABCDEFGHJKMNPQRSTVI", false],
    ["debug", false],
  ])("isUlid(%s) is %s", (value, expected) => {
    expect(isUlid(value)).toBe(expected);
  });

  it.each([["2026-11-20T12:00:00.000Z"], ["1970-01-01T00:00:00.001Z"], ["2016-07-30T23:54:10.259Z"]])(
    "round-trips the time %s",
    (iso) => {
      const ms = Date.parse(iso);
      expect(ulidTimeMs(makeUlid(ms))).toBe(ms);
    },
  );

  it("decodes the reference ULID of the spec", () => {
    // From the ULID spec: 01ARZ3NDEK encodes 1469922850259.
    expect(ulidTimeMs("01ARZ3NDEKTSV4RRFFQ69G5FAV")).toBe(1_469_922_850_259);
    expect(ulidTimePrefix(1_469_922_850_259)).toBe("01ARZ3NDEK");
  });

  it("orders ULIDs by time as strings", () => {
    expect(makeUlid(1000) < makeUlid(2000)).toBe(true);
  });

  it("throws InvalidUlidError on a non-ULID", () => {
    expect(() => ulidTimeMs("nope")).toThrow(InvalidUlidError);
  });
});
