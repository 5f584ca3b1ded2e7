import type { PlanContext, PlannedResource } from "../problem.js";

const ROLE = "aws:iam/role:Role";

/** Lookups over the plan the simulation needs: resources by type and name, regions, ARNs. */
export class PlanView {
  constructor(
    readonly plan: readonly PlannedResource[],
    readonly context: PlanContext,
  ) {}

  ofType(type: string): PlannedResource[] {
    return this.plan.filter((r) => r.type === type);
  }

  find(type: string, name: string): PlannedResource | undefined {
    return this.plan.find((r) => r.type === type && r.name === name);
  }

  regionOf(resource: PlannedResource): string {
    return resource.region ?? this.context.region;
  }

  /** `arn:aws:<service>:<region>:<account>:<rest>` in the home region unless told. */
  arn(service: string, rest: string, region = this.context.region): string {
    return `arn:aws:${service}:${region}:${this.context.accountId}:${rest}`;
  }

  /** The role whose physical name ends an ARN (`...:role/<name>`). */
  roleByArn(arn: unknown): PlannedResource | undefined {
    if (typeof arn !== "string") return undefined;
    const name = arn.split(":role/")[1]?.split("/").pop();
    return this.ofType(ROLE).find((r) => r.inputs.name === name || r.name === name);
  }

  roleArn(role: PlannedResource): string {
    return `arn:aws:iam::${this.context.accountId}:role/${String(role.inputs.name ?? role.name)}`;
  }

  /** Onboarded regions: those holding fleetwatch's SSM document (one per configured region), home first. */
  regions(): string[] {
    const found = this.ofType("aws:ssm/document:Document").map((d) => this.regionOf(d));
    return [...new Set([this.context.region, ...found])];
  }
}

/** A JSON string or object input as an object; undefined when it is neither. */
export function jsonInput(value: unknown): Record<string, unknown> | undefined {
  if (typeof value === "string") {
    try {
      return JSON.parse(value) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return value && typeof value === "object" ? (value as Record<string, unknown>) : undefined;
}
