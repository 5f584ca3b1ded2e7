import type { SyncPlanCheck } from "../problem.js";
import { ofType, type RuleRef, Tally } from "../tally.js";

const SIZES_SOURCE =
  "https://docs.aws.amazon.com/AmazonECS/latest/developerguide/fargate-tasks-services.html#fargate-tasks-size";

const CPU_MEMORY: RuleRef = { id: "fargate-cpu-memory", ruleClass: "documented", source: SIZES_SOURCE };
const EPHEMERAL: RuleRef = {
  id: "fargate-ephemeral-storage",
  ruleClass: "documented",
  source: "https://docs.aws.amazon.com/AmazonECS/latest/APIReference/API_EphemeralStorage.html (sizeInGiB)",
};

const steps = (from: number, to: number, step: number) =>
  Array.from({ length: (to - from) / step + 1 }, (_, i) => from + i * step);

/** Task CPU units to the memory (MiB) Fargate offers with them. */
export const FARGATE_MEMORY_BY_CPU: Readonly<Record<number, readonly number[]>> = {
  256: [512, 1024, 2048],
  512: steps(1024, 4096, 1024),
  1024: steps(2048, 8192, 1024),
  2048: steps(4096, 16384, 1024),
  4096: steps(8192, 30720, 1024),
  8192: steps(16384, 61440, 4096),
  16384: steps(32768, 122880, 8192),
};

/** ECS takes "1024", "1 vCPU" or "1vcpu" for CPU and "2048", "2 GB" or "2gb" for memory. */
function units(value: unknown, unit: RegExp): number | undefined {
  if (typeof value === "number") return value;
  if (typeof value !== "string") return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value);
  const m = new RegExp(`^(\\d+(?:\\.\\d+)?)\\s*${unit.source}$`, "i").exec(value.trim());
  return m ? Number(m[1]) * 1024 : undefined;
}

/** Fargate task sizes: only the documented CPU and memory pairs, and 21 to 200 GiB of ephemeral storage. */
export const checkFargateSizes: SyncPlanCheck = (plan) => {
  const tally = new Tally();
  for (const task of ofType(plan, "aws:ecs/taskDefinition:TaskDefinition")) {
    const compat = task.inputs.requiresCompatibilities;
    if (!Array.isArray(compat) || !compat.includes("FARGATE")) continue;
    const cpu = units(task.inputs.cpu, /vcpu/);
    const memory = units(task.inputs.memory, /gb/);
    const offered = cpu === undefined ? undefined : FARGATE_MEMORY_BY_CPU[cpu];
    tally.check(
      CPU_MEMORY,
      task,
      "cpu",
      cpu === undefined || memory === undefined
        ? `Fargate needs task-level cpu and memory (got cpu ${JSON.stringify(task.inputs.cpu)}, memory ${JSON.stringify(task.inputs.memory)})`
        : !offered
          ? `${cpu} CPU units is not a Fargate size (${Object.keys(FARGATE_MEMORY_BY_CPU).join(", ")})`
          : offered.includes(memory)
            ? undefined
            : `${memory} MiB of memory is not offered with ${cpu} CPU units (Fargate offers ${offered.join(", ")})`,
    );
    const storage = (task.inputs.ephemeralStorage as { sizeInGib?: unknown } | undefined)?.sizeInGib;
    if (typeof storage === "number")
      tally.check(
        EPHEMERAL,
        task,
        "ephemeralStorage.sizeInGib",
        storage >= 21 && storage <= 200 ? undefined : `${storage} GiB is outside Fargate's 21 to 200 GiB`,
      );
  }
  return tally.result;
};
