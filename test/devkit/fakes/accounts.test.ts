import { ACCOUNT, FakeAws, lambdaPrincipal } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { AccountUnreachableError, NotReadyError } from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const REGION = "us-east-1";
const MEMBER = "210987654321";
const OTHER = "333333333333";
const HOUR = 3_600_000;
const id = (n: number) => `i-${String(n).padStart(17, "0")}`;
const PARAMS = { action: ["install"] } as never;

function fake() {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(1), tagLagMs: 0 });
  aws.launch({ id: id(1), region: REGION, registersAfterMs: 0 });
  aws.launch({ id: id(2), region: REGION, account: MEMBER, registersAfterMs: 0 });
  aws.launch({ id: id(3), region: REGION, account: OTHER, registersAfterMs: 0 });
  return { clock, aws };
}

describe("FakeAws across accounts", () => {
  it("shows each account its own instances only, by id and by page", async () => {
    const { aws } = fake();
    aws.putMemberRole(MEMBER, [lambdaPrincipal("launch")]);
    const member = aws.portsOf("launch")(REGION, MEMBER);
    expect((await member.instances.describe([id(1), id(2), id(3)])).map((i) => i.id)).toEqual([id(2)]);
    expect((await member.instances.runningPage()).instances.map((i) => i.id)).toEqual([id(2)]);
    expect((await aws.portsOf("launch")(REGION).instances.runningPage()).instances.map((i) => i.id)).toEqual([
      id(1),
    ]);
  });

  it("refuses tags and commands on another account's instance, as EC2 and SSM of that account would", async () => {
    const { aws } = fake();
    aws.putMemberRole(MEMBER, [lambdaPrincipal("launch")]);
    const member = aws.portsOf("launch")(REGION, MEMBER);
    await expect(member.tagger.tag([id(1)], { k: "v" })).rejects.toThrow("InvalidInstanceID.NotFound");
    await expect(member.commands.send([id(3)], PARAMS)).rejects.toBeInstanceOf(NotReadyError);
    expect(await member.nodes.online([id(1), id(2)])).toEqual(new Set([id(2)]));
    await member.commands.send([id(2)], PARAMS);
    expect(await member.commands.inFlight()).toEqual(new Set([id(2)]));
    expect(await aws.portsOf("launch")(REGION).commands.inFlight()).toEqual(new Set());
  });

  it("assumes a member role once per container and account, until 5 minutes before it expires", async () => {
    const { clock, aws } = fake();
    aws.putMemberRole(MEMBER, [lambdaPrincipal("launch"), lambdaPrincipal("complete")]);
    const launch = aws.portsOf("launch");
    await launch(REGION, MEMBER).instances.describe([id(2)]);
    await launch("eu-west-1", MEMBER).instances.runningPage();
    await launch(REGION, MEMBER).nodes.online([id(2)]);
    expect(aws.callsByAccount[MEMBER]?.["sts:AssumeRole"]).toBe(1);
    // Another function is another Lambda instance: its own AssumeRole.
    await aws
      .portsOf("complete")(REGION, MEMBER)
      .instances.describe([id(2)]);
    expect(aws.callsByAccount[MEMBER]?.["sts:AssumeRole"]).toBe(2);
    clock.advance(HOUR - 5 * 60_000);
    await launch(REGION, MEMBER).instances.describe([id(2)]);
    expect(aws.callsByAccount[MEMBER]?.["sts:AssumeRole"]).toBe(3);
    // The home account needs no role.
    await launch(REGION).instances.describe([id(1)]);
    expect(aws.callsByAccount[ACCOUNT]?.["sts:AssumeRole"]).toBeUndefined();
  });

  it.each([
    ["no member role in the account", () => undefined],
    [
      "a role that trusts another principal",
      (aws: FakeAws) => aws.putMemberRole(OTHER, [lambdaPrincipal("complete")]),
    ],
    [
      "a role of another name",
      (aws: FakeAws) => aws.putMemberRole(OTHER, [lambdaPrincipal("launch")], "other"),
    ],
  ])("denies AssumeRole with %s, as STS does, and calls nothing in the account", async (_, setup) => {
    const { aws } = fake();
    setup(aws);
    const ports = aws.portsOf("launch")(REGION, OTHER);
    const error = await ports.instances.describe([id(3)]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountUnreachableError);
    expect((error as AccountUnreachableError).code).toBe("AccessDenied");
    expect(aws.callsByAccount[OTHER]).toEqual({ "sts:AssumeRole": 1 });
    expect(aws.tagsOf(id(3))).toEqual({});
  });

  it("counts every call under the account it was made in, the ledger's under the home account", async () => {
    const { clock, aws } = fake();
    aws.putMemberRole(MEMBER, [lambdaPrincipal("launch")]);
    const member = aws.portsOf("launch")(REGION, MEMBER);
    await member.tagger.tag([id(2)], { k: "v" });
    await member.reservations.reserve([{ id: id(2) }], "pass", clock.now(), new Date(clock.millis + 1000));
    expect(aws.callsByAccount[MEMBER]).toEqual({ "sts:AssumeRole": 1, "ec2:CreateTags": 1 });
    expect(aws.callsByAccount[ACCOUNT]).toEqual({ "s3:GetObject": 1, "s3:PutObject": 1 });
    expect([...aws.objects.keys()]).toEqual([`onboarding/reservations/${MEMBER}/${REGION}.json`]);
  });

  it("publishes a member's command results with its account", async () => {
    const { clock, aws } = fake();
    aws.putMemberRole(MEMBER, [lambdaPrincipal("launch")]);
    await aws
      .portsOf("launch")(REGION, MEMBER)
      .commands.send([id(2)], PARAMS);
    clock.advance(60_000);
    const events = aws.drainEvents();
    expect(new Set(events.map((e) => e.account))).toEqual(new Set([MEMBER]));
    expect(events.at(-1)?.body).toMatchObject({ account: MEMBER, detail: { status: "Success" } });
  });
});
