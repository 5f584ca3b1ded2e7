import type { Cpu } from "./types.js";

/** Fargate CPU sizes, smallest first. */
export const FARGATE_CPUS = [
  "0.25 vCPU",
  "0.5 vCPU",
  "1 vCPU",
  "2 vCPU",
  "4 vCPU",
  "8 vCPU",
  "16 vCPU",
] as const satisfies readonly Cpu[];

function steps(from: number, to: number, step: number): number[] {
  return Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);
}

/** The memory sizes (GB) Fargate accepts with each CPU size, for Linux tasks. */
export const FARGATE_MEMORY_GB: Readonly<Record<Cpu, readonly number[]>> = {
  "0.25 vCPU": [0.5, 1, 2],
  "0.5 vCPU": steps(1, 4, 1),
  "1 vCPU": steps(2, 8, 1),
  "2 vCPU": steps(4, 16, 1),
  "4 vCPU": steps(8, 30, 1),
  "8 vCPU": steps(16, 60, 4),
  "16 vCPU": steps(32, 120, 8),
};

/** Whether Fargate runs a task with this CPU and memory. */
export function isFargateSize(cpu: Cpu, memoryGb: number): boolean {
  return FARGATE_MEMORY_GB[cpu].includes(memoryGb);
}

/** The smallest CPU size Fargate pairs with this much memory, if any. */
export function smallestCpuFor(memoryGb: number): Cpu | undefined {
  return FARGATE_CPUS.find((cpu) => isFargateSize(cpu, memoryGb));
}

/** Ephemeral storage bounds of a Fargate task, in GB. */
export const FARGATE_STORAGE_GB = { min: 20, max: 200 } as const;

const SIZE = /^(\d+(?:\.\d+)?) GB$/;

/** The gigabytes of a size written `"<number> GB"`, or undefined when it is not written so. */
export function sizeGb(size: string): number | undefined {
  const match = SIZE.exec(size);
  return match ? Number(match[1]) : undefined;
}

/** The bytes of a size written `"<number> GB"` (Fargate's GB are GiB: "4 GB" is 4096 MiB), or undefined. */
export function sizeBytes(size: string): number | undefined {
  const gb = sizeGb(size);
  return gb === undefined ? undefined : Math.round(gb * 1024 ** 3);
}

/** The `"<number> GB"` spelling of a size written loosely (`"4GB"`, `"4 gb"`, `"4096 MB"`), if there is one. */
export function suggestSize(text: string): string | undefined {
  const gb = /^\s*(\d+(?:\.\d+)?)\s*(?:gb?|gib)\s*$/i.exec(text);
  if (gb) return `${Number(gb[1])} GB`;
  const mb = /^\s*(\d+)\s*(?:mb?|mib)\s*$/i.exec(text);
  return mb && Number(mb[1]) % 512 === 0 ? `${Number(mb[1]) / 1024} GB` : undefined;
}
