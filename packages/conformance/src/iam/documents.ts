import type { PlannedResource } from "../problem.js";

/**
 * What a policy document does: grants to its holder, grants on a resource, or says who may assume a role
 * (`trust`: AWS services only; `cross-account-trust`, a member account's role in a template: services and named
 * roles of the home account).
 */
export type PolicyKind = "identity" | "resource" | "trust" | "cross-account-trust";

/** One statement of a policy, its lists normalized to arrays. */
export interface Statement {
  effect: "Allow" | "Deny";
  actions: string[];
  /** `undefined` when the statement uses NotAction (not checked against the reference). */
  resources: string[];
  principals: Record<string, string[]> | "*" | undefined;
  /** Operator -> condition key -> values. */
  conditions: Record<string, Record<string, unknown>>;
  notAction: boolean;
  notResource: boolean;
}

/** A policy document found in the plan, with where it sits. */
export interface PlannedPolicy {
  kind: PolicyKind;
  resource: PlannedResource;
  /** The input holding it, e.g. `inlinePolicies[0].policy` or `assumeRolePolicy`. */
  property: string;
  statements: Statement[];
}

const list = (value: unknown): string[] =>
  value === undefined ? [] : Array.isArray(value) ? value.map(String) : [String(value)];

function parse(document: unknown): Record<string, unknown> | undefined {
  if (typeof document === "string") {
    try {
      return JSON.parse(document) as Record<string, unknown>;
    } catch {
      return undefined;
    }
  }
  return document && typeof document === "object" ? (document as Record<string, unknown>) : undefined;
}

function principalsOf(value: unknown): Statement["principals"] {
  if (value === undefined) return undefined;
  if (value === "*") return "*";
  const out: Record<string, string[]> = {};
  for (const [kind, ids] of Object.entries(value as Record<string, unknown>)) out[kind] = list(ids);
  return out;
}

function statementsOf(document: unknown): Statement[] | undefined {
  const doc = parse(document);
  if (!doc) return undefined;
  const raw = doc.Statement;
  const statements = (Array.isArray(raw) ? raw : raw ? [raw] : []) as Record<string, unknown>[];
  return statements.map((s) => ({
    effect: s.Effect === "Deny" ? "Deny" : "Allow",
    actions: list(s.Action ?? s.NotAction),
    resources: list(s.Resource ?? s.NotResource),
    principals: principalsOf(s.Principal ?? s.NotPrincipal),
    conditions: (s.Condition ?? {}) as Record<string, Record<string, unknown>>,
    notAction: s.NotAction !== undefined,
    notResource: s.NotResource !== undefined,
  }));
}

/** Where each Pulumi type keeps its policy documents. */
const DOCUMENTS: Record<string, (inputs: Record<string, unknown>) => [PolicyKind, string, unknown][]> = {
  "aws:iam/role:Role": (i) => [
    ["trust", "assumeRolePolicy", i.assumeRolePolicy],
    ...((i.inlinePolicies as { policy?: unknown }[] | undefined) ?? []).map(
      (p, n): [PolicyKind, string, unknown] => ["identity", `inlinePolicies[${n}].policy`, p.policy],
    ),
  ],
  "aws:iam/rolePolicy:RolePolicy": (i) => [["identity", "policy", i.policy]],
  // A role in a template (a StackSet's), in CloudFormation's terms.
  "AWS::IAM::Role": (i) => [
    ["cross-account-trust", "AssumeRolePolicyDocument", i.AssumeRolePolicyDocument],
    ...((i.Policies as { PolicyDocument?: unknown }[] | undefined) ?? []).map(
      (p, n): [PolicyKind, string, unknown] => [
        "identity",
        `Policies[${n}].PolicyDocument`,
        p.PolicyDocument,
      ],
    ),
  ],
  "aws:cloudwatch/eventBusPolicy:EventBusPolicy": (i) => [["resource", "policy", i.policy]],
  "aws:iam/policy:Policy": (i) => [["identity", "policy", i.policy]],
  "aws:s3/bucketPolicy:BucketPolicy": (i) => [["resource", "policy", i.policy]],
  "aws:sqs/queuePolicy:QueuePolicy": (i) => [["resource", "policy", i.policy]],
};

/** Every policy document of the plan. A document that is not JSON is returned with no statements. */
export function policiesOf(plan: readonly PlannedResource[]): PlannedPolicy[] {
  return plan.flatMap((resource) =>
    (DOCUMENTS[resource.type]?.(resource.inputs) ?? [])
      .filter(([, , document]) => document !== undefined && document !== "")
      .map(([kind, property, document]) => ({
        kind,
        resource,
        property,
        statements: statementsOf(document) ?? [],
      })),
  );
}
