import { unwrapSecrets } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";

const secret = (value: unknown) => ({
  "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270",
  value,
});

describe("unwrapSecrets", () => {
  it.each([
    ["a plain value", "x", "x"],
    ["a top-level secret", secret("hunter2"), "hunter2"],
    [
      "secrets nested in objects and arrays",
      { a: [secret(1), { b: secret({ c: secret("d") }) }] },
      { a: [1, { b: { c: "d" } }] },
    ],
    ["null", null, null],
  ])("returns %s unwrapped", (_name, input, expected) => {
    expect(unwrapSecrets(input)).toEqual(expected);
  });

  it("leaves objects that only look similar alone", () => {
    expect(unwrapSecrets({ "4dabf18193072939515e22adb298388d": "other", value: 1 })).toEqual({
      "4dabf18193072939515e22adb298388d": "other",
      value: 1,
    });
  });
});
