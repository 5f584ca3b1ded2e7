import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { compactorMetricsOf, parseMetricsText } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";

const healthy = readFileSync(
  resolve(import.meta.dirname, "../fixtures/compactor/metrics-healthy.txt"),
  "utf8",
);

describe("parseMetricsText", () => {
  it.each([
    ["a 1", [{ name: "a", labels: {}, value: 1 }]],
    ['a{b="x\\"y",c="z"} 2.5 1700000000000', [{ name: "a", labels: { b: 'x"y', c: "z" }, value: 2.5 }]],
    ["# HELP a x\nbad line here\na +Inf", [{ name: "a", labels: {}, value: Infinity }]],
  ])("parses %j", (text, samples) => {
    expect(parseMetricsText(text)).toEqual(samples);
  });
});

describe("compactorMetricsOf", () => {
  it("reads the compactor's gauges and sums counters over labels", () => {
    expect(compactorMetricsOf(healthy)).toEqual({
      halted: 0,
      iterations: 287,
      compactionFailures: 0,
      downsampleFailures: 0,
      todoCompactions: 1,
      todoCompactionBlocks: 4,
      todoDownsampleBlocks: 0,
      todoDeletionBlocks: 1,
      lastSuccessfulUpload: 1.7636e9,
    });
  });
});
