/** How bad a conformance problem is: an error stops `npm run plan` and `sst deploy`; a warning is printed. */
export type ProblemSeverity = "error" | "warning";

/** The rule classes a problem can come from; each has its own source of truth. */
export type RuleClass =
  /** The Service Authorization Reference (actions, resource types, condition keys). */
  | "iam"
  /** CloudFormation's registry schemas (types, enums, documented limits). */
  | "property"
  /** A rule AWS documents but no schema carries, kept by hand with its reference. */
  | "documented"
  /** A rule between two resources (a queue and its consumer, a service and its load balancer). */
  | "cross-resource";

/** One thing AWS would reject or deny, located in the plan. */
export interface Problem {
  severity: ProblemSeverity;
  ruleClass: RuleClass;
  /** A short stable id of the rule, e.g. `iam-action-case` or `sg-description-charset`. */
  rule: string;
  /** The Pulumi type of the offending resource, e.g. `aws:ec2/securityGroup:SecurityGroup`. */
  resourceType: string;
  /** The logical name of the offending resource. */
  resource: string;
  /** The property path within the resource's inputs, e.g. `inlinePolicies[0].policy.Statement[2].Action[0]`. */
  property: string;
  /** What is wrong, with the offending value. */
  message: string;
  /** Where AWS documents the rule (a URL or the data set and its version). */
  source: string;
}

/** A resource of the plan as the checks read it: its type, logical name and resolved inputs. */
export interface PlannedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
  /** The region of the provider that creates it, when not the plan's home region (`PlanContext.region`). */
  region?: string;
}

/** The outcome of checking a plan. */
export interface ConformanceResult {
  /** How many checks ran (one rule against one value counts once). */
  checks: number;
  problems: Problem[];
}

/** One line per problem: `error iam-action-case OnboardingLaunchRole inlinePolicies[0]...: ... (source)`. */
export function formatProblem(p: Problem): string {
  return `${p.severity} ${p.rule} ${p.resource} ${p.property}: ${p.message} (${p.source})`;
}

/** The plan's conformance line, e.g. `conformance: 812 checks, 0 problems`. */
export function conformanceLine(result: ConformanceResult): string {
  const errors = result.problems.filter((p) => p.severity === "error").length;
  const warnings = result.problems.length - errors;
  const count = `${result.problems.length} problem${result.problems.length === 1 ? "" : "s"}`;
  return `conformance: ${result.checks} checks, ${count}${
    result.problems.length > 0
      ? ` (${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${warnings === 1 ? "" : "s"})`
      : ""
  }`;
}

/** What the checks know of the account the plan targets. */
export interface PlanContext {
  accountId: string;
  /** The app's home region (resources of other regions carry their own in their ARNs). */
  region: string;
}

/** A family that needs no I/O: answers at once. */
export type SyncPlanCheck = (plan: readonly PlannedResource[], context: PlanContext) => ConformanceResult;

/** One family of rules over the whole plan: counts what it checked and returns what it found. */
export type PlanCheck = (
  plan: readonly PlannedResource[],
  context: PlanContext,
) => ConformanceResult | Promise<ConformanceResult>;

/** Thrown where a deploy must stop: names every error of one resource, one line each. */
export class ConformanceError extends Error {
  override name = "ConformanceError";

  constructor(readonly problems: readonly Problem[]) {
    super(
      `AWS would reject or must refuse ${problems[0]?.resource ?? "a resource"} (fleetwatch conformance check):\n${problems
        .map((p) => `  ${formatProblem(p)}`)
        .join("\n")}`,
    );
  }
}

/**
 * A check that is always asynchronous: the IAM simulator (`@cloud-copilot/iam-simulate`) loads AWS's
 * published data lazily, so its checks return a promise. Same contract otherwise.
 */
export type AsyncPlanCheck = (
  plan: readonly PlannedResource[],
  context: PlanContext,
) => Promise<ConformanceResult>;
