import { describe, expect, it } from "vitest";
import {
  BYTES_PER_SERIES,
  GIB,
  MEMORY_HEADROOM,
  PROMETHEUS_BASE_BYTES,
  SIDECAR_BYTES,
  taskMemoryNeededGib,
  workingSetBytes,
} from "../../../packages/monitoring/src/capacity/memory-model.js";

describe("memory model", () => {
  it("charges ~3 kB per head series on top of Prometheus's base and the sidecar", () => {
    expect(BYTES_PER_SERIES).toBe(3000);
    expect(workingSetBytes(0)).toBe(PROMETHEUS_BASE_BYTES + SIDECAR_BYTES);
    expect(workingSetBytes(1_000_000) - workingSetBytes(0)).toBe(3_000_000_000);
  });

  it("asks for a task the working set fills to 70%", () => {
    expect(MEMORY_HEADROOM).toBe(0.7);
    expect(taskMemoryNeededGib(0)).toBeCloseTo(0.5 / 0.7, 6);
    // A million series: 3 GB + 0.5 GiB, over 0.7, in GiB.
    expect(taskMemoryNeededGib(1_000_000)).toBeCloseTo((3e9 + 0.5 * GIB) / 0.7 / GIB, 6);
    expect(taskMemoryNeededGib(1_000_000)).toBeCloseTo(4.71, 2);
  });
});
