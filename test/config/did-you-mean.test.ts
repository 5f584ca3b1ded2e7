import { describe, expect, it } from "vitest";
import { closest, editDistance, isNearMiss } from "../../packages/config/src/did-you-mean.js";

describe("editDistance", () => {
  it.each([
    ["", "", 0],
    ["replica", "replicas", 1],
    ["us-east1", "us-east-1", 1],
    ["retension", "retention", 1],
    ["homeRegoin", "homeRegion", 1],
    ["kitten", "sitting", 3],
    ["abc", "", 3],
  ])("counts %j -> %j as %i edits", (a, b, distance) => {
    expect(editDistance(a, b)).toBe(distance);
    expect(editDistance(b, a)).toBe(distance);
  });
});

describe("closest", () => {
  it.each<[string, string[], string | undefined]>([
    ["replica", ["name", "replicas", "regions"], "replicas"],
    ["us-east1", ["us-east-1", "us-east-2"], "us-east-1"],
    ["Europe/berlin", ["Europe/Berlin", "Europe/Bern"], "Europe/Berlin"],
    ["HOMEREGION", ["homeRegion", "regions"], "homeRegion"],
    ["gpu", ["prometheus", "query", "ruler"], undefined],
    ["nat", ["azs", "layout"], undefined],
    ["regoins", ["regions", "region"], "regions"],
  ])("suggests for %j among %j: %j", (input, candidates, expected) => {
    expect(closest(input, candidates)).toBe(expected);
  });
});

describe("isNearMiss", () => {
  it.each<[string, string, boolean]>([
    ["Production", "production", true],
    ["PRODUCTION", "production", true],
    ["producton", "production", true],
    ["prodcution", "production", true],
    ["prodiction", "production", true],
    ["prod", "production", true],
    ["pro", "production", true],
    ["pr", "production", false],
    ["production", "production", false],
    ["staging", "production", false],
    ["dev", "devops", true],
    ["devs", "dev", false],
    ["dew", "dev", false],
    ["pr-12", "pr-13", true],
    ["live", "life", false],
  ])("%j near %j: %s", (input, candidate, expected) => {
    expect(isNearMiss(input, candidate)).toBe(expected);
  });
});
