import { byRegion, RegionalShapeError } from "@fleetwatch/members";
import { describe, expect, it } from "vitest";

describe("byRegion", () => {
  it("returns the value itself and no mapping when every region has the same", () => {
    const doc = { a: 1, b: ["x"] };
    expect(byRegion({ "us-east-1": doc, "eu-west-1": structuredClone(doc) }, "M")).toEqual({
      value: doc,
      mapping: {},
    });
  });

  it("looks up each differing string by region, keeping the rest once", () => {
    const at = (region: string) => ({
      parameters: { source: { default: `s3://mirror-${region}/`, type: "String" } },
      steps: [{ script: "long script", region }],
    });
    const merged = byRegion(
      { "us-east-1": at("us-east-1"), "eu-west-1": at("eu-west-1") },
      "DocumentByRegion",
    );
    expect(merged.value).toEqual({
      parameters: {
        source: {
          default: { "Fn::FindInMap": ["DocumentByRegion", { Ref: "AWS::Region" }, "Value0"] },
          type: "String",
        },
      },
      steps: [
        {
          script: "long script",
          region: { "Fn::FindInMap": ["DocumentByRegion", { Ref: "AWS::Region" }, "Value1"] },
        },
      ],
    });
    expect(merged.mapping).toEqual({
      "us-east-1": { Value0: "s3://mirror-us-east-1/", Value1: "us-east-1" },
      "eu-west-1": { Value0: "s3://mirror-eu-west-1/", Value1: "eu-west-1" },
    });
  });

  it("throws naming the path when the regions differ in shape", () => {
    expect(() => byRegion({ a: { x: [1] }, b: { x: [1, 2] } }, "M")).toThrow(RegionalShapeError);
    expect(() => byRegion({ a: { x: 1 }, b: { x: 2 } }, "M")).toThrow(/at \.x: a, b/);
  });
});
