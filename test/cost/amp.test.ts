import { describe, expect, it } from "vitest";
import { ampIngestUsd, ampMonthlyCost, InvalidUsageError } from "../../packages/cost/src/index.js";

describe("Amazon Managed Service for Prometheus prices", () => {
  it.each([
    [0, 0],
    [1e7, 0.9],
    [2e9, 180],
    // 2B at $0.90 per 10M, 1B at $0.35
    [3e9, 215],
    // 2B at 0.90, 250B at 0.35, 48B at 0.16
    [300e9, 180 + 8750 + 768],
  ])("ingesting %d samples costs $%d", (samples, usd) => {
    expect(ampIngestUsd(samples)).toBeCloseTo(usd, 6);
  });

  it("prices ingest, storage and queries of a month", () => {
    const cost = ampMonthlyCost({ samplesPerSecond: 10_000, storedGb: 100, querySamples: 1e11 });
    expect(cost.samplesPerMonth).toBe(26_280_000_000);
    expect(cost).toMatchObject({ ingestUsd: 1029.8, storageUsd: 3, queryUsd: 10, totalUsd: 1042.8 });
  });

  it("rejects a negative rate", () => {
    expect(() => ampMonthlyCost({ samplesPerSecond: -1, storedGb: 0, querySamples: 0 })).toThrow(
      InvalidUsageError,
    );
  });
});
