import { resolveConfig } from "@fleetwatch/config";
import { FakeAws } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { FakeLedgerStore } from "@fleetwatch/devkit/fakes/ledger";
import { TWO_REGIONS_TWO_GROUPS as settings } from "@fleetwatch/devkit/fakes/settings";
import {
  AwsCallError,
  applyPlans,
  type CommandRunner,
  type Instance,
  managedKeys,
  type Outcome,
  onboardingSettings,
  type RegionPorts,
  reconcile,
  ThrottledError,
  TransientError,
  tagKeys,
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

/** Ports that record every call and answer as told; `now` is 2026-01-01T01:00:00Z. */
function recorded(
  answers: {
    online?: readonly string[] | Error;
    inFlight?: readonly string[] | Error;
    held?: (ids: string[]) => string[];
    reserve?: Error;
    release?: Error;
    send?: (ids: readonly string[]) => Error | undefined;
  } = {},
) {
  const calls: unknown[][] = [];
  const ports: RegionPorts = {
    instances: { describe: async () => [], runningPage: async () => ({ instances: [] }) },
    nodes: {
      online: async (ids) => {
        calls.push(["online", [...ids]]);
        if (answers.online instanceof Error) throw answers.online;
        const online = answers.online ?? ids;
        return new Set(ids.filter((id) => online.includes(id)));
      },
    },
    commands: {
      send: async (ids, parameters) => {
        calls.push(["send", [...ids], parameters.action[0]]);
        const error = answers.send?.(ids);
        if (error) throw error;
        return "cmd-1";
      },
      inFlight: async () => {
        calls.push(["inFlight"]);
        if (answers.inFlight instanceof Error) throw answers.inFlight;
        return new Set(answers.inFlight ?? []);
      },
    },
    tagger: {
      tag: async (ids, tags) => {
        calls.push(["tag", [...ids], tags]);
      },
      untag: async (ids, keys) => {
        calls.push(["untag", [...ids], [...keys]]);
      },
    },
    interfaces: { setGroups: async () => {} },
    reservations: {
      reserve: async (claims, holder, now, until) => {
        calls.push(["reserve", claims, holder, now.toISOString(), until.toISOString()]);
        if (answers.reserve) throw answers.reserve;
        const ids = claims.map((c) => c.id);
        return new Set(answers.held ? answers.held(ids) : ids);
      },
      release: async (ids, holder, now) => {
        calls.push(["release", [...ids], holder, now.toISOString()]);
        if (answers.release) throw answers.release;
      },
    },
  };
  return { calls, ports };
}

const NOW = new Date("2026-01-01T01:00:00.000Z");
const AT = NOW.toISOString();
const VERSION = settings.exporter.version;
const UNTIL = new Date(NOW.getTime() + settings.installTimeoutMs).toISOString();

function instance(id: string, over: Partial<Instance> = {}): Instance {
  return {
    id,
    region: "us-east-1",
    state: "running",
    launchTime: new Date("2026-01-01T00:00:00.000Z"),
    tags: {},
    ...over,
  };
}

describe("applyPlans, exact outcomes and tags", () => {
  it("marks by status and reason, one tag set per pair", async () => {
    const { calls, ports } = recorded();
    const out = await applyPlans({ ports, settings, now: NOW }, [
      instance("i-1", { platform: "windows" }),
      instance("i-2", { region: "ap-south-1" }),
      instance("i-3", { platform: "windows" }),
    ]);
    expect(calls).toEqual([
      [
        "tag",
        ["i-1", "i-3"],
        { "fleetwatch:status": "skipped", "fleetwatch:reason": "windows", "fleetwatch:since": AT },
      ],
      [
        "tag",
        ["i-2"],
        {
          "fleetwatch:status": "skipped",
          "fleetwatch:reason": "region-not-configured",
          "fleetwatch:since": AT,
        },
      ],
    ]);
    expect(out).toEqual([
      { id: "i-1", region: "us-east-1", kind: "marked", status: "skipped", reason: "windows" },
      { id: "i-3", region: "us-east-1", kind: "marked", status: "skipped", reason: "windows" },
      { id: "i-2", region: "ap-south-1", kind: "marked", status: "skipped", reason: "region-not-configured" },
    ]);
  });

  it("reports gone and unchanged instances with why, and calls nothing for them", async () => {
    const { calls, ports } = recorded();
    const out = await applyPlans({ ports, settings, now: NOW }, [
      instance("i-1", { state: "stopped" }),
      instance("i-2", { tags: { "fleetwatch:ignore": "true" } }),
    ]);
    expect(out).toEqual([
      { id: "i-1", region: "us-east-1", kind: "gone", detail: "not-running" },
      { id: "i-2", region: "us-east-1", kind: "unchanged", detail: "opted-out" },
    ]);
    expect(calls).toEqual([]);
  });

  it("regroups installed instances by their new group, one tag set per group", async () => {
    const { calls, ports } = recorded();
    const installed = { "fleetwatch:status": "installed", "fleetwatch:node-exporter": VERSION };
    const out = await applyPlans({ ports, settings, now: NOW }, [
      instance("i-1", { tags: { ...installed, role: "web", "fleetwatch:group": "default" } }),
      instance("i-2", { tags: { ...installed, "fleetwatch:group": "web" } }),
      instance("i-3", { tags: { ...installed, role: "web" } }),
    ]);
    expect(calls).toEqual([
      ["tag", ["i-1", "i-3"], { "fleetwatch:group": "web" }],
      ["tag", ["i-2"], { "fleetwatch:group": "default" }],
    ]);
    expect(out).toEqual([
      { id: "i-1", region: "us-east-1", kind: "unchanged", detail: "group tag updated" },
      { id: "i-3", region: "us-east-1", kind: "unchanged", detail: "group tag updated" },
      { id: "i-2", region: "us-east-1", kind: "unchanged", detail: "group tag updated" },
    ]);
  });

  it("forgets an opted-out instance with fleetwatch tags but nothing installed: removes the managed tags", async () => {
    const { calls, ports } = recorded();
    const out = await applyPlans({ ports, settings, now: NOW }, [
      instance("i-1", { tags: { "fleetwatch:ignore": "true", "fleetwatch:status": "unmanaged" } }),
    ]);
    expect(calls).toEqual([["untag", ["i-1"], managedKeys(tagKeys("fleetwatch:"))]]);
    expect(out).toEqual([
      { id: "i-1", region: "us-east-1", kind: "unchanged", detail: "opted out: fleetwatch tags removed" },
    ]);
  });

  it("installs on an untouched Online instance without asking SSM what is in flight", async () => {
    const { calls, ports } = recorded();
    const out = await applyPlans({ ports, settings, now: NOW, holder: "h" }, [instance("i-1")]);
    expect(out).toEqual([{ id: "i-1", region: "us-east-1", kind: "installing", detail: "cmd-1" }]);
    expect(calls).toEqual([
      ["online", ["i-1"]],
      ["reserve", [{ id: "i-1" }], "h", AT, UNTIL],
      [
        "tag",
        ["i-1"],
        { "fleetwatch:status": "installing", "fleetwatch:reason": "", "fleetwatch:since": AT },
      ],
      ["send", ["i-1"], "install"],
    ]);
  });

  it("waits for, keeps or tags unmanaged the instances not Online, and skips those with a command in flight", async () => {
    const { calls, ports } = recorded({ online: ["i-4", "i-5"], inFlight: ["i-4"] });
    const old = new Date(NOW.getTime() - settings.readinessTimeoutMs);
    const failed = {
      "fleetwatch:status": "failed",
      "fleetwatch:reason": "command-failed",
      "fleetwatch:since": "2026-01-01T00:30:00.000Z",
      "fleetwatch:attempts": `1@${VERSION}`,
    };
    const out = await applyPlans({ ports, settings, now: NOW, holder: "h" }, [
      instance("i-1", { launchTime: new Date(old.getTime() + 1) }),
      instance("i-2", { launchTime: old, tags: { "fleetwatch:status": "unmanaged" } }),
      instance("i-3", { launchTime: old }),
      instance("i-4", { tags: failed }),
      instance("i-5", { tags: failed }),
    ]);
    expect(out).toEqual([
      { id: "i-4", region: "us-east-1", kind: "unchanged", detail: "a fleetwatch command is in flight" },
      {
        id: "i-1",
        region: "us-east-1",
        kind: "waiting",
        detail: "not Online with SSM yet",
        launchedAt: new Date(old.getTime() + 1),
      },
      { id: "i-2", region: "us-east-1", kind: "unchanged", detail: "still unmanaged" },
      { id: "i-3", region: "us-east-1", kind: "unmanaged", reason: "ssm-not-registered" },
      { id: "i-5", region: "us-east-1", kind: "installing", detail: "cmd-1" },
    ]);
    expect(calls).toEqual([
      ["online", ["i-1", "i-2", "i-3", "i-4", "i-5"]],
      ["inFlight"],
      [
        "tag",
        ["i-3"],
        {
          "fleetwatch:status": "unmanaged",
          "fleetwatch:reason": "ssm-not-registered",
          "fleetwatch:since": AT,
        },
      ],
      // A failed status settled at its `since`: a reservation older than that gives way.
      ["reserve", [{ id: "i-5", settledAt: new Date("2026-01-01T00:30:00.000Z") }], "h", AT, UNTIL],
      [
        "tag",
        ["i-5"],
        { "fleetwatch:status": "installing", "fleetwatch:reason": "", "fleetwatch:since": AT },
      ],
      ["send", ["i-5"], "install"],
    ]);
  });

  it("claims an `installing` instance past its bound with no settledAt: its command never settled", async () => {
    const { calls, ports } = recorded({ online: ["i-1", "i-2"] });
    const out = await applyPlans({ ports, settings, now: NOW, holder: "h" }, [
      instance("i-1", {
        tags: { "fleetwatch:status": "installing", "fleetwatch:since": "2025-12-31T00:00:00.000Z" },
      }),
      instance("i-2", { tags: { "fleetwatch:status": "failed", "fleetwatch:since": "not a date" } }),
    ]);
    expect(out.map((o) => o.kind)).toEqual(["installing", "installing"]);
    expect(calls.find((c) => c[0] === "reserve")).toEqual([
      "reserve",
      [{ id: "i-1" }, { id: "i-2" }],
      "h",
      AT,
      UNTIL,
    ]);
  });

  it("claims an `uninstalling` instance past its bound with no settledAt: its command never settled", async () => {
    const { calls, ports } = recorded();
    const tags = {
      "fleetwatch:ignore": "true",
      "fleetwatch:status": "uninstalling",
      "fleetwatch:since": "2025-12-31T00:00:00.000Z",
    };
    const out = await applyPlans({ ports, settings, now: NOW, holder: "h" }, [instance("i-1", { tags })]);
    expect(out).toEqual([{ id: "i-1", region: "us-east-1", kind: "uninstalling", detail: "cmd-1" }]);
    expect(calls.find((c) => c[0] === "reserve")).toEqual(["reserve", [{ id: "i-1" }], "h", AT, UNTIL]);
  });

  it("retries the instances another pass holds, and sends to the rest", async () => {
    const { calls, ports } = recorded({ held: (ids) => ids.filter((id) => id !== "i-1") });
    const out = await applyPlans({ ports, settings, now: NOW }, [instance("i-1"), instance("i-2")]);
    expect(out).toEqual([
      { id: "i-1", region: "us-east-1", kind: "retry", detail: "reserved by another pass" },
      { id: "i-2", region: "us-east-1", kind: "installing", detail: "cmd-1" },
    ]);
    expect(calls.filter((c) => c[0] === "send")).toEqual([["send", ["i-2"], "install"]]);
  });

  it("retries every instance when the ledger is throttled; a ledger error that is not retryable fails the pass", async () => {
    const throttled = recorded({ reserve: new ThrottledError("s3:PutObject") });
    expect(await applyPlans({ ports: throttled.ports, settings, now: NOW }, [instance("i-1")])).toEqual([
      { id: "i-1", region: "us-east-1", kind: "retry", detail: "s3:PutObject was throttled; retry later" },
    ]);
    expect(throttled.calls.map((c) => c[0])).toEqual(["online", "reserve"]);
    const denied = recorded({ reserve: new AwsCallError("s3:PutObject", "AccessDenied") });
    await expect(applyPlans({ ports: denied.ports, settings, now: NOW }, [instance("i-1")])).rejects.toThrow(
      "s3:PutObject failed: AccessDenied",
    );
  });

  it("releases a failed send and expires its `since` even when the release is throttled; the same holder both times", async () => {
    const { calls, ports } = recorded({
      send: () => new TransientError("ssm:SendCommand", "InternalError"),
      release: new ThrottledError("s3:PutObject"),
    });
    const out = await applyPlans({ ports, settings, now: NOW }, [instance("i-1")]);
    expect(out).toEqual([
      {
        id: "i-1",
        region: "us-east-1",
        kind: "retry",
        detail: "ssm:SendCommand failed transiently (InternalError); retry later",
      },
    ]);
    const holder = calls.find((c) => c[0] === "reserve")?.[2];
    expect(holder).toMatch(/^[0-9a-f-]{36}$/);
    expect(calls.slice(-2)).toEqual([
      ["release", ["i-1"], holder, AT],
      ["tag", ["i-1"], { "fleetwatch:since": "1970-01-01T00:00:00.000Z" }],
    ]);
  });

  it("fails the pass when the release fails for good", async () => {
    const { ports } = recorded({
      send: () => new TransientError("ssm:SendCommand", "InternalError"),
      release: new AwsCallError("s3:PutObject", "AccessDenied"),
    });
    await expect(applyPlans({ ports, settings, now: NOW }, [instance("i-1")])).rejects.toThrow(
      "s3:PutObject failed: AccessDenied",
    );
  });

  it("tags an instance SSM refuses `failed` (aws-refused) counting its attempt, and releases it without resetting since", async () => {
    const { calls, ports } = recorded({
      send: () => new AwsCallError("ssm:SendCommand", "UnsupportedPlatformType: no"),
    });
    const out = await applyPlans({ ports, settings, now: NOW, holder: "h" }, [
      instance("i-1", { tags: { "fleetwatch:status": "failed", "fleetwatch:attempts": `1@${VERSION}` } }),
      instance("i-2"),
    ]);
    expect(out).toEqual(
      ["i-1", "i-2"].map((id) => ({
        id,
        region: "us-east-1",
        kind: "refused",
        detail: "ssm:SendCommand failed: UnsupportedPlatformType: no",
        refusal: {
          operation: "ssm:SendCommand",
          code: "UnsupportedPlatformType",
          message: "ssm:SendCommand failed: UnsupportedPlatformType: no",
        },
      })),
    );
    const refused = (n: number) => ({
      "fleetwatch:status": "failed",
      "fleetwatch:reason": "aws-refused",
      "fleetwatch:since": AT,
      "fleetwatch:attempts": `${n}@${VERSION}`,
    });
    expect(calls.slice(-3)).toEqual([
      ["release", ["i-1", "i-2"], "h", AT],
      ["tag", ["i-1"], refused(2)],
      ["tag", ["i-2"], refused(1)],
    ]);
  });

  it("tags `failed` (aws-refused) an instance SSM refuses to describe, and sends it nothing", async () => {
    const { calls, ports } = recorded({
      online: new AwsCallError("ssm:DescribeInstanceInformation", "AccessDeniedException: no"),
    });
    const out = await applyPlans({ ports, settings, now: NOW }, [instance("i-1")]);
    expect(out.map((o) => o.kind)).toEqual(["refused"]);
    expect(calls).toEqual([
      ["online", ["i-1"]],
      [
        "tag",
        ["i-1"],
        {
          "fleetwatch:status": "failed",
          "fleetwatch:reason": "aws-refused",
          "fleetwatch:since": AT,
          "fleetwatch:attempts": `1@${VERSION}`,
        },
      ],
    ]);
  });

  it("retries an instance whose call failed transiently, with the error's message", async () => {
    const { calls, ports } = recorded({
      online: new TransientError("ssm:DescribeInstanceInformation", "ECONNRESET"),
    });
    expect(await applyPlans({ ports, settings, now: NOW }, [instance("i-1")])).toEqual([
      {
        id: "i-1",
        region: "us-east-1",
        kind: "retry",
        detail: "ssm:DescribeInstanceInformation failed transiently (ECONNRESET); retry later",
      },
    ]);
    // Neither tagged `failed` nor waited for: the next delivery asks again.
    expect(calls).toEqual([["online", ["i-1"]]]);
  });

  it("fails the pass on an error that is not one of AWS's (a bug), instead of retrying it forever", async () => {
    const { ports } = recorded({ online: new TypeError("x is undefined") });
    await expect(applyPlans({ ports, settings, now: NOW }, [instance("i-1")])).rejects.toThrow(
      "x is undefined",
    );
  });

  const installedThenOptedOut = {
    "fleetwatch:ignore": "true",
    "fleetwatch:status": "installed",
    "fleetwatch:scrape": "true",
  };

  it("uninstalls an opted-out instance: reserves, sends, then stops scraping it; one in flight waits", async () => {
    const { calls, ports } = recorded({ inFlight: ["i-2"] });
    const out = await applyPlans({ ports, settings, now: NOW, holder: "h" }, [
      instance("i-1", { tags: installedThenOptedOut }),
      instance("i-2", { tags: installedThenOptedOut }),
    ]);
    expect(out).toEqual([
      { id: "i-2", region: "us-east-1", kind: "unchanged", detail: "a fleetwatch command is in flight" },
      { id: "i-1", region: "us-east-1", kind: "uninstalling", detail: "cmd-1" },
    ]);
    expect(calls).toEqual([
      ["inFlight"],
      ["reserve", [{ id: "i-1" }], "h", AT, UNTIL],
      ["tag", ["i-1"], { "fleetwatch:status": "uninstalling", "fleetwatch:since": AT }],
      ["send", ["i-1"], "uninstall"],
      ["untag", ["i-1"], ["fleetwatch:scrape", "fleetwatch:group", "fleetwatch:node-exporter"]],
    ]);
  });

  it("keeps scraping an instance whose uninstall was refused, and tags it `failed` (uninstall-failed)", async () => {
    const { calls, ports } = recorded({
      send: () => new AwsCallError("ssm:SendCommand", "InvalidDocument: gone"),
    });
    const out = await applyPlans({ ports, settings, now: NOW, holder: "h" }, [
      instance("i-1", { tags: installedThenOptedOut }),
    ]);
    expect(out.map((o) => o.kind)).toEqual(["refused"]);
    expect(calls.slice(-2)).toEqual([
      ["release", ["i-1"], "h", AT],
      [
        "tag",
        ["i-1"],
        {
          "fleetwatch:status": "failed",
          "fleetwatch:reason": "uninstall-failed",
          "fleetwatch:since": AT,
          "fleetwatch:attempts": `1@${VERSION}`,
        },
      ],
    ]);
  });

  it("retries the uninstalls when SSM throttles the in-flight question; fails the pass when it refuses it", async () => {
    const throttled = recorded({ inFlight: new ThrottledError("ssm:ListCommandInvocations") });
    const out = await applyPlans({ ports: throttled.ports, settings, now: NOW }, [
      instance("i-1", { tags: installedThenOptedOut }),
    ]);
    expect(out).toEqual([
      {
        id: "i-1",
        region: "us-east-1",
        kind: "retry",
        detail: "ssm:ListCommandInvocations was throttled; retry later",
      },
    ]);
    expect(throttled.calls).toEqual([["inFlight"]]);
    const denied = recorded({ inFlight: new AwsCallError("ssm:ListCommandInvocations", "AccessDenied") });
    await expect(
      applyPlans({ ports: denied.ports, settings, now: NOW }, [
        instance("i-1", { tags: installedThenOptedOut }),
      ]),
    ).rejects.toThrow("ssm:ListCommandInvocations failed: AccessDenied");
  });

  it("sends no install when SSM throttles the in-flight question of a touched instance", async () => {
    const { calls, ports } = recorded({ inFlight: new ThrottledError("ssm:ListCommandInvocations") });
    const out = await applyPlans({ ports, settings, now: NOW }, [
      instance("i-1", { tags: { "fleetwatch:status": "failed" } }),
    ]);
    expect(out.map((o) => o.kind)).toEqual(["retry"]);
    expect(calls).toEqual([["online", ["i-1"]], ["inFlight"]]);
  });
});
