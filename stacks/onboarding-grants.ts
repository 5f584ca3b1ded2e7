// The EC2 and SSM grants of onboarding in one account, one source for the home account's Lambda roles
// (stacks/onboarding.ts) and the member role of every member account (stacks/members.ts). Generic over how an
// ARN is written: a Pulumi Output at home, a CloudFormation `Fn::Sub` in the member template.

/** One grant in SST's permission shape: actions on resources, optionally under conditions. */
export interface Grant<A> {
  actions: string[];
  resources: (A | "*")[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

/** Which Lambda the grants are for; `member` is what all of them do in a member account. */
export type GrantKind = "onboard" | "complete" | "reconcile" | "member";

/** What the grants are made of. */
export interface FleetGrantParams<A> {
  /** The regions onboarded in the account. */
  regions: readonly string[];
  /** fleetwatch's tag prefix: the only tag keys onboarding may create or delete. */
  tagPrefix: string;
  /** fleetwatch's Command document: the only document onboarding may send. */
  documentName: string;
  /** The ARN of `resource` of `service` in `region` of the account. */
  arn: (service: string, region: string, resource: string) => A;
}

/**
 * The read-only calls (no resource-level permissions exist for them), tagging limited to the prefix's keys, and
 * SendCommand limited to fleetwatch's document and the account's instances.
 */
export function fleetGrants<A>(kind: GrantKind, p: FleetGrantParams<A>): Grant<A>[] {
  const instances = p.regions.map((r) => p.arn("ec2", r, "instance/*"));
  const readOnly =
    kind === "complete"
      ? ["ec2:DescribeInstances"]
      : ["ec2:DescribeInstances", "ssm:DescribeInstanceInformation", "ssm:ListCommands"];
  const grants: Grant<A>[] = [
    { actions: readOnly, resources: ["*"] },
    {
      actions: ["ec2:CreateTags", "ec2:DeleteTags"],
      resources: instances,
      conditions: [
        { test: "ForAllValues:StringLike", variable: "aws:TagKeys", values: [`${p.tagPrefix}*`] },
        { test: "Null", variable: "aws:TagKeys", values: ["false"] },
      ],
    },
  ];
  if (kind !== "complete")
    grants.push({
      actions: ["ssm:SendCommand"],
      resources: [...p.regions.map((r) => p.arn("ssm", r, `document/${p.documentName}`)), ...instances],
    });
  return grants;
}
