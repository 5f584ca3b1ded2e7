import type { ConformanceResult, PlanCheck, PlannedResource, Problem } from "../problem.js";
import { SOURCES } from "../sources.js";
import { type PlannedPolicy, policiesOf, type Statement } from "./documents.js";
import { exceptionFor } from "./exceptions.js";
import {
  changes,
  conditionKeyExists,
  expandAction,
  keyIn,
  type ReferenceAction,
  type ReferenceResourceType,
} from "./reference.js";

/** Collects problems and counts checks for one policy statement. */
class Findings {
  checks = 0;
  readonly problems: Problem[] = [];

  constructor(
    private readonly policy: PlannedPolicy,
    private readonly at: string,
  ) {}

  /** Counts one check; records a problem when `ok` is false. */
  expect(ok: boolean, rule: string, property: string, message: string, source?: string): void {
    this.checks++;
    if (ok) return;
    this.problems.push({
      severity: "error",
      ruleClass: "iam",
      rule,
      resourceType: this.policy.resource.type,
      resource: this.policy.resource.name,
      property: `${this.policy.property} ${this.at}${property ? `.${property}` : ""}`,
      message,
      source: source ?? SOURCES.serviceAuthorizationReference(),
    });
  }
}

/** The resource types of an action a granted ARN fits; every type for `"*"`. */
function typesFitting(action: ReferenceAction, arn: string): ReferenceResourceType[] {
  if (arn === "*") return action.resourceTypes;
  return action.resourceTypes.filter((t) => t.arnFormat.test(arn));
}

const SERVICE_PRINCIPAL = /^[a-z0-9.-]+\.amazonaws\.com$/;

/** A principal a trust policy may name, and what the finding says about any other. */
interface TrustRule {
  allows(kind: string, id: string): boolean;
  only: string;
}

/** Trust policies name service principals only: no account, role or user may assume fleetwatch's roles. */
const HOME_TRUST: TrustRule = {
  allows: (kind, id) => kind === "Service" && SERVICE_PRINCIPAL.test(id),
  only: "only AWS service principals may assume fleetwatch's roles",
};

/** A role by ARN: `arn:<partition>:iam::<12 digits>:role/<path and name>` (never an account root or a user). */
const ROLE_ARN = /^arn:aws[a-z-]*:iam::\d{12}:role\/[\w+=,.@/-]+$/;

/**
 * A member account's role (in a template) trusts AWS services and roles named by ARN only: never `*`, an account
 * root (anyone the account allows) or a user.
 */
const MEMBER_TRUST: TrustRule = {
  allows: (kind, id) => HOME_TRUST.allows(kind, id) || (kind === "AWS" && ROLE_ARN.test(id)),
  only: "a member account's role may trust AWS services and fleetwatch's roles by ARN only",
};

function checkTrust(statement: Statement, findings: Findings, rule: TrustRule): void {
  const principals = statement.principals;
  if (statement.effect !== "Allow") return;
  if (principals === "*" || principals === undefined) {
    findings.expect(
      false,
      "iam-trust-principal",
      "Principal",
      "the trust policy lets anyone assume the role",
      SOURCES.trustPolicy,
    );
    return;
  }
  for (const [kind, ids] of Object.entries(principals)) {
    ids.forEach((id, n) => {
      findings.expect(
        rule.allows(kind, id),
        "iam-trust-principal",
        `Principal.${kind}[${n}]`,
        `the role trusts ${kind} principal "${id}"; ${rule.only}`,
        SOURCES.trustPolicy,
      );
    });
  }
}

/** The actions a statement names, each checked to exist in its exact case. */
async function resolveActions(statement: Statement, findings: Findings): Promise<ReferenceAction[]> {
  const resolved: ReferenceAction[] = [];
  for (const [n, written] of statement.actions.entries()) {
    const actions = await expandAction(written);
    findings.expect(
      actions.length > 0 || written === "*",
      "iam-action-unknown",
      `Action[${n}]`,
      `"${written}" names no action of the Service Authorization Reference`,
    );
    const exact = actions.length === 1 && !written.includes("*") ? actions[0] : undefined;
    if (exact) {
      const [service = "", name = ""] = written.split(":");
      findings.expect(
        `${service}:${name}` === exact.id,
        "iam-action-case",
        `Action[${n}]`,
        `"${written}" is written "${exact.id}" in the reference (IAM matches action names case-insensitively, but a policy in the wrong case is rejected by reviewers' tooling and hides typos)`,
      );
    }
    resolved.push(...actions);
  }
  return resolved;
}

async function checkResources(
  statement: Statement,
  actions: ReferenceAction[],
  findings: Findings,
): Promise<void> {
  if (statement.notResource || actions.length === 0) return;
  const single = actions.length === 1 ? actions[0] : undefined;
  for (const [n, arn] of statement.resources.entries()) {
    const fits = actions.some((a) => (wildcardOnly(a) ? arn === "*" : typesFitting(a, arn).length > 0));
    const exception = single ? exceptionFor(single.id) : undefined;
    if (single && exception?.kind === "wildcard-resource") {
      findings.expect(
        fits,
        "iam-authorization-exception",
        `Resource[${n}]`,
        `${single.id} is granted on "${arn}", but ${exception.why}; grant it on "*" with the ${exception.scopeKey} condition`,
        exception.source,
      );
      continue;
    }
    const accepted = single
      ? describeAccepted(single)
      : `the resource types of ${actions.map((a) => a.id).join(", ")}`;
    findings.expect(fits, "iam-resource-type", `Resource[${n}]`, `"${arn}" fits none of ${accepted}`);
  }
  if (statement.effect !== "Allow") return;
  for (const action of actions) {
    const exception = exceptionFor(action.id);
    if (exception?.kind === "wildcard-resource") continue;
    if (exception?.kind === "also-required") {
      findings.expect(
        statement.resources.some((arn) =>
          typesFitting(action, arn).some((t) => t.name === exception.resourceType),
        ),
        "iam-authorization-exception",
        "Resource",
        `${action.id} is not granted on its "${exception.resourceType}" resource type: ${exception.why}`,
        exception.source,
      );
    }
    for (const type of action.resourceTypes.filter((t) => t.required)) {
      findings.expect(
        statement.resources.some((arn) => arn === "*" || type.arnFormat.test(arn)),
        "iam-required-resource-type",
        "Resource",
        `${action.id} requires a grant on its "${type.name}" resource type, and the statement grants none (AWS denies the call)`,
      );
    }
    const wildcard = statement.resources.includes("*");
    if (wildcard && changes(action)) {
      findings.expect(
        action.isWildcardOnly,
        "iam-write-on-wildcard",
        "Resource",
        `${action.id} (${action.accessLevel}) is granted on "*"; grant it on the resources it changes`,
        SOURCES.leastPrivilege,
      );
    }
  }
}

/** Actions the reference authorizes on `"*"` only, and those AWS authorizes on `"*"` against the reference. */
function wildcardOnly(action: ReferenceAction): boolean {
  return action.resourceTypes.length === 0 || exceptionFor(action.id)?.kind === "wildcard-resource";
}

function describeAccepted(action: ReferenceAction): string {
  if (action.resourceTypes.length === 0) return `"*" (${action.id} supports no resource-level permissions)`;
  return `${action.id}'s resource types (${action.resourceTypes.map((t) => t.name).join(", ")})`;
}

async function checkConditions(
  statement: Statement,
  actions: ReferenceAction[],
  findings: Findings,
): Promise<void> {
  for (const [operator, keys] of Object.entries(statement.conditions)) {
    for (const key of Object.keys(keys)) {
      const property = `Condition.${operator}.${key}`;
      const exists = await conditionKeyExists(key);
      findings.expect(exists, "iam-condition-key-unknown", property, `condition key "${key}" does not exist`);
      if (!exists || key.toLowerCase().startsWith("aws:") || statement.notAction) continue;
      for (const action of actions) {
        if (keyIn(key, action.conditionKeys)) {
          findings.expect(true, "iam-condition-key-applies", property, "");
          continue;
        }
        const granted = statement.resources.flatMap((arn) => typesFitting(action, arn));
        const carrying = granted.filter((t) => keyIn(key, t.conditionKeys));
        findings.expect(
          carrying.length > 0,
          "iam-condition-key-applies",
          property,
          `"${key}" applies neither to ${action.id} nor to the resource types granted (${[...new Set(granted.map((t) => t.name))].join(", ") || "none"})`,
        );
        const lacking = [...new Set(granted.filter((t) => !keyIn(key, t.conditionKeys)).map((t) => t.name))];
        if (carrying.length === 0 || operator === "Null") continue;
        findings.expect(
          lacking.length === 0 || operator.endsWith("IfExists"),
          "iam-condition-ifexists",
          property,
          `"${key}" is absent from ${action.id} requests on ${lacking.join(", ")}, so ${operator} never matches there and AWS denies the call; use ${operator}IfExists`,
          SOURCES.conditionIfExists,
        );
      }
    }
  }
}

async function checkStatement(policy: PlannedPolicy, statement: Statement, n: number): Promise<Findings> {
  const findings = new Findings(policy, `Statement[${n}]`);
  if (policy.kind === "trust") {
    checkTrust(statement, findings, HOME_TRUST);
    return findings;
  }
  if (policy.kind === "cross-account-trust") {
    checkTrust(statement, findings, MEMBER_TRUST);
    return findings;
  }
  const actions = await resolveActions(statement, findings);
  if (!statement.notAction) await checkResources(statement, actions, findings);
  await checkConditions(statement, actions, findings);
  return findings;
}

/**
 * IAM against the Service Authorization Reference: every action exists in its exact case; every granted ARN fits
 * a resource type the action accepts and every required type is granted; every condition key exists and applies
 * (with `IfExists` where a granted type lacks it); no write, permissions or tagging action on `"*"`; trust
 * policies name service principals only. AWS's known exceptions are kept as data in `exceptions.ts`.
 */
export const checkIam: PlanCheck = async (plan: readonly PlannedResource[]): Promise<ConformanceResult> => {
  const result: ConformanceResult = { checks: 0, problems: [] };
  for (const policy of policiesOf(plan)) {
    if (policy.statements.length === 0) {
      result.checks++;
      result.problems.push({
        severity: "error",
        ruleClass: "iam",
        rule: "iam-document",
        resourceType: policy.resource.type,
        resource: policy.resource.name,
        property: policy.property,
        message: "the policy document has no statement or is not JSON",
        source: "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_grammar.html",
      });
      continue;
    }
    for (const [n, statement] of policy.statements.entries()) {
      const findings = await checkStatement(policy, statement, n);
      result.checks += findings.checks;
      result.problems.push(...findings.problems);
    }
  }
  return result;
};
