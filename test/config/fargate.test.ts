import { describe, expect, it } from "vitest";
import {
  FARGATE_MEMORY_GB,
  isFargateSize,
  sizeBytes,
  sizeGb,
  smallestCpuFor,
  suggestSize,
} from "../../packages/config/src/fargate.js";
import type { Cpu } from "../../packages/config/src/types.js";

describe("FARGATE_MEMORY_GB", () => {
  it.each<[Cpu, number, number, number]>([
    ["0.25 vCPU", 0.5, 2, 3],
    ["0.5 vCPU", 1, 4, 4],
    ["1 vCPU", 2, 8, 7],
    ["2 vCPU", 4, 16, 13],
    ["4 vCPU", 8, 30, 23],
    ["8 vCPU", 16, 60, 12],
    ["16 vCPU", 32, 120, 12],
  ])("gives %s from %f to %i GB, %i sizes", (cpu, min, max, count) => {
    const sizes = FARGATE_MEMORY_GB[cpu];
    expect([sizes[0], sizes.at(-1), sizes.length]).toEqual([min, max, count]);
  });
});

describe("isFargateSize", () => {
  it.each<[Cpu, number, boolean]>([
    ["0.25 vCPU", 0.5, true],
    ["0.25 vCPU", 1.5, false],
    ["8 vCPU", 20, true],
    ["8 vCPU", 18, false],
    ["16 vCPU", 40, true],
    ["16 vCPU", 36, false],
  ])("%s with %f GB: %s", (cpu, gb, valid) => {
    expect(isFargateSize(cpu, gb)).toBe(valid);
  });
});

describe("smallestCpuFor", () => {
  it.each([
    [0.5, "0.25 vCPU"],
    [16, "2 vCPU"],
    [30, "4 vCPU"],
    [32, "8 vCPU"],
    [120, "16 vCPU"],
    [3.5, undefined],
    [500, undefined],
  ])("takes %f GB on %s", (gb, cpu) => {
    expect(smallestCpuFor(gb)).toBe(cpu);
  });
});

describe("sizeGb and suggestSize", () => {
  it.each([
    ["4 GB", 4],
    ["0.5 GB", 0.5],
    ["4GB", undefined],
    ["4 gb", undefined],
  ])("reads %j as %s GB", (text, gb) => {
    expect(sizeGb(text)).toBe(gb);
  });

  it.each([
    ["4 GB", 4 * 1024 ** 3],
    ["0.5 GB", 512 * 1024 ** 2],
    ["4GB", undefined],
  ])("reads %j as %s bytes (Fargate's GB are GiB)", (text, bytes) => {
    expect(sizeBytes(text)).toBe(bytes);
  });

  it.each([
    ["4GB", "4 GB"],
    ["4 gb", "4 GB"],
    ["4 G", "4 GB"],
    ["0.5GiB", "0.5 GB"],
    ["512 MB", "0.5 GB"],
    ["4096MiB", "4 GB"],
    ["1000 MB", undefined],
    ["lots", undefined],
  ])("suggests %j -> %s", (text, suggestion) => {
    expect(suggestSize(text)).toBe(suggestion);
  });
});
