import { describe, expect, it } from "vitest";
import { configSchema, settingsSchema, stageOverrideSchema } from "../../packages/config/src/schema.js";
import { allowedKeys, schemaKeys } from "../../packages/config/src/shape.js";

describe("allowedKeys", () => {
  it.each<{ path: PropertyKey[]; input: unknown; keys: string[] | undefined }>([
    { path: ["freshness"], input: {}, keys: ["warning", "critical"] },
    { path: ["scrapeGroups", 3, "selector"], input: {}, keys: ["tags", "vpcIds", "accounts"] },
    {
      path: ["nodeExporter", "source"],
      input: { nodeExporter: { source: { kind: "s3" } } },
      keys: ["kind", "bucket", "buckets", "prefix"],
    },
    {
      path: ["nodeExporter", "source"],
      input: { nodeExporter: { source: { kind: "upstream" } } },
      keys: ["kind", "url"],
    },
    { path: ["homeRegion"], input: {}, keys: undefined },
  ])("at $path: $keys", ({ path, input, keys }) => {
    expect(allowedKeys(settingsSchema, path, input)).toEqual(keys);
  });

  it("finds the keys of an override inside stages", () => {
    expect(allowedKeys(configSchema, ["stages", "prod", "slack"], {})).toEqual(["enabled", "channel"]);
  });
});

describe("stageOverrideSchema", () => {
  it("accepts any known keys at any depth, whatever their values", () => {
    const override = {
      thanos: { retention: { raw: 5 } },
      scrapeGroups: [{ replicas: "x" }],
      tasks: { query: {} },
    };
    expect(stageOverrideSchema.safeParse(override).success).toBe(true);
  });

  it.each<{ override: unknown; path: PropertyKey[] }>([
    { override: { stages: {} }, path: [] },
    { override: { thanos: { retension: {} } }, path: ["thanos"] },
    { override: { scrapeGroups: [{ name: "a" }, { name: "b", replica: 2 }] }, path: ["scrapeGroups", 1] },
    {
      override: { nodeExporter: { source: { kind: "s3", bucket: "b", region: "x" } } },
      path: ["nodeExporter", "source"],
    },
  ])("rejects an unknown key at $path", ({ override, path }) => {
    const result = stageOverrideSchema.safeParse(override);
    expect(result.error?.issues.map((issue) => [issue.code, issue.path])).toEqual([
      ["unrecognized_keys", path],
    ]);
  });
});

describe("schemaKeys", () => {
  const keys = schemaKeys(configSchema);

  it("lists keys depth first, with list elements as []", () => {
    expect(keys.slice(4, 8).map((key) => key.path)).toEqual([
      "scrapeGroups",
      "scrapeGroups[].name",
      "scrapeGroups[].replicas",
      "scrapeGroups[].shards",
    ]);
  });

  it.each([
    {
      path: "homeRegion",
      variant: undefined,
      expected: { required: false, default: { value: "us-east-1" }, leaf: true },
    },
    {
      path: "scrapeGroups",
      variant: undefined,
      expected: { required: false, default: { value: [{ name: "default" }] }, leaf: false },
    },
    { path: "scrapeGroups[].name", variant: undefined, expected: { required: true, leaf: true } },
    { path: "network.existing", variant: undefined, expected: { required: false, leaf: false } },
    { path: "nodeExporter.source.bucket", variant: "s3", expected: { required: false, leaf: true } },
    { path: "nodeExporter.source.buckets", variant: "s3", expected: { required: false, leaf: true } },
    { path: "nodeExporter.source.url", variant: "upstream", expected: { required: false, leaf: true } },
    { path: "tasks.compactor.storage", variant: undefined, expected: { default: { value: "100 GB" } } },
    { path: "stages", variant: undefined, expected: { default: { value: {} }, leaf: true } },
  ])("describes $path", ({ path, variant, expected }) => {
    const key = keys.find((k) => k.path === path && k.variant === variant);
    expect(key).toMatchObject({ path, ...expected });
  });
});
