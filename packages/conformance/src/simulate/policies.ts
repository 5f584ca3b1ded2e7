import type { PlannedResource } from "../problem.js";
import { MANAGED_POLICIES, type PolicyDocument } from "./managed.js";
import { jsonInput, type PlanView } from "./plan-view.js";

/** A role's identity policies as the simulator takes them, and the managed ones it could not represent. */
export interface IdentityPolicies {
  policies: { name: string; policy: PolicyDocument }[];
  unknownManaged: string[];
}

function refersTo(value: unknown, role: PlannedResource): boolean {
  if (typeof value !== "string") return false;
  const name = String(role.inputs.name ?? role.name);
  return value === name || value === role.name || value.endsWith(`:role/${name}`);
}

/**
 * Inline policies (`inlinePolicies[].policy`), `aws:iam/rolePolicy` resources on the role, and the AWS managed
 * policies it references (`managedPolicyArns`, `aws:iam/rolePolicyAttachment`) from the hand-kept copies.
 */
export function identityPolicies(view: PlanView, role: PlannedResource): IdentityPolicies {
  const policies: IdentityPolicies["policies"] = [];
  const inline = Array.isArray(role.inputs.inlinePolicies) ? role.inputs.inlinePolicies : [];
  inline.forEach((entry: { name?: string; policy?: unknown }, i) => {
    const policy = jsonInput(entry.policy);
    if (policy)
      policies.push({
        name: `inlinePolicies[${i}] ${entry.name ?? ""}`,
        policy: policy as unknown as PolicyDocument,
      });
  });
  for (const rp of view.ofType("aws:iam/rolePolicy:RolePolicy")) {
    const policy = jsonInput(rp.inputs.policy);
    if (policy && refersTo(rp.inputs.role, role))
      policies.push({ name: rp.name, policy: policy as unknown as PolicyDocument });
  }
  const managed = new Set<string>(
    Array.isArray(role.inputs.managedPolicyArns) ? (role.inputs.managedPolicyArns as string[]) : [],
  );
  for (const attachment of view.ofType("aws:iam/rolePolicyAttachment:RolePolicyAttachment"))
    if (refersTo(attachment.inputs.role, role) && typeof attachment.inputs.policyArn === "string")
      managed.add(attachment.inputs.policyArn);
  const unknownManaged: string[] = [];
  for (const arn of managed) {
    const copy = MANAGED_POLICIES[arn];
    if (copy) policies.push({ name: arn, policy: copy });
    else unknownManaged.push(arn);
  }
  return { policies, unknownManaged };
}

/** The resource policy AWS evaluates with a request on `arn`: the bucket's or the queue's, if it has one. */
export function resourcePolicy(view: PlanView, arn: string): PolicyDocument | undefined {
  if (arn.startsWith("arn:aws:s3:::")) {
    const bucket = arn.slice("arn:aws:s3:::".length).split("/")[0];
    const found = view.ofType("aws:s3/bucketPolicy:BucketPolicy").find((p) => p.inputs.bucket === bucket);
    return found ? (jsonInput(found.inputs.policy) as unknown as PolicyDocument) : undefined;
  }
  if (arn.startsWith("arn:aws:sqs:")) {
    const name = arn.split(":").pop();
    const found = view
      .ofType("aws:sqs/queuePolicy:QueuePolicy")
      .find((p) => String(p.inputs.queueUrl ?? "").endsWith(`/${name}`));
    return found ? (jsonInput(found.inputs.policy) as unknown as PolicyDocument) : undefined;
  }
  return undefined;
}
