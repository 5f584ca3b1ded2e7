import { FakeAws, TAGS_PER_RESOURCE } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { FakeQueue } from "@fleetwatch/devkit/fakes/queue";
import { AwsCallError, MAX_GROUPS_PER_INTERFACE, ThrottledError } from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const REGION = "us-east-1";
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;
const PARAMS = { action: ["install"] } as never;

function fake(options: Partial<ConstructorParameters<typeof FakeAws>[0]> = {}) {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(1), tagLagMs: 0, ...options });
  return { clock, aws, ports: aws.ports(REGION) };
}

function launch(aws: FakeAws, count: number, extra: Partial<Parameters<FakeAws["launch"]>[0]> = {}) {
  for (let n = 1; n <= count; n++) aws.launch({ id: id(n), region: REGION, registersAfterMs: 0, ...extra });
  return Array.from({ length: count }, (_, i) => id(i + 1));
}

describe("FakeAws limits", () => {
  it("refuses SendCommand for more than 50 instances, and sends to 50", async () => {
    const { aws, ports } = fake();
    const ids = launch(aws, 51);
    await expect(ports.commands.send(ids, PARAMS)).rejects.toThrow(AwsCallError);
    expect(aws.sent.size).toBe(0);
    await ports.commands.send(ids.slice(0, 50), PARAMS);
    expect(aws.sent.size).toBe(50);
  });

  it("refuses DescribeInstanceInformation for more than 50 instances", async () => {
    const { aws, ports } = fake();
    const ids = launch(aws, 51);
    await expect(ports.nodes.online(ids)).rejects.toThrow(/exceed the limit of 50/);
    expect((await ports.nodes.online(ids.slice(1))).size).toBe(50);
  });

  it("fails CreateTags whole with TagLimitExceeded past 50 tags on one instance, writing none of the batch", async () => {
    const { aws, ports } = fake();
    const full = Object.fromEntries(Array.from({ length: TAGS_PER_RESOURCE }, (_, i) => [`k${i}`, "v"]));
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0, tags: full });
    aws.launch({ id: id(2), region: REGION, registersAfterMs: 0 });
    await expect(ports.tagger.tag([id(1), id(2)], { "fleetwatch:status": "installed" })).rejects.toThrow(
      /TagLimitExceeded/,
    );
    expect(aws.tagsOf(id(2))).toEqual({});
    // Overwriting an existing key adds no tag: still within the limit.
    await ports.tagger.tag([id(1)], { k0: "w" });
    expect(aws.tagsOf(id(1)).k0).toBe("w");
  });

  it(`refuses more than ${MAX_GROUPS_PER_INTERFACE} security groups on an interface and keeps the old ones`, async () => {
    const { aws, ports } = fake();
    const groups = Array.from({ length: MAX_GROUPS_PER_INTERFACE + 1 }, (_, i) => `sg-${i}`);
    for (const g of groups) aws.securityGroup(g, "vpc-1");
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0, vpcId: "vpc-1", groupIds: ["sg-0"] });
    const eni = `eni-${id(1).slice(2)}`;
    await expect(ports.interfaces.setGroups(eni, groups)).rejects.toThrow(
      /SecurityGroupsPerInterfaceLimitExceeded/,
    );
    expect(aws.groupsOf(id(1))).toEqual(["sg-0"]);
    await ports.interfaces.setGroups(eni, groups.slice(0, MAX_GROUPS_PER_INTERFACE));
    expect(aws.groupsOf(id(1))).toHaveLength(MAX_GROUPS_PER_INTERFACE);
  });

  it("throttles the forced calls with ThrottledError, counted, then answers the next call", async () => {
    const { aws, ports } = fake({ failNext: { "ssm:SendCommand": 1 } });
    const ids = launch(aws, 1);
    await expect(ports.commands.send(ids, PARAMS)).rejects.toThrow(ThrottledError);
    await ports.commands.send(ids, PARAMS);
    expect(aws.calls["ssm:SendCommand"]).toBe(2);
  });

  it("shows a tag write in DescribeInstances only after the tag lag (eventual consistency)", async () => {
    const { aws, clock, ports } = fake({ tagLagMs: 5_000 });
    const ids = launch(aws, 1);
    await ports.tagger.tag(ids, { team: "a" });
    expect((await ports.instances.describe(ids))[0]?.tags).toEqual({});
    clock.advance(5_000);
    expect((await ports.instances.describe(ids))[0]?.tags).toEqual({ team: "a" });
  });
});

describe("FakeQueue limits", () => {
  const queue = (clock = new FakeClock()) =>
    new FakeQueue(clock, { visibilityTimeoutS: 30, maxReceiveCount: 3, batchSize: 10, windowS: 0 });

  it("splits batch calls at 10 entries and fails a DelaySeconds above 900 alone", async () => {
    const q = queue();
    const requeued = Array.from({ length: 25 }, (_, i) => ({
      id: `r${i}`,
      body: "{}",
      delaySeconds: i === 3 ? 901 : 0,
    }));
    const failures = await q.requeue(requeued);
    expect(failures).toEqual([{ messageId: "r3", error: expect.stringMatching(/DelaySeconds 901 > 900/) }]);
    expect(q.calls["sqs:SendMessageBatch"]).toBe(3);
    expect(q.depth).toBe(24);
  });

  it("dead-letters a message received more than maxReceiveCount times, on the next receive", () => {
    const clock = new FakeClock();
    const q = queue(clock);
    q.send("{}");
    for (let n = 0; n < 3; n++) {
      expect(q.receive()).toHaveLength(1);
      clock.advance(30_000);
    }
    expect(q.receive()).toEqual([]);
    expect(q.deadLetters).toHaveLength(1);
    expect(q.depth).toBe(0);
  });
});
