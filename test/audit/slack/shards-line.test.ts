import { digestMessage, type Finding, type ShardsStatus, shardsLine } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../support/report";

const GIB = 1024 ** 3;
const HIGHEST: NonNullable<ShardsStatus["highest"]> = {
  service: "PrometheusWebS1A",
  group: "web",
  shard: 1,
  ratio: 0.834,
  residentBytes: 6.67 * GIB,
  memoryBytes: 8 * GIB,
  headSeries: 1_234_567,
};
const pressure = (subject: string, severity: Finding["severity"]): Finding => ({
  id: "shard-pressure",
  severity,
  subject,
  evidence: "e",
  fix: "f",
});

describe("shardsLine", () => {
  it.each([
    {
      name: "the highest replica, with its group, shard, memory and series",
      shards: { source: "ok", replicas: 6, measured: 6, highest: HIGHEST },
      findings: [pressure("PrometheusWebS1A", "warning")],
      line: "*Shards* :large_yellow_circle: 6 replicas, 1 under memory pressure, highest PrometheusWebS1A (group web, shard 1) at 83% of 8 GB (1.2M series)",
    },
    {
      name: "a healthy fleet with a replica Thanos has no sample of",
      shards: {
        source: "ok",
        replicas: 2,
        measured: 1,
        highest: { ...HIGHEST, ratio: 0.5, headSeries: 950 },
      },
      findings: [],
      line: "*Shards* :large_green_circle: 2 replicas, highest PrometheusWebS1A (group web, shard 1) at 50% of 8 GB (950 series), 1 not measured",
    },
    {
      name: "critical pressure",
      shards: { source: "ok", replicas: 1, measured: 1, highest: { ...HIGHEST, ratio: 0.951 } },
      findings: [pressure("PrometheusWebS1A", "critical")],
      line: "*Shards* :red_circle: 1 replica, 1 under memory pressure, highest PrometheusWebS1A (group web, shard 1) at 95% of 8 GB (1.2M series)",
    },
    {
      name: "nothing measured",
      shards: { source: "ok", replicas: 2, measured: 0 },
      findings: [],
      line: "*Shards* :large_green_circle: 2 replicas, none measured by Thanos",
    },
    {
      name: "an unreadable Thanos",
      shards: { source: "unavailable", replicas: 2, measured: 0 },
      findings: [],
      line: "*Shards* 2 replicas, pressure unknown (Thanos not readable: see source-unavailable)",
    },
    {
      name: "no Query URL",
      shards: { source: "not-configured", replicas: 2, measured: 0 },
      findings: [],
      line: "*Shards* 2 replicas, not asked (no Thanos Query URL)",
    },
  ] as const)("shows $name", ({ shards, findings, line }) => {
    expect(shardsLine({ shards, findings: [...findings] })).toBe(line);
  });

  it("rounds down, so a replica just under the critical share never reads 95%", () => {
    const shards = {
      source: "ok" as const,
      replicas: 1,
      measured: 1,
      highest: { ...HIGHEST, ratio: 0.9499 },
    };
    expect(shardsLine({ shards, findings: [] })).toContain("at 94% of 8 GB");
  });

  it("is a section of the digest after the compactor when replicas are watched, and absent otherwise", () => {
    const report = sampleReport();
    const sections = (r: typeof report) =>
      digestMessage(r).blocks.flatMap((b) => (b.type === "section" ? [b.text.text] : []));
    expect(sections(report).some((t) => t.startsWith("*Shards*"))).toBe(false);
    report.shards = { source: "ok", replicas: 6, measured: 6, highest: HIGHEST };
    const texts = sections(report);
    const compactor = texts.findIndex((t) => t.startsWith("*Compactor*"));
    expect(texts[compactor + 1]).toMatch(/^\*Shards\* .* 6 replicas, highest PrometheusWebS1A/);
  });
});
