import {
  CreateTagsCommand,
  DeleteTagsCommand,
  DescribeInstancesCommand,
  type DescribeInstancesCommandInput,
  type DescribeInstancesCommandOutput,
  type EC2Client,
  type Instance as Ec2Instance,
  ModifyNetworkInterfaceAttributeCommand,
} from "@aws-sdk/client-ec2";
import {
  chunk,
  EC2_BATCH,
  type Instance,
  type InstanceDirectory,
  type InstancePage,
  type InstanceState,
  type InstanceTagger,
  type NetworkInterface,
  type NetworkInterfaces,
  RECONCILE_TUNING,
} from "@fleetwatch/onboarding";
import { call } from "./errors.js";

/** The interface at device index 0, with its VPC and security groups. */
function primaryInterface(item: Ec2Instance): NetworkInterface | undefined {
  const eni = item.NetworkInterfaces?.find((n) => n.Attachment?.DeviceIndex === 0);
  if (!eni?.NetworkInterfaceId || !eni.VpcId) return undefined;
  return {
    id: eni.NetworkInterfaceId,
    vpcId: eni.VpcId,
    groupIds: (eni.Groups ?? []).flatMap((g) => (g.GroupId ? [g.GroupId] : [])),
  };
}

function toInstance(item: Ec2Instance, region: string): Instance | undefined {
  if (!item.InstanceId || !item.State?.Name) return undefined;
  const eni = primaryInterface(item);
  return {
    id: item.InstanceId,
    region,
    state: item.State.Name as InstanceState,
    // The API answers "windows" (the SDK enum says "Windows").
    ...(item.Platform?.toLowerCase() === "windows" ? { platform: "windows" as const } : {}),
    ...(item.VpcId ? { vpcId: item.VpcId } : {}),
    ...(eni ? { primaryInterface: eni } : {}),
    launchTime: item.LaunchTime ?? new Date(0),
    tags: Object.fromEntries((item.Tags ?? []).map((t) => [t.Key ?? "", t.Value ?? ""])),
  };
}

/** Ids DescribeInstances says do not exist (`InvalidInstanceID.NotFound`: "The instance IDs 'i-1, i-2' do not exist"). */
function missingIds(error: unknown): string[] {
  const cause = (error as { cause?: { name?: string; message?: string } }).cause;
  if (cause?.name !== "InvalidInstanceID.NotFound") return [];
  return cause.message?.match(/i-[0-9a-f]{8,17}/g) ?? [];
}

/** Rounds of asking again without the ids EC2 said do not exist, after the first call. */
const MISSING_ROUNDS = 3;

/**
 * DescribeInstances by ids as EC2 answers it, 1,000 ids per call: one id EC2 does not know fails the whole call
 * with `InvalidInstanceID.NotFound` naming the missing ids, so the call is made again without them (at most
 * {@link MISSING_ROUNDS} times more); the ids it never found are left out. `ask` makes one call (the adapter's
 * DescribeInstances, or a test fake's), and throws the domain's errors.
 */
export async function describeKnown(
  ids: readonly string[],
  ask: (ids: readonly string[]) => Promise<Instance[]>,
): Promise<Instance[]> {
  const out: Instance[] = [];
  for (const slice of chunk(ids, EC2_BATCH)) {
    let asking = [...slice];
    for (let round = 0; asking.length > 0; round++) {
      try {
        out.push(...(await ask(asking)));
        break;
      } catch (error) {
        const missing = missingIds(error);
        if (missing.length === 0 || round >= MISSING_ROUNDS) throw error;
        asking = asking.filter((id) => !missing.includes(id));
      }
    }
  }
  return out;
}

/** DescribeInstances in one region: by ids (following NextToken), or one page of the running ones. */
export class Ec2InstanceDirectory implements InstanceDirectory {
  constructor(
    private readonly client: EC2Client,
    private readonly region: string,
  ) {}

  private instancesOf(page: DescribeInstancesCommandOutput): Instance[] {
    return (page.Reservations ?? []).flatMap((r) =>
      (r.Instances ?? []).flatMap((i) => toInstance(i, this.region) ?? []),
    );
  }

  private async all(input: DescribeInstancesCommandInput): Promise<Instance[]> {
    const out: Instance[] = [];
    let NextToken: string | undefined;
    do {
      const page = await call("ec2:DescribeInstances", () =>
        this.client.send(new DescribeInstancesCommand({ ...input, NextToken })),
      );
      out.push(...this.instancesOf(page));
      NextToken = page.NextToken;
    } while (NextToken);
    return out;
  }

  /** Instances by id, 1,000 per call; ids EC2 no longer knows are left out (asked again without them). */
  async describe(ids: readonly string[]): Promise<Instance[]> {
    return describeKnown(ids, (asking) => this.all({ InstanceIds: [...asking] }));
  }

  /** One page of running instances: a single DescribeInstances call, whatever the region's size. */
  async runningPage(token?: string): Promise<InstancePage> {
    const page = await call("ec2:DescribeInstances", () =>
      this.client.send(
        new DescribeInstancesCommand({
          Filters: [{ Name: "instance-state-name", Values: ["running"] }],
          MaxResults: RECONCILE_TUNING.pageSize,
          ...(token ? { NextToken: token } : {}),
        }),
      ),
    );
    return {
      instances: this.instancesOf(page),
      ...(page.NextToken ? { nextToken: page.NextToken } : {}),
    };
  }
}

/** CreateTags / DeleteTags: one tag set for up to 1,000 instances per call. */
export class Ec2InstanceTagger implements InstanceTagger {
  constructor(private readonly client: EC2Client) {}

  async tag(ids: readonly string[], tags: Record<string, string>): Promise<void> {
    const Tags = Object.entries(tags).map(([Key, Value]) => ({ Key, Value }));
    for (const Resources of chunk(ids, EC2_BATCH))
      await call("ec2:CreateTags", () => this.client.send(new CreateTagsCommand({ Resources, Tags })));
  }

  async untag(ids: readonly string[], keys: readonly string[]): Promise<void> {
    const Tags = keys.map((Key) => ({ Key }));
    for (const Resources of chunk(ids, EC2_BATCH))
      await call("ec2:DeleteTags", () => this.client.send(new DeleteTagsCommand({ Resources, Tags })));
  }
}

/** ModifyNetworkInterfaceAttribute with `Groups`: the interface's whole set of security groups. */
export class Ec2NetworkInterfaces implements NetworkInterfaces {
  constructor(private readonly client: EC2Client) {}

  async setGroups(interfaceId: string, groupIds: readonly string[]): Promise<void> {
    await call("ec2:ModifyNetworkInterfaceAttribute", () =>
      this.client.send(
        new ModifyNetworkInterfaceAttributeCommand({
          NetworkInterfaceId: interfaceId,
          Groups: [...groupIds],
        }),
      ),
    );
  }
}
