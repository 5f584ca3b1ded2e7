import { FakeAws, notFoundMessage, PENDING_MS } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { matchesRule } from "@fleetwatch/devkit/fakes/eventbridge";
import { AwsCallError, parseCommandResult } from "@fleetwatch/onboarding";
import { Ec2InstanceDirectory } from "@fleetwatch/onboarding-aws";
import { describe, expect, it } from "vitest";
import { resultPattern } from "../../../stacks/onboarding";

const REGION = "us-east-1";
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;
const PARAMS = { action: ["install"] } as never;

function fake() {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(1), tagLagMs: 0, commandDurationMs: 20_000 });
  return { clock, aws, ports: aws.ports(REGION) };
}

describe("FakeAws DescribeInstances by ids", () => {
  it("fails unknown ids with InvalidInstanceID.NotFound in EC2's words, one id or several", () => {
    expect(notFoundMessage([id(1)])).toBe(`The instance ID '${id(1)}' does not exist`);
    expect(notFoundMessage([id(1), id(2)])).toBe(`The instance IDs '${id(1)}, ${id(2)}' do not exist`);
  });

  it("answers the known ids and counts the adapter's second call without the unknown ones", async () => {
    const { aws, ports } = fake();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0 });
    aws.launch({ id: id(4), region: "eu-west-1", registersAfterMs: 0 });
    const described = await ports.instances.describe([id(1), id(2), id(3), id(4)]);
    expect(described.map((i) => i.id)).toEqual([id(1)]);
    // The first call fails for the ids EC2 does not know in this region; the second asks without them.
    expect(aws.calls["ec2:DescribeInstances"]).toBe(2);
    await ports.instances.describe([id(1)]);
    expect(aws.calls["ec2:DescribeInstances"]).toBe(3);
  });

  it("makes as many calls as the adapter makes against EC2 for the same ids", async () => {
    const { aws, ports } = fake();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0 });
    const sent: string[][] = [];
    const client = {
      send: async (command: { input: { InstanceIds: string[] } }) => {
        const ids = command.input.InstanceIds;
        sent.push(ids);
        const unknown = ids.filter((i) => i !== id(1));
        if (unknown.length > 0)
          throw Object.assign(new Error(notFoundMessage(unknown)), {
            name: "InvalidInstanceID.NotFound",
            $fault: "client",
            $metadata: { httpStatusCode: 400 },
          });
        return { Reservations: [{ Instances: [{ InstanceId: id(1), State: { Name: "running" } }] }] };
      },
    };
    const adapter = new Ec2InstanceDirectory(client as never, REGION);
    const ids = [id(2), id(1), id(3)];
    expect((await adapter.describe(ids)).map((i) => i.id)).toEqual([id(1)]);
    expect((await ports.instances.describe(ids)).map((i) => i.id)).toEqual([id(1)]);
    expect(aws.calls["ec2:DescribeInstances"]).toBe(sent.length);
  });

  it("still fails a call for another reason (the adapter does not swallow it)", async () => {
    const { aws, ports } = fake();
    aws.launch({
      id: id(1),
      region: REGION,
      registersAfterMs: 0,
      faults: { "ec2:DescribeInstances": { code: "UnauthorizedOperation", status: 403 } },
    });
    await expect(ports.instances.describe([id(1)])).rejects.toThrow(AwsCallError);
  });
});

describe("FakeAws SSM invocations", () => {
  it("go Pending, InProgress, then final; executing (ListCommands) until the final status", async () => {
    const { clock, aws, ports } = fake();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0 });
    const commandId = await ports.commands.send([id(1)], PARAMS);
    expect(aws.invocationStatus(commandId, id(1))).toBe("Pending");
    expect(await ports.commands.inFlight()).toEqual(new Set([id(1)]));
    clock.advance(PENDING_MS);
    expect(aws.invocationStatus(commandId, id(1))).toBe("InProgress");
    expect(await ports.commands.inFlight()).toEqual(new Set([id(1)]));
    clock.advance(20_000);
    expect(aws.invocationStatus(commandId, id(1))).toBe("Success");
    expect(await ports.commands.inFlight()).toEqual(new Set());
  });

  it("are Delayed while their instance is briefly unreachable, and end that much later", async () => {
    const { clock, aws, ports } = fake();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0, unreachableMs: 30_000 });
    const commandId = await ports.commands.send([id(1)], PARAMS);
    clock.advance(PENDING_MS);
    expect(aws.invocationStatus(commandId, id(1))).toBe("Delayed");
    expect(await ports.commands.inFlight()).toEqual(new Set([id(1)]));
    clock.advance(30_000);
    expect(aws.invocationStatus(commandId, id(1))).toBe("InProgress");
    clock.advance(20_000 - PENDING_MS);
    expect(aws.invocationStatus(commandId, id(1))).toBe("Success");
    const events = aws.drainEvents().map((e) => parseCommandResult(JSON.stringify(e.body)).status);
    expect(events).toEqual(["Pending", "Delayed", "InProgress", "Success"]);
  });

  it("publish every status change once, and only the final ones pass the stack's result rule", async () => {
    const { clock, aws, ports } = fake();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0, unreachableMs: 5_000 });
    aws.launch({ id: id(2), region: REGION, registersAfterMs: 0, command: "Failed" });
    await ports.commands.send([id(1), id(2)], PARAMS);
    clock.advance(10_000);
    // Nothing final yet: the rule forwards nothing, and the non-final changes are not published again later.
    expect(aws.drainResults()).toEqual([]);
    clock.advance(60_000);
    const results = aws.drainResults().map((e) => parseCommandResult(JSON.stringify(e.body)));
    expect(results.map((r) => [r.id, r.status])).toEqual([
      [id(1), "Success"],
      [id(2), "Failed"],
    ]);
    expect(aws.drainEvents()).toEqual([]);
  });

  it("are filtered as the stack's result rule filters them: final statuses of fleetwatch's document only", () => {
    const { aws } = fake();
    const rule = resultPattern(aws.documentName);
    const event = (status: string, documentName = aws.documentName) => ({
      source: "aws.ssm",
      "detail-type": "EC2 Command Invocation Status-change Notification",
      detail: { "document-name": documentName, status },
    });
    for (const status of ["Success", "Failed", "TimedOut", "Cancelled"])
      expect(matchesRule(rule, event(status)), status).toBe(true);
    for (const status of ["Pending", "InProgress", "Delayed"])
      expect(matchesRule(rule, event(status)), status).toBe(false);
    expect(matchesRule(rule, event("Success", "AWS-RunShellScript"))).toBe(false);
  });

  it("fail when their instance is terminated mid-flight, at the termination", async () => {
    const { clock, aws, ports } = fake();
    aws.launch({ id: id(1), region: REGION, registersAfterMs: 0, terminatesAfterMs: 5_000 });
    const commandId = await ports.commands.send([id(1)], PARAMS);
    clock.advance(5_000);
    expect(aws.invocationStatus(commandId, id(1))).toBe("Failed");
    expect(await ports.commands.inFlight()).toEqual(new Set());
    expect(aws.drainResults().map((e) => (e.body.detail as { status: string }).status)).toEqual(["Failed"]);
  });
});
