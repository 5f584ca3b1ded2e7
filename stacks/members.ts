// The member accounts' side: a CloudFormation StackSet putting fleetwatch's member role, Command document and
// forwarding rules in every member account and region, and the home bus policy admitting their events. The
// template is @fleetwatch/members' `memberTemplate`, made from the home account's own definitions.
import type { ResolvedConfig } from "@fleetwatch/config";
import {
  type CfnValue,
  grantStatements,
  type MemberDeployment,
  type MirrorAccess,
  memberDeployment,
  memberTemplate,
  mirrorAccess,
  ROLE_REGION_PARAMETER,
  stackAccountArn,
} from "@fleetwatch/members";
import { commandDocument, type OnboardingSettings } from "@fleetwatch/onboarding";
import { ec2Discovery } from "./monitoring/iam";
import { EC2_RUNNING_PATTERN, installScript, resultPattern } from "./onboarding";
import { fleetGrants } from "./onboarding-grants";

/** What the member side takes from the other stacks. */
export interface MembersDeps {
  /** The onboarding settings: the document's name and release, the tag prefix. */
  settings: OnboardingSettings;
  /**
   * The roles the member role trusts, and only they: the onboarding Lambdas' execution roles and the Prometheus
   * task roles of the home account.
   */
  trustedRoleArns: $util.Input<string>[];
}

export interface Members {
  deployment: MemberDeployment;
  stackSet: aws.cloudformation.StackSet;
  instances: aws.cloudformation.StackSetInstance[];
  busPolicy: aws.cloudwatch.EventBusPolicy;
  /**
   * The statement each node_exporter mirror bucket's policy needs for member instances to download from it (empty
   * without an S3 mirror). The buckets are the user's: the plan prints the statements, nothing applies them.
   */
  mirrorAccess: $util.Output<MirrorAccess[]>;
}

/** The role CloudFormation assumes in each listed account (self-managed permissions): AWS's documented name. */
export const EXECUTION_ROLE_NAME = "AWSCloudFormationStackSetExecutionRole";

/**
 * One failing account never stops the rest: regions in parallel, a quarter of the accounts at a time, and up to a
 * tenth of them may fail per region before CloudFormation stops the operation there.
 */
const OPERATION_PREFERENCES = {
  regionConcurrencyType: "PARALLEL",
  maxConcurrentPercentage: 25,
  failureTolerancePercentage: 10,
};

interface Context {
  config: ResolvedConfig;
  deployment: MemberDeployment;
  account: $util.Output<string>;
  partition: $util.Output<string>;
}

/** The member template's body, made at deploy time (the home account and the trusted roles' ARNs). */
function templateBody(ctx: Context, deps: MembersDeps): $util.Output<string> {
  const { config } = ctx;
  const script = installScript();
  const grants = fleetGrants<CfnValue>("member", {
    regions: ctx.deployment.regions,
    tagPrefix: deps.settings.tagPrefix,
    documentName: deps.settings.documentName,
    arn: stackAccountArn,
  });
  const discovery = ec2Discovery();
  const statements = [
    ...grantStatements("Onboarding", grants),
    { Sid: "Ec2Discovery", Effect: "Allow" as const, Action: discovery.Action, Resource: "*" },
  ];
  const contentByRegion = Object.fromEntries(
    ctx.deployment.regions.map((region) => [region, commandDocument(deps.settings.exporter, region, script)]),
  );
  return $util.all([ctx.account, $util.all(deps.trustedRoleArns)]).apply(([homeAccountId, trustedRoleArns]) =>
    JSON.stringify(
      memberTemplate({
        homeAccountId,
        homeRegion: config.homeRegion,
        memberRoleName: config.accounts.memberRoleName,
        trustedRoleArns,
        statements,
        document: { name: deps.settings.documentName, contentByRegion },
        forwarded: { Launch: EC2_RUNNING_PATTERN, Result: resultPattern(deps.settings.documentName) },
      }),
    ),
  );
}

/**
 * The self-managed StackSet's administration role (AWS's AWSCloudFormationStackSetAdministrationRole): assumed by
 * CloudFormation, it may assume the execution role in the listed accounts only.
 */
function administrationRole(ctx: Context, accounts: string[]): aws.iam.Role {
  return new aws.iam.Role("MemberStackSetAdministrationRole", {
    description: "fleetwatch: CloudFormation deploys the member StackSet to the listed accounts",
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "cloudformation.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
    inlinePolicies: [
      {
        name: "assume-execution-roles",
        policy: $jsonStringify({
          Version: "2012-10-17",
          Statement: [
            {
              Effect: "Allow",
              Action: "sts:AssumeRole",
              Resource: accounts.map(
                (id) => $interpolate`arn:${ctx.partition}:iam::${id}:role/${EXECUTION_ROLE_NAME}`,
              ),
            },
          ],
        }),
      },
    ],
  });
}

/** The StackSet: service-managed and auto-deployed for Organization units, self-managed for listed accounts. */
function stackSet(ctx: Context, body: $util.Output<string>): aws.cloudformation.StackSet {
  const { deployment } = ctx;
  const common = {
    name: `${$app.name}-${$app.stage}-members`,
    description:
      "fleetwatch: the member role, the Command document and event forwarding in each member account",
    capabilities: ["CAPABILITY_NAMED_IAM"],
    templateBody: body,
    operationPreferences: OPERATION_PREFERENCES,
    managedExecution: { active: true },
  };
  if (deployment.mode === "organization")
    return new aws.cloudformation.StackSet("MemberStackSet", {
      ...common,
      permissionModel: "SERVICE_MANAGED",
      // An account that leaves the units loses its stack: its role and rules go, so it is no longer onboarded or
      // scraped; its instances keep their tags.
      autoDeployment: { enabled: true, retainStacksOnAccountRemoval: false },
      callAs: callAs(ctx.config),
    });
  const accounts = [...new Set(deployment.instances.map((i) => i.account))];
  return new aws.cloudformation.StackSet("MemberStackSet", {
    ...common,
    permissionModel: "SELF_MANAGED",
    administrationRoleArn: administrationRole(ctx, accounts).arn,
    executionRoleName: EXECUTION_ROLE_NAME,
  });
}

const callAs = (config: ResolvedConfig) =>
  config.accounts.organization?.delegatedAdministrator ? "DELEGATED_ADMIN" : "SELF";

/**
 * The stack instances: per region for the units (the home account excluded: it has its own resources), or per
 * listed account and region.
 */
function instances(ctx: Context, set: aws.cloudformation.StackSet): aws.cloudformation.StackSetInstance[] {
  const { deployment } = ctx;
  if (deployment.mode === "organization")
    return deployment.regions.map(
      (region) =>
        new aws.cloudformation.StackSetInstance(`MemberStackSetInstance-${region}`, {
          stackSetName: set.name,
          stackSetInstanceRegion: region,
          callAs: callAs(ctx.config),
          deploymentTargets: {
            organizationalUnitIds: deployment.units,
            accountFilterType: "DIFFERENCE",
            accounts: [ctx.account],
          },
          operationPreferences: OPERATION_PREFERENCES,
        }),
    );
  return deployment.instances.map(
    (i) =>
      new aws.cloudformation.StackSetInstance(`MemberStackSetInstance-${i.account}-${i.region}`, {
        stackSetName: set.name,
        accountId: i.account,
        stackSetInstanceRegion: i.region,
        ...(i.roleRegion === ctx.config.homeRegion
          ? {}
          : { parameterOverrides: { [ROLE_REGION_PARAMETER]: i.roleRegion } }),
      }),
  );
}

const organizationId = () => aws.organizations.getOrganizationOutput().id;

/** The mirror buckets' statements, with the Organization's id as the deploy reads it (Organization mode). */
function mirrorAccessOf(ctx: Context): $util.Output<MirrorAccess[]> {
  const { config, deployment } = ctx;
  const organization = deployment.mode === "organization" ? organizationId() : undefined;
  return $util
    .all([ctx.partition, organization])
    .apply(([partition, id]) => mirrorAccess(config, deployment, { partition, organizationId: id }));
}

/**
 * The home default bus admits PutEvents from the Organization (by `aws:PrincipalOrgID`) or the listed accounts.
 * It replaces any other policy of the default bus.
 */
function busPolicy(ctx: Context): aws.cloudwatch.EventBusPolicy {
  const { deployment } = ctx;
  const bus = $interpolate`arn:${ctx.partition}:events:${ctx.config.homeRegion}:${ctx.account}:event-bus/default`;
  const statement =
    deployment.mode === "organization"
      ? {
          Sid: "FleetwatchOrganization",
          Effect: "Allow",
          Principal: "*",
          Action: "events:PutEvents",
          Resource: bus,
          Condition: { StringEquals: { "aws:PrincipalOrgID": organizationId() } },
        }
      : {
          Sid: "FleetwatchMembers",
          Effect: "Allow",
          Principal: {
            AWS: [...new Set(deployment.instances.map((i) => i.account))].map(
              (id) => $interpolate`arn:${ctx.partition}:iam::${id}:root`,
            ),
          },
          Action: "events:PutEvents",
          Resource: bus,
        };
  return new aws.cloudwatch.EventBusPolicy("MemberEventBusPolicy", {
    eventBusName: "default",
    policy: $jsonStringify({ Version: "2012-10-17", Statement: [statement] }),
  });
}

/**
 * The member side for the config's accounts: the StackSet with its instances and the home bus policy, or nothing
 * at all when there are no member accounts.
 */
export function createMembers(config: ResolvedConfig, deps: MembersDeps): Members | undefined {
  const deployment = memberDeployment(config);
  if (!deployment) return undefined;
  const ctx: Context = {
    config,
    deployment,
    account: aws.getCallerIdentityOutput({}).accountId,
    partition: aws.getPartitionOutput({}).partition,
  };
  const set = stackSet(ctx, templateBody(ctx, deps));
  return {
    deployment,
    stackSet: set,
    instances: instances(ctx, set),
    busPolicy: busPolicy(ctx),
    mirrorAccess: mirrorAccessOf(ctx),
  };
}
