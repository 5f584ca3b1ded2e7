import { describe, expect, it } from "vitest";
import { mergeOverride } from "../../packages/config/src/merge.js";

describe("mergeOverride", () => {
  it.each<{ name: string; base: unknown; override: unknown; merged: unknown }>([
    {
      name: "merges objects key by key, at any depth",
      base: { thanos: { retention: { raw: "30d", oneHour: "2y" }, downsampling: true } },
      override: { thanos: { retention: { raw: "90d" } } },
      merged: { thanos: { retention: { raw: "90d", oneHour: "2y" }, downsampling: true } },
    },
    {
      name: "replaces lists whole",
      base: { regions: ["eu-west-1", "eu-central-1"], scrapeGroups: [{ name: "a", replicas: 1 }] },
      override: { regions: ["us-west-2"], scrapeGroups: [{ name: "b" }] },
      merged: { regions: ["us-west-2"], scrapeGroups: [{ name: "b" }] },
    },
    {
      name: "adds keys the base lacks",
      base: {},
      override: { slack: { enabled: true } },
      merged: { slack: { enabled: true } },
    },
    {
      name: "ignores keys set to undefined",
      base: { tagPrefix: "fw:" },
      override: { tagPrefix: undefined },
      merged: { tagPrefix: "fw:" },
    },
    {
      name: "replaces an object whose kind changes",
      base: { source: { kind: "upstream", url: "https://mirror.example.com" } },
      override: { source: { kind: "s3", bucket: "mirror" } },
      merged: { source: { kind: "s3", bucket: "mirror" } },
    },
    {
      name: "merges an object of the same kind",
      base: { source: { kind: "s3", bucket: "mirror", prefix: "ne/" } },
      override: { source: { kind: "s3", bucket: "other" } },
      merged: { source: { kind: "s3", bucket: "other", prefix: "ne/" } },
    },
    {
      name: "replaces a value of another type",
      base: { network: { existing: { id: "vpc-1" } } },
      override: { network: { existing: "vpc-2" } },
      merged: { network: { existing: "vpc-2" } },
    },
  ])("$name", ({ base, override, merged }) => {
    expect(mergeOverride(base, override)).toEqual(merged);
  });

  it("leaves the base unchanged", () => {
    const base = { thanos: { retention: { raw: "30d" } } };
    mergeOverride(base, { thanos: { retention: { raw: "90d" } } });
    expect(base).toEqual({ thanos: { retention: { raw: "30d" } } });
  });
});
