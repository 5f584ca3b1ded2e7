import { describe, expect, it } from "vitest";
import { configReference } from "../../packages/config/src/reference.js";

describe("configReference", () => {
  const reference = configReference();

  it.each([
    '| `homeRegion` | `AwsRegion` | `"us-east-1"` | Region fleetwatch itself is deployed to (buckets, Lambdas, Fargate tasks). |',
    "| `scrapeGroups[].name` | `string` | required |",
    "| `scrapeGroups[].replicas` | `number` | `2` |",
    "| `ruler.replicas` | `number` | `2` |",
    '| `tasks.prometheus` | `TaskSize` | `{ cpu: "1 vCPU", memory: "4 GB", storage: "50 GB" }` |',
    '| `tasks.compactor.storage` | `Size` | `"100 GB"` |',
    '| `network.layout` | `"private" \\| "public"` | `"private"` |',
    "| `network.existing` | `ExistingVpc` | none |",
    '| `nodeExporter.source.bucket` | `string` | none | With `kind: "s3"`: The bucket holding',
    '| `nodeExporter.source.buckets` | `RegionBuckets` | none | With `kind: "s3"`: The mirror bucket of each onboarded region',
    '| `access.healthCheckGracePeriod.grafana` | `Duration` | `"5m"` |',
    '| `access.healthCheckGracePeriod.queryFrontend` | `Duration` | `"1m"` |',
    "- `Duration`: A Prometheus-style duration",
  ])("has the line %s", (line) => {
    expect(reference.split("\n").some((l) => l.startsWith(line))).toBe(true);
  });

  it("has one row per key, each with four cells", () => {
    const rows = reference.split("\n").filter((line) => line.startsWith("| `"));
    expect(rows.length).toBeGreaterThan(90);
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });
});
