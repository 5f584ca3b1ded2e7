import type * as pulumi from "@pulumi/pulumi";
import { arnOf } from "./arns.js";
import { organization, unitAccounts } from "./organization.js";
import { type PolicyStatementInput, renderPolicyDocument } from "./policy-document.js";
import { unwrapSecrets } from "./secrets.js";

/** The AWS account and region the mocked provider pretends to be. */
export interface MockAccount {
  accountId: string;
  region: string;
}

/** One resource the app registered, with its inputs as resolved at registration (secrets unwrapped). */
export interface RecordedResource {
  /** Pulumi type token, e.g. `aws:s3/bucketV2:BucketV2`. */
  type: string;
  /** Logical (Pulumi) name. */
  name: string;
  inputs: Record<string, unknown>;
  /** Provider reference, when the resource was created with an explicit provider (e.g. another region). */
  provider?: string;
  /** Whether it is a real cloud resource, rather than a component. */
  custom: boolean;
  /** Resource options that decide what happens on removal. */
  options: ResourceRemovalOptions;
}

/** `protect` and `retainOnDelete` as the app (and SST's `removal` setting) left them. */
export interface ResourceRemovalOptions {
  protect: boolean;
  retainOnDelete: boolean;
}

function physicalName(args: pulumi.runtime.MockResourceArgs): string {
  const inputs = args.inputs as Record<string, unknown>;
  for (const key of ["name", "bucket", "functionName", "roleName"]) {
    const value = inputs[key];
    if (typeof value === "string" && value) return value;
  }
  const fallback = args.name.toLowerCase().replace(/[^a-z0-9-]/g, "-");
  // AWS completes a prefix with a unique suffix; the total stays within the type's name limit.
  return typeof inputs.namePrefix === "string" ? `${inputs.namePrefix}${fallback}`.slice(0, 32) : fallback;
}

/** The region a resource is created in: its explicit provider's, else the account's. */
function regionOf(
  args: pulumi.runtime.MockResourceArgs,
  providers: Map<string, string>,
  account: MockAccount,
) {
  if (!args.provider) return account.region;
  return providers.get(providerName(args.provider)) ?? account.region;
}

/** The logical name of the provider a reference (`<urn>::<id>`, the URN ending `::<name>`) points at. */
export function providerName(reference: string): string {
  const parts = reference.split("::");
  return parts[parts.length - 2] ?? "";
}

function callResult(args: pulumi.runtime.MockCallArgs, account: MockAccount): Record<string, unknown> {
  const inputs = (args.inputs ?? {}) as Record<string, unknown>;
  switch (args.token) {
    case "aws:index/getRegion:getRegion":
      return {
        id: account.region,
        name: account.region,
        region: account.region,
        endpoint: "",
        description: "",
      };
    case "aws:index/getPartition:getPartition":
      return { id: "aws", partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws" };
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        id: account.accountId,
        accountId: account.accountId,
        arn: `arn:aws:iam::${account.accountId}:user/offline`,
        userId: "AIDAOFFLINE",
      };
    case "aws:index/getAvailabilityZones:getAvailabilityZones": {
      const names = ["a", "b", "c"].map((s) => `${account.region}${s}`);
      return {
        id: account.region,
        names,
        zoneIds: names.map((_, i) => `use1-az${i + 1}`),
        groupNames: names,
      };
    }
    case "aws:ec2/getAmi:getAmi":
      return {
        id: "ami-0123456789abcdef0",
        architecture: "arm64",
        name: "offline-ami",
        imageId: "ami-0123456789abcdef0",
      };
    case "aws:ec2/getRouteTables:getRouteTables":
      return { id: String(inputs.vpcId ?? "vpc"), ids: ["rtb-0aaaaaaaaaaaaaaaa", "rtb-0bbbbbbbbbbbbbbbb"] };
    case "aws:iam/getPolicyDocument:getPolicyDocument": {
      const statements = (unwrapSecrets(inputs.statements) ?? []) as PolicyStatementInput[];
      const json = JSON.stringify(renderPolicyDocument(statements), null, 2);
      return { id: "policy", json, minifiedJson: JSON.stringify(JSON.parse(json)), statements };
    }
    case "aws:organizations/getOrganization:getOrganization":
      return organization(account);
    case "aws:organizations/getOrganizationalUnitDescendantAccounts:getOrganizationalUnitDescendantAccounts": {
      const parentId = String(inputs.parentId ?? "");
      return { id: parentId, parentId, accounts: unitAccounts(parentId, account.accountId) };
    }
    default:
      return inputs;
  }
}

/** Pulumi mocks that behave like a quiet AWS account: every resource is created, lookups answer sensibly. */
export function createMocks(
  account: MockAccount,
  record: (r: Omit<RecordedResource, "options">) => void,
): pulumi.runtime.Mocks {
  const providerRegions = new Map<string, string>();
  return {
    newResource(args) {
      const inputs = unwrapSecrets(args.inputs) as Record<string, unknown>;
      record({
        type: args.type,
        name: args.name,
        inputs,
        ...(args.provider ? { provider: args.provider } : {}),
        custom: args.custom ?? true,
      });
      if (args.type === "pulumi:providers:aws" && typeof inputs.region === "string")
        providerRegions.set(args.name, inputs.region);
      const name = physicalName(args);
      const id = args.id && args.id !== "" ? args.id : `${name}-id`;
      const arn = arnOf(args.type, name, inputs, {
        accountId: account.accountId,
        region: regionOf(args, providerRegions, account),
      });
      return {
        id,
        state: {
          ...inputs,
          id,
          name: inputs.name ?? name,
          arn: inputs.arn ?? arn,
          bucket: inputs.bucket ?? name,
          bucketDomainName: `${name}.s3.amazonaws.com`,
          bucketRegionalDomainName: `${name}.s3.${account.region}.amazonaws.com`,
          dnsName: `${name}.${account.region}.elb.amazonaws.com`,
          zoneId: "Z0OFFLINE",
          url: `https://sqs.${account.region}.amazonaws.com/${account.accountId}/${name}`,
          invokeArn: `arn:aws:apigateway:${account.region}:lambda:path/functions/${name}/invocations`,
          qualifiedArn: `${arn}:$LATEST`,
          version: "1",
          primaryNetworkInterfaceId: `eni-${name}`,
        },
      };
    },
    call(args) {
      return callResult(args, account);
    },
  };
}
