import { applyPlans, type Instance } from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";
import { FakeAws } from "../fakes/aws";
import { FakeClock, seededRandom } from "../fakes/clock";
import { TWO_REGIONS_TWO_GROUPS as settings } from "../fakes/settings";

function setup(failNext: Record<string, number>) {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(1), tagLagMs: 0, failNext });
  aws.launch({ id: "i-00000000000000001", region: "us-east-1", registersAfterMs: 0 });
  const ports = aws.ports("us-east-1");
  const pass = async () => {
    const described: Instance[] = await ports.instances.describe(["i-00000000000000001"]);
    return applyPlans({ ports, settings, now: clock.now() }, described);
  };
  return { aws, clock, pass };
}

describe("applyPlans", () => {
  it("reserves, then sends; a throttled send expires the reservation so the retry sends at once", async () => {
    const { aws, clock, pass } = setup({ "ssm:SendCommand": 1 });
    expect((await pass()).map((o) => o.kind)).toEqual(["retry"]);
    expect(aws.tagsOf("i-00000000000000001")).toMatchObject({
      "fleetwatch:status": "installing",
      "fleetwatch:since": "1970-01-01T00:00:00.000Z",
    });
    clock.advance(30_000);
    expect((await pass()).map((o) => o.kind)).toEqual(["installing"]);
    expect(aws.sent.get("i-00000000000000001")).toHaveLength(1);
  });

  it("does not send again while the reservation holds", async () => {
    const { aws, clock, pass } = setup({});
    expect((await pass()).map((o) => o.kind)).toEqual(["installing"]);
    clock.advance(60_000);
    expect(await pass()).toEqual([
      { id: "i-00000000000000001", region: "us-east-1", kind: "unchanged", detail: "installing" },
    ]);
    expect(aws.sent.get("i-00000000000000001")).toHaveLength(1);
  });

  it("sends nothing when the reservation itself cannot be written", async () => {
    const { aws, pass } = setup({ "ec2:CreateTags": 1 });
    expect((await pass()).map((o) => o.kind)).toEqual(["retry"]);
    expect(aws.sent.get("i-00000000000000001")).toBeUndefined();
  });
});

describe("applyPlans on a large fleet", () => {
  it("marks 2,500 Windows instances with one tag set, one CreateTags per 1,000", async () => {
    const clock = new FakeClock();
    const aws = new FakeAws({ clock, random: seededRandom(1), tagLagMs: 0 });
    const ids = Array.from({ length: 2500 }, (_, i) => `i-${i.toString(16).padStart(17, "0")}`);
    for (const id of ids) aws.launch({ id, region: "us-east-1", platform: "windows", registersAfterMs: 0 });
    const ports = aws.ports("us-east-1");
    const running = [];
    let token: string | undefined;
    do {
      const page = await ports.instances.runningPage(token);
      running.push(...page.instances);
      token = page.nextToken;
    } while (token);
    const outcomes = await applyPlans({ ports, settings, now: clock.now() }, running);
    expect(outcomes.filter((o) => o.kind === "marked")).toHaveLength(2500);
    expect(aws.calls["ec2:CreateTags"]).toBe(3);
    expect(aws.tagsOf(ids[2499] as string)).toMatchObject({
      "fleetwatch:status": "skipped",
      "fleetwatch:reason": "windows",
    });
  });
});
