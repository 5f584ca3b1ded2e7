import { resolveConfig } from "@fleetwatch/config";
import { FakeAws } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { FakeLedgerStore } from "@fleetwatch/devkit/fakes/ledger";
import { TWO_REGIONS_TWO_GROUPS as settings } from "@fleetwatch/devkit/fakes/settings";
import {
  applyPlans,
  type CommandRunner,
  type Instance,
  type Outcome,
  onboardingSettings,
  reconcile,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

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
    expect(outcomes[0]).toEqual({
      id: ids[0],
      region: "us-east-1",
      kind: "marked",
      status: "skipped",
      reason: "windows",
    });
    expect(aws.calls["ec2:CreateTags"]).toBe(3);
    expect(aws.tagsOf(ids[2499] as string)).toMatchObject({
      "fleetwatch:status": "skipped",
      "fleetwatch:reason": "windows",
    });
  });
});

describe("applyPlans with a mirror per region", () => {
  it("sends the instances' own region's mirror, in each region", async () => {
    const clock = new FakeClock();
    const aws = new FakeAws({ clock, random: seededRandom(1), tagLagMs: 0 });
    const mirrored = onboardingSettings(
      resolveConfig(
        { regions: ["eu-west-1"], nodeExporter: { source: { kind: "s3", bucket: "acme-mirror-{region}" } } },
        "dev",
      ),
      "fleetwatch-dev-NodeExporter",
    );
    const sources: string[] = [];
    for (const [id, region] of [
      ["i-00000000000000001", "us-east-1"],
      ["i-00000000000000002", "eu-west-1"],
    ] as const) {
      aws.launch({ id, region, registersAfterMs: 0 });
      const real = aws.ports(region);
      const commands: CommandRunner = {
        send: (ids, parameters) => {
          sources.push(`${ids.join()} ${parameters.source[0]}`);
          return real.commands.send(ids, parameters);
        },
        inFlight: () => real.commands.inFlight(),
      };
      const ports = { ...real, commands };
      const outcomes = await applyPlans(
        { ports, settings: mirrored, now: clock.now() },
        await ports.instances.describe([id]),
      );
      expect(outcomes.map((o) => o.kind)).toEqual(["installing"]);
    }
    expect(sources).toEqual([
      "i-00000000000000001 s3://acme-mirror-us-east-1",
      "i-00000000000000002 s3://acme-mirror-eu-west-1",
    ]);
  });
});

describe("applyPlans, one bad instance among many", () => {
  const ids = (n: number) =>
    Array.from({ length: n }, (_, i) => `i-${(i + 1).toString(16).padStart(17, "0")}`);
  function fleet(
    n: number,
    bad: Partial<Record<number, Parameters<FakeAws["launch"]>[0]["faults"]>>,
    extra = {},
  ) {
    const clock = new FakeClock();
    const aws = new FakeAws({ clock, random: seededRandom(1), tagLagMs: 0, ...extra });
    for (const [i, id] of ids(n).entries())
      aws.launch({ id, region: "us-east-1", registersAfterMs: 0, ...(bad[i] ? { faults: bad[i] } : {}) });
    const ports = aws.ports("us-east-1");
    const pass = async () =>
      applyPlans(
        { ports, settings, now: clock.now() },
        (await ports.instances.runningPage(undefined)).instances,
      );
    return { aws, clock, pass };
  }
  const kinds = (outcomes: Outcome[]) => {
    const count: Record<string, number> = {};
    for (const o of outcomes) count[o.kind] = (count[o.kind] ?? 0) + 1;
    return count;
  };

  it("isolates an instance at EC2's tag limit: refused with its code, the 99 others get their install", async () => {
    const clock = new FakeClock();
    const aws = new FakeAws({ clock, random: seededRandom(1), tagLagMs: 0 });
    const full = Object.fromEntries(Array.from({ length: 49 }, (_, i) => [`owner:tag-${i}`, "x"]));
    for (const [i, id] of ids(100).entries())
      aws.launch({ id, region: "us-east-1", registersAfterMs: 0, ...(i === 37 ? { tags: full } : {}) });
    const ports = aws.ports("us-east-1");
    const outcomes = await applyPlans(
      { ports, settings, now: clock.now() },
      (await ports.instances.runningPage(undefined)).instances,
    );
    expect(kinds(outcomes)).toEqual({ installing: 99, refused: 1 });
    const bad = ids(100)[37] as string;
    expect(outcomes.find((o) => o.id === bad)?.refusal).toEqual({
      operation: "ec2:CreateTags",
      code: "TagLimitExceeded",
      message: expect.stringContaining("TagLimitExceeded"),
    });
    expect(aws.sent.get(bad)).toBeUndefined();
    // Bisection: the failed call, then two calls per halving down to the one instance.
    expect(aws.calls["ec2:CreateTags"]).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(100)));
    expect(aws.calls["ssm:SendCommand"]).toBe(2);
  });

  it("tags an instance SSM refuses for good `failed` (aws-refused) and sends to the others of its 50", async () => {
    const { aws, pass } = fleet(50, {
      7: { "ssm:SendCommand": { code: "UnsupportedPlatformType", status: 400 } },
    });
    const outcomes = await pass();
    expect(kinds(outcomes)).toEqual({ installing: 49, refused: 1 });
    const bad = ids(50)[7] as string;
    expect(aws.tagsOf(bad)).toMatchObject({
      "fleetwatch:status": "failed",
      "fleetwatch:reason": "aws-refused",
      "fleetwatch:attempts": "1@1.9.1",
    });
    expect(aws.calls["ssm:SendCommand"]).toBeLessThanOrEqual(1 + 2 * Math.ceil(Math.log2(50)));
  });

  it("retries an instance whose calls fail with a 5xx after the SDK's retries; the others go on", async () => {
    const { aws, clock, pass } = fleet(10, {
      3: { "ssm:SendCommand": { code: "InternalServerError", status: 500 } },
    });
    expect(kinds(await pass())).toEqual({ installing: 9, retry: 1 });
    const bad = ids(10)[3] as string;
    // Its reservation was released and its `since` reset: the next pass sends at once once SSM recovers.
    delete aws.spec(bad)?.faults;
    clock.advance(30_000);
    const next = await pass();
    expect(next.find((o) => o.id === bad)?.kind).toBe("installing");
    expect(aws.sent.get(bad)).toHaveLength(1);
  });

  it("makes no extra call for a throttled batch: all its instances retry", async () => {
    const { aws, pass } = fleet(40, {}, { failNext: { "ssm:SendCommand": 1 } });
    expect(kinds(await pass())).toEqual({ retry: 40 });
    expect(aws.calls["ssm:SendCommand"]).toBe(1);
  });

  it("never sends twice to one instance from two passes at once (the ledger, not the lagging tags)", async () => {
    const { aws, clock } = fleet(60, {});
    const ports = aws.ports("us-east-1");
    const described = (await ports.instances.runningPage(undefined)).instances;
    const racesBefore = FakeLedgerStore.preconditionFailures;
    const [a, b] = await Promise.all([
      applyPlans({ ports, settings, now: clock.now(), holder: "launch" }, described),
      applyPlans({ ports, settings, now: clock.now(), holder: "reconcile" }, described),
    ]);
    const sent = [...(a ?? []), ...(b ?? [])].filter((o) => o.kind === "installing");
    expect(sent).toHaveLength(60);
    for (const id of ids(60)) expect(aws.sent.get(id), id).toHaveLength(1);
    // The passes raced on the ledger: one conditional write lost (412) and was redone.
    expect(FakeLedgerStore.preconditionFailures).toBeGreaterThan(racesBefore);
  });
});

describe("reconcile with an instance AWS refuses", () => {
  it("reports it in the counts and the status summary; the region and its other instances go on", async () => {
    const clock = new FakeClock();
    const aws = new FakeAws({ clock, random: seededRandom(1), tagLagMs: 0 });
    aws.documentName = settings.documentName;
    const full = Object.fromEntries(Array.from({ length: 48 }, (_, i) => [`owner:tag-${i}`, "x"]));
    aws.launch({ id: "i-00000000000000001", region: "us-east-1", registersAfterMs: 0, tags: full });
    aws.launch({ id: "i-00000000000000002", region: "us-east-1", registersAfterMs: 0 });
    const report = await reconcile({ ports: aws.ports, settings, now: clock.now });
    expect(report.failedRegions).toEqual([]);
    expect(report.counts).toEqual({ refused: 1, installing: 1 });
    expect(report.status.refused).toEqual([
      {
        id: "i-00000000000000001",
        region: "us-east-1",
        operation: "ec2:CreateTags",
        code: "TagLimitExceeded",
      },
    ]);
    expect(aws.sent.get("i-00000000000000002")).toHaveLength(1);
  });
});
