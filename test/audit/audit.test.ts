import { type CacheState, DEFAULT_AUDIT_CONFIG, runAudit } from "@fleetwatch/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { MemoryBucket } from "@fleetwatch/devkit/memory-bucket";
import { describe, expect, it } from "vitest";
import { NO_SLEEP } from "../support/scheduled";

const retry = NO_SLEEP;

describe("runAudit", () => {
  const fixture = new BucketFixture();
  rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
  const bucket = new MemoryBucket(fixture.objects, fixture.bodies);
  const base = {
    bucket: "s3://t",
    lister: bucket,
    reader: bucket,
    config: DEFAULT_AUDIT_CONFIG,
    now: NOW,
    retry,
  };

  it("keeps a healthy report when only the cache cannot be saved", async () => {
    const cache = {
      load: async () => undefined,
      save: async (_: CacheState) => Promise.reject(new Error("AccessDenied")),
    };
    const result = await runAudit({ ...base, cache });
    expect(result.report.summary.status).toBe("healthy");
    expect(result.report.findings).toEqual([]);
    expect(result.stats.cacheError).toContain("save the audit cache");
  });

  it("turns an unreadable bucket into source-unavailable and still judges the compactor", async () => {
    const denied = Object.assign(new Error("Access Denied"), { name: "AccessDenied" });
    const broken = { listPage: async () => Promise.reject(denied), get: async () => undefined };
    const result = await runAudit({
      ...base,
      lister: broken,
      reader: broken,
      compactor: { metrics: { ok: true, value: { halted: 1, iterations: 3 } } },
    });
    expect(result.report.findings.map((f) => `${f.id} ${f.subject}`)).toEqual([
      "compactor-halted compactor",
      "source-unavailable bucket",
    ]);
    expect(result.report.compactor.sources.bucket).toBe("unavailable");
  });
});
