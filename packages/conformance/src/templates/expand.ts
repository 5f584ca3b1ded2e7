import type { PlanContext, PlannedResource, Problem } from "../problem.js";
import { resolveIntrinsics, TEMPLATE_ACCOUNT_ID, type TemplateScope } from "./resolve.js";

/** Plan resources that carry a CloudFormation template, and the input holding it. */
const TEMPLATE_INPUTS: Readonly<Record<string, string>> = {
  "aws:cloudformation/stackSet:StackSet": "templateBody",
  "aws:cloudformation/stack:Stack": "templateBody",
};

/** A template's resource, checked like a plan resource (its `type` a CloudFormation type). */
export interface TemplateResource extends PlannedResource {
  /** The plan resource whose template holds it. */
  owner: PlannedResource;
  /** Where its properties sit in the owner's inputs, e.g. `templateBody.Resources.MemberRole.Properties`. */
  at: string;
}

interface RawTemplate {
  Parameters?: Record<string, { Default?: unknown }>;
  Resources?: Record<string, { Type?: unknown; Properties?: unknown }>;
}

const TEMPLATE_SOURCE =
  "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/template-anatomy.html";

/** CloudFormation's limit on a template passed in the request (`TemplateBody`), in bytes. */
export const TEMPLATE_BODY_BYTES = 51_200;
const QUOTAS_SOURCE =
  "https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/cloudformation-limits.html (template body size in a request)";

/** The ARN a resource's `Fn::GetAtt [id, "Arn"]` stands for, where the checks need one (roles). */
function arnOf(id: string, type: unknown, properties: unknown, scope: Omit<TemplateScope, "arns">) {
  if (type !== "AWS::IAM::Role") return undefined;
  const name = (properties as { RoleName?: unknown } | undefined)?.RoleName;
  return `arn:${scope.partition}:iam::${scope.accountId}:role/${typeof name === "string" ? name : id}`;
}

/**
 * The resources of every template in the plan (a StackSet's `templateBody`), with the intrinsic functions the
 * checks can resolve resolved (`${AWS::AccountId}` as {@link TEMPLATE_ACCOUNT_ID}, the home region, parameter
 * defaults), a problem for each template that is too large or not a JSON template with resources, and how many
 * were read.
 */
export function templateResources(
  plan: readonly PlannedResource[],
  context: PlanContext,
): { resources: TemplateResource[]; problems: Problem[]; templates: number } {
  const resources: TemplateResource[] = [];
  const problems: Problem[] = [];
  let templates = 0;
  for (const owner of plan) {
    const input = TEMPLATE_INPUTS[owner.type];
    const body = input ? owner.inputs[input] : undefined;
    if (!input || typeof body !== "string") continue;
    templates++;
    const bytes = Buffer.byteLength(body);
    if (bytes > TEMPLATE_BODY_BYTES)
      problems.push({
        severity: "error",
        ruleClass: "documented",
        rule: "template-body-size",
        resourceType: owner.type,
        resource: owner.name,
        property: input,
        message: `the template has ${bytes} bytes, more than the ${TEMPLATE_BODY_BYTES} CloudFormation takes in a request (upload it to S3 and pass templateUrl, or make it smaller)`,
        source: QUOTAS_SOURCE,
      });
    let template: RawTemplate;
    try {
      template = JSON.parse(body) as RawTemplate;
    } catch {
      template = {};
    }
    const entries = Object.entries(template.Resources ?? {});
    if (entries.length === 0) {
      problems.push({
        severity: "error",
        ruleClass: "property",
        rule: "template-document",
        resourceType: owner.type,
        resource: owner.name,
        property: input,
        message: "the template is not JSON or has no Resources",
        source: TEMPLATE_SOURCE,
      });
      continue;
    }
    const base = {
      partition: "aws",
      accountId: TEMPLATE_ACCOUNT_ID,
      region: owner.region ?? context.region,
      parameters: Object.fromEntries(
        Object.entries(template.Parameters ?? {}).flatMap(([k, p]) =>
          typeof p.Default === "string" ? [[k, p.Default]] : [],
        ),
      ),
    };
    const arns: Record<string, string> = {};
    for (const [id, r] of entries) {
      const arn = arnOf(id, r.Type, resolveIntrinsics(r.Properties, { ...base, arns: {} }), base);
      if (arn) arns[id] = arn;
    }
    for (const [id, r] of entries)
      resources.push({
        type: String(r.Type),
        name: `${owner.name}/${id}`,
        inputs: (resolveIntrinsics(r.Properties ?? {}, { ...base, arns }) ?? {}) as Record<string, unknown>,
        owner,
        at: `${input}.Resources.${id}.Properties`,
      });
  }
  return { resources, problems, templates };
}

/** A problem found in a template's resource, told of the plan resource that holds the template. */
export function ownedProblem(problem: Problem, resource: TemplateResource): Problem {
  return {
    ...problem,
    resourceType: resource.owner.type,
    resource: resource.owner.name,
    property: `${resource.at}${problem.property ? `.${problem.property}` : ""} (${resource.type})`,
  };
}
