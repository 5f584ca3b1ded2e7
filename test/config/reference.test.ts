import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { ReferenceMarkersError } from "../../packages/config/src/errors.js";
import {
  configReference,
  EMPTY_README,
  REFERENCE_END,
  REFERENCE_START,
  referenceSection,
  withReference,
} from "../../packages/config/src/reference.js";

const README = new URL("../../README.md", import.meta.url);

describe("configReference", () => {
  const reference = configReference();

  it.each([
    '| `homeRegion` | `AwsRegion` | `"us-east-1"` | Region fleetwatch itself is deployed to (buckets, Lambdas, Fargate tasks). |',
    "| `scrapeGroups[].name` | `string` | required |",
    "| `scrapeGroups[].replicas` | `number` | `2` |",
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

describe("README.md", () => {
  it("holds the current config reference (npm run config:reference -- --write README.md)", () => {
    expect(referenceSection(readFileSync(README, "utf8"))).toBe(configReference());
  });
});

describe("withReference", () => {
  it("replaces what is between the markers, and nothing else", () => {
    const readme = `# x\n\nbefore\n${REFERENCE_START}\nold\n${REFERENCE_END}\nafter\n`;
    expect(withReference(readme, "new")).toBe(
      `# x\n\nbefore\n${REFERENCE_START}\nnew\n${REFERENCE_END}\nafter\n`,
    );
  });

  it("fills the empty README", () => {
    expect(referenceSection(withReference(EMPTY_README, "table"))).toBe("table");
  });

  it("throws a ReferenceMarkersError without markers", () => {
    expect(() => withReference("# x\n", "table", "docs/config.md")).toThrow(ReferenceMarkersError);
    expect(() => withReference(`${REFERENCE_END}\n${REFERENCE_START}\n`, "table")).toThrow(
      "replace the config reference in README.md: it needs a line <!-- config-reference:start --> followed by a line <!-- config-reference:end -->",
    );
  });
});
