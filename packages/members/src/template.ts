import { byRegion } from "./by-region.js";
import {
  type CfnResource,
  type CfnTemplate,
  type CfnValue,
  equals,
  getAtt,
  logicalId,
  ref,
  sub,
} from "./cfn.js";
import type { PolicyStatement } from "./statements.js";

/** The parameter naming the region whose stack instance creates the member role (IAM is global). */
export const ROLE_REGION_PARAMETER = "RoleRegion";
/** The member role's logical id in the template. */
export const MEMBER_ROLE = "MemberRole";
/** The role EventBridge uses to put events on the home account's bus. */
export const FORWARDING_ROLE = "ForwardingRole";

/** What the member template is made of: every part comes from the definition the home account uses. */
export interface MemberTemplateSpec {
  /** The account fleetwatch is deployed in: its default bus receives the forwarded events. */
  homeAccountId: string;
  /** fleetwatch's region: its default bus receives the forwarded events. */
  homeRegion: string;
  /** The role every member account gets (`accounts.memberRoleName`). */
  memberRoleName: string;
  /** The only principals the member role trusts: the home account's onboarding Lambda and Prometheus task roles. */
  trustedRoleArns: readonly string[];
  /** The member role's statements: the home onboarding grants and the Prometheus discovery calls. */
  statements: readonly PolicyStatement[];
  /** fleetwatch's Command document: its name (the same as at home) and its content in each region. */
  document: { name: string; contentByRegion: Readonly<Record<string, object>> };
  /** The event patterns forwarded to the home bus, by what they carry (`Launch`, `Result`). */
  forwarded: Readonly<Record<string, object>>;
}

/** The Command document's logical id. */
export const NODE_EXPORTER_DOCUMENT = "NodeExporterDocument";
/** The mapping holding what the document's content has per region (its default source). */
const DOCUMENT_MAPPING = "DocumentByRegion";
const HOME_BUS_TARGET = "fleetwatch-home-bus";

/** The home account's default bus in the home region, written in the member stack's partition. */
export const homeBusArn = (spec: Pick<MemberTemplateSpec, "homeAccountId" | "homeRegion">) =>
  sub(`arn:\${AWS::Partition}:events:${spec.homeRegion}:${spec.homeAccountId}:event-bus/default`);

/** A policy document of statements. */
const policy = (statements: unknown[]) => ({ Version: "2012-10-17", Statement: statements }) as CfnValue;

/** The member role: assumed by fleetwatch's roles in the home account only, granted what they do there. */
function memberRole(spec: MemberTemplateSpec): CfnResource {
  return {
    Type: "AWS::IAM::Role",
    Condition: "CreatesRole",
    Properties: {
      RoleName: spec.memberRoleName,
      Description: `fleetwatch: onboarding and Prometheus discovery from account ${spec.homeAccountId}`,
      AssumeRolePolicyDocument: policy([
        {
          Effect: "Allow",
          Principal: { AWS: [...spec.trustedRoleArns] },
          Action: "sts:AssumeRole",
        },
      ]),
      Policies: [{ PolicyName: "fleetwatch-member", PolicyDocument: policy([...spec.statements]) }],
    },
  };
}

/** EventBridge's role for the cross-account bus target: PutEvents on the home bus only. */
function forwardingRole(spec: MemberTemplateSpec): CfnResource {
  return {
    Type: "AWS::IAM::Role",
    Properties: {
      Description: `fleetwatch: forward events to the default bus of ${spec.homeAccountId} in ${spec.homeRegion}`,
      AssumeRolePolicyDocument: policy([
        { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" },
      ]),
      Policies: [
        {
          PolicyName: "put-events-home",
          PolicyDocument: policy([
            { Effect: "Allow", Action: "events:PutEvents", Resource: homeBusArn(spec) },
          ]),
        },
      ],
    },
  };
}

/** A rule on the member's default bus forwarding `pattern` to the home bus (events keep account and region). */
function forwardRule(spec: MemberTemplateSpec, kind: string, pattern: object): CfnResource {
  return {
    Type: "AWS::Events::Rule",
    Properties: {
      Description: `fleetwatch: forward ${kind} events to ${spec.homeAccountId} in ${spec.homeRegion}`,
      EventBusName: "default",
      EventPattern: pattern as CfnValue,
      State: "ENABLED",
      Targets: [{ Id: HOME_BUS_TARGET, Arn: homeBusArn(spec), RoleArn: getAtt(FORWARDING_ROLE, "Arn") }],
    },
  };
}

/** fleetwatch's Command document under the home account's name, its region's content; new versions on update. */
function nodeExporterDocument(spec: MemberTemplateSpec, content: CfnValue): CfnResource {
  return {
    Type: "AWS::SSM::Document",
    Properties: {
      Name: spec.document.name,
      DocumentType: "Command",
      DocumentFormat: "JSON",
      // A named document cannot be replaced (the new one would take the old one's name): update in place.
      UpdateMethod: "NewVersion",
      Content: content,
    },
  };
}

/**
 * The template fleetwatch's StackSet deploys to every member account and region: the member role (in the stack
 * instance of the role region only, `RoleRegion`: IAM is global), fleetwatch's Command document (one content, what
 * differs by region looked up in a mapping), and rules forwarding EC2 state changes and fleetwatch's Run Command results to the home bus.
 */
export function memberTemplate(spec: MemberTemplateSpec): CfnTemplate {
  const content = byRegion(spec.document.contentByRegion, DOCUMENT_MAPPING);
  const resources: Record<string, CfnResource> = {
    [MEMBER_ROLE]: memberRole(spec),
    [FORWARDING_ROLE]: forwardingRole(spec),
  };
  for (const [kind, pattern] of Object.entries(spec.forwarded))
    resources[logicalId("Forward", kind, "Rule")] = forwardRule(spec, kind, pattern);
  resources[NODE_EXPORTER_DOCUMENT] = nodeExporterDocument(spec, content.value);
  return {
    AWSTemplateFormatVersion: "2010-09-09",
    Description: `fleetwatch member account: the ${spec.memberRoleName} role, the ${spec.document.name} document, forwarding to ${spec.homeAccountId}`,
    Parameters: {
      [ROLE_REGION_PARAMETER]: {
        Type: "String",
        Default: spec.homeRegion,
        Description:
          "The region whose stack instance creates the member role (IAM is global: one per account)",
        AllowedPattern: "^[a-z]{2}(-[a-z]+)+-\\d$",
      },
    },
    ...(Object.keys(content.mapping).length > 0 ? { Mappings: { [DOCUMENT_MAPPING]: content.mapping } } : {}),
    Conditions: { CreatesRole: equals(ref("AWS::Region"), ref(ROLE_REGION_PARAMETER)) },
    Resources: resources,
    Outputs: {
      MemberRoleArn: {
        Description: "The role fleetwatch assumes in this account",
        Value: getAtt(MEMBER_ROLE, "Arn"),
        Condition: "CreatesRole",
      },
    },
  };
}
