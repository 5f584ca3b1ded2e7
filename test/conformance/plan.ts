import type { PlanContext, PlannedResource } from "@fleetwatch/conformance";
import type { AppRun } from "@fleetwatch/sst-offline";

/** The recorded cloud resources as the conformance checks read them, each with its provider's region. */
export function plannedResources(run: AppRun): PlannedResource[] {
  const regions = new Map<string, string>();
  for (const p of run.graph.ofType("pulumi:providers:aws"))
    if (typeof p.inputs.region === "string") regions.set(p.name, p.inputs.region);
  return run.graph.cloud.map((r) => {
    const parts = r.provider?.split("::") ?? [];
    const region = regions.get(parts[parts.length - 2] ?? "");
    return { type: r.type, name: r.name, inputs: r.inputs, ...(region ? { region } : {}) };
  });
}

/** The account and home region the offline run pretends to be. */
export function planContext(run: AppRun): PlanContext {
  const region = (run.app.providers.aws as { region?: string } | undefined)?.region ?? "us-east-1";
  return { accountId: "123456789012", region };
}
