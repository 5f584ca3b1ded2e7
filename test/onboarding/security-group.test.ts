import { FakeAws } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { TWO_REGIONS_TWO_GROUPS } from "@fleetwatch/devkit/fakes/settings";
import {
  AwsCallError,
  completeCommands,
  groupChange,
  type Instance,
  MAX_GROUPS_PER_INTERFACE,
  type OnboardingSettings,
  onboardInstances,
  parseCommandResult,
  reconcile,
  syncGroups,
  ThrottledError,
  tagKeys,
  wantsGroup,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const FW = { id: "sg-0f1ee7000000000a1", vpcId: "vpc-0f1ee7" };
const settings: OnboardingSettings = { ...TWO_REGIONS_TWO_GROUPS, regions: ["us-east-1"], securityGroup: FW };
const VERSION = settings.exporter.version;
const INSTALLED = {
  "fleetwatch:scrape": "true",
  "fleetwatch:group": "default",
  "fleetwatch:node-exporter": VERSION,
  "fleetwatch:status": "installed",
};
const groups = (n: number) => Array.from({ length: n }, (_, i) => `sg-0000000000000000${i}`);
const eni = (groupIds: string[], vpcId = FW.vpcId) => ({ id: "eni-1", vpcId, groupIds });

describe("groupChange", () => {
  it.each([
    [
      "adds the group, keeping the others",
      eni(["sg-a"]),
      "attach",
      { kind: "set", interfaceId: "eni-1", groupIds: ["sg-a", FW.id] },
    ],
    ["does nothing when attached", eni(["sg-a", FW.id]), "attach", { kind: "none", why: "attached" }],
    ["refuses another VPC", eni(["sg-a"], "vpc-other"), "attach", { kind: "refuse", reason: "other-vpc" }],
    [
      "refuses a full interface",
      eni(groups(MAX_GROUPS_PER_INTERFACE)),
      "attach",
      { kind: "refuse", reason: "security-group-limit" },
    ],
    ["refuses no interface", undefined, "attach", { kind: "refuse", reason: "no-network-interface" }],
    [
      "removes only its group",
      eni(["sg-a", FW.id, "sg-b"]),
      "detach",
      { kind: "set", interfaceId: "eni-1", groupIds: ["sg-a", "sg-b"] },
    ],
    ["does nothing when detached", eni(["sg-a"]), "detach", { kind: "none", why: "detached" }],
    ["keeps it when it is the only group", eni([FW.id]), "detach", { kind: "none", why: "only-group" }],
  ] as const)("%s", (_, iface, want, expected) => {
    expect(groupChange(iface ? { ...iface, groupIds: [...iface.groupIds] } : undefined, FW, want)).toEqual(
      expected,
    );
  });
});

function fleet(options: { settings?: OnboardingSettings; throttle?: Record<string, number> } = {}) {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(7), tagLagMs: 0, failNext: options.throttle ?? {} });
  aws.securityGroup(FW.id, FW.vpcId);
  const installed = { region: "us-east-1", registersAfterMs: 0, tags: INSTALLED };
  aws.launch({ ...installed, id: "i-0000000000000000a", vpcId: FW.vpcId, groupIds: ["sg-0app"] });
  aws.launch({ ...installed, id: "i-0000000000000000b", vpcId: FW.vpcId, groupIds: groups(5) });
  aws.launch({ ...installed, id: "i-0000000000000000c", vpcId: "vpc-0other", groupIds: ["sg-0other"] });
  aws.launch({ ...installed, id: "i-0000000000000000d", vpcId: FW.vpcId, groupIds: ["sg-0app", FW.id] });
  const deps = { ports: aws.ports, settings: options.settings ?? settings, now: clock.now };
  return { aws, clock, deps };
}

describe("reconcile with attachSecurityGroup", () => {
  it("attaches where missing, reports other VPCs and full interfaces, then changes nothing", async () => {
    const { aws, deps } = fleet();
    const report = await reconcile(deps);
    expect(aws.groupsOf("i-0000000000000000a")).toEqual(["sg-0app", FW.id]);
    expect(aws.groupsOf("i-0000000000000000b")).toEqual(groups(5));
    expect(aws.groupsOf("i-0000000000000000c")).toEqual(["sg-0other"]);
    expect(aws.tagsOf("i-0000000000000000b")["fleetwatch:reason"]).toBe("security-group-limit");
    expect(aws.tagsOf("i-0000000000000000c")["fleetwatch:reason"]).toBe("other-vpc");
    expect(aws.tagsOf("i-0000000000000000a")["fleetwatch:reason"]).toBeUndefined();
    expect(report.securityGroups).toEqual({
      attached: 1,
      "refused:security-group-limit": 1,
      "refused:other-vpc": 1,
      "unchanged:attached": 1,
    });
    expect(aws.calls["ec2:ModifyNetworkInterfaceAttribute"]).toBe(1);

    const before = { ...aws.calls };
    await reconcile(deps);
    expect(aws.calls["ec2:ModifyNetworkInterfaceAttribute"]).toBe(1);
    expect(aws.calls["ec2:CreateTags"]).toBe(before["ec2:CreateTags"]);
  });

  it("keeps the reason of a failed upgrade, while the old exporter still gets the group", async () => {
    const { aws, deps } = fleet();
    const failed = {
      ...INSTALLED,
      "fleetwatch:status": "failed",
      "fleetwatch:reason": "command-failed",
      "fleetwatch:attempts": `2@${VERSION}`,
    };
    aws.launch({
      id: "i-0000000000000000e",
      region: "us-east-1",
      registersAfterMs: 0,
      vpcId: "vpc-0other",
      groupIds: ["sg-0x"],
      tags: failed,
    });
    aws.launch({
      id: "i-0000000000000000f",
      region: "us-east-1",
      registersAfterMs: 0,
      vpcId: FW.vpcId,
      groupIds: ["sg-0y"],
      tags: failed,
    });
    await reconcile(deps);
    expect(aws.tagsOf("i-0000000000000000e")["fleetwatch:reason"]).toBe("command-failed");
    expect(aws.groupsOf("i-0000000000000000f")).toEqual(["sg-0y", FW.id]);
  });

  it("reports an interface EC2 refuses and goes on with the others", async () => {
    const clock = new FakeClock();
    const aws = new FakeAws({ clock, random: seededRandom(7), tagLagMs: 0 });
    aws.securityGroup(FW.id, FW.vpcId);
    // A group of another VPC on the interface (as EC2 would never allow): EC2 refuses any new set with it.
    aws.securityGroup("sg-0stray", "vpc-0other");
    const spec = { region: "us-east-1", registersAfterMs: 0, vpcId: FW.vpcId, tags: INSTALLED };
    aws.launch({ ...spec, id: "i-00000000000000010", groupIds: ["sg-0stray"] });
    aws.launch({ ...spec, id: "i-00000000000000011", groupIds: ["sg-0app"] });
    const report = await reconcile({ ports: aws.ports, settings, now: clock.now });
    expect(report.failedRegions).toEqual([]);
    expect(report.securityGroups).toEqual({ failed: 1, attached: 1 });
    expect(aws.groupsOf("i-00000000000000010")).toEqual(["sg-0stray"]);
    expect(aws.groupsOf("i-00000000000000011")).toEqual(["sg-0app", FW.id]);
  });

  it("clears its reason once a slot is free", async () => {
    const { aws, deps } = fleet();
    await reconcile(deps);
    await aws.ports("us-east-1").interfaces.setGroups("eni-0000000000000000b", groups(4));
    await reconcile(deps);
    expect(aws.groupsOf("i-0000000000000000b")).toEqual([...groups(4), FW.id]);
    expect(aws.tagsOf("i-0000000000000000b")["fleetwatch:reason"]).toBe("");
  });

  it("detaches the group from an instance opted out, keeping its other groups", async () => {
    const { aws, deps } = fleet();
    await reconcile(deps);
    aws.userTag("i-0000000000000000a", { "fleetwatch:ignore": "true" });
    await reconcile(deps);
    expect(aws.groupsOf("i-0000000000000000a")).toEqual(["sg-0app"]);
  });

  it("leaves interfaces alone when the setting is off", async () => {
    const { securityGroup: _, ...off } = settings;
    const { aws, deps } = fleet({ settings: off });
    const report = await reconcile(deps);
    expect(aws.calls["ec2:ModifyNetworkInterfaceAttribute"]).toBeUndefined();
    expect(aws.groupsOf("i-0000000000000000a")).toEqual(["sg-0app"]);
    expect(report.securityGroups).toEqual({});
  });

  it("turns a throttled ModifyNetworkInterfaceAttribute into a retry, done by the next pass", async () => {
    const { aws, deps } = fleet({ throttle: { "ec2:ModifyNetworkInterfaceAttribute": 1 } });
    expect((await reconcile(deps)).securityGroups.retry).toBe(1);
    expect(aws.groupsOf("i-0000000000000000a")).toEqual(["sg-0app"]);
    expect((await reconcile(deps)).securityGroups.attached).toBe(1);
    expect(aws.groupsOf("i-0000000000000000a")).toEqual(["sg-0app", FW.id]);
  });
});

describe("completion with attachSecurityGroup", () => {
  it("attaches after a successful install; reconcile detaches it when the uninstall is sent", async () => {
    const clock = new FakeClock();
    const aws = new FakeAws({ clock, random: seededRandom(3), tagLagMs: 0 });
    aws.documentName = settings.documentName;
    aws.securityGroup(FW.id, FW.vpcId);
    aws.launch({
      id: "i-000000000000000e1",
      region: "us-east-1",
      registersAfterMs: 0,
      vpcId: FW.vpcId,
      groupIds: ["sg-0app"],
    });
    const deps = { ports: aws.ports, settings, now: clock.now };
    const results = () => aws.drainResults().map((e) => parseCommandResult(JSON.stringify(e.body)));

    await onboardInstances([{ id: "i-000000000000000e1", region: "us-east-1" }], deps);
    expect(aws.groupsOf("i-000000000000000e1")).toEqual(["sg-0app"]);
    clock.advance(60_000);
    expect((await completeCommands(results(), deps)).map((c) => c.kind)).toEqual(["installed"]);
    expect(aws.groupsOf("i-000000000000000e1")).toEqual(["sg-0app", FW.id]);

    aws.userTag("i-000000000000000e1", { "fleetwatch:ignore": "true" });
    clock.advance(1000);
    await reconcile(deps);
    // Detached when the uninstall is sent (scraping stops then); the completion finds nothing left to do.
    expect(aws.groupsOf("i-000000000000000e1")).toEqual(["sg-0app"]);
    clock.advance(60_000);
    expect((await completeCommands(results(), deps)).map((c) => c.kind)).toEqual(["uninstalled"]);
    expect(aws.groupsOf("i-000000000000000e1")).toEqual(["sg-0app"]);
    expect(aws.calls["ec2:ModifyNetworkInterfaceAttribute"]).toBe(2);
  });

  it("tags an instance of another VPC installed with reason other-vpc, and changes none of its groups", async () => {
    const clock = new FakeClock();
    const aws = new FakeAws({ clock, random: seededRandom(3), tagLagMs: 0 });
    aws.documentName = settings.documentName;
    aws.securityGroup(FW.id, FW.vpcId);
    const id = "i-000000000000000e2";
    aws.launch({
      id,
      region: "us-east-1",
      registersAfterMs: 0,
      vpcId: "vpc-0other",
      groupIds: ["sg-0other"],
    });
    const deps = { ports: aws.ports, settings, now: clock.now };
    await onboardInstances([{ id, region: "us-east-1" }], deps);
    clock.advance(60_000);
    const results = aws.drainResults().map((e) => parseCommandResult(JSON.stringify(e.body)));
    expect((await completeCommands(results, deps)).map((c) => c.kind)).toEqual(["installed"]);
    expect(aws.tagsOf(id)).toMatchObject({
      "fleetwatch:status": "installed",
      "fleetwatch:reason": "other-vpc",
    });
    expect(aws.groupsOf(id)).toEqual(["sg-0other"]);
    expect(aws.calls["ec2:ModifyNetworkInterfaceAttribute"]).toBeUndefined();
  });
});

describe("the fake's interfaces behave like EC2", () => {
  it.each([
    ["more groups than an interface may have", groups(6), /SecurityGroupsPerInterfaceLimitExceeded/],
    ["a group of another VPC", ["sg-0other"], /InvalidParameter: sg-0other belongs to vpc-0other/],
    ["an unknown group", ["sg-0nope"], /InvalidGroup.NotFound/],
    ["no group at all", [], /MissingParameter/],
  ])("refuses %s", async (_, groupIds, error) => {
    const { aws } = fleet();
    for (const g of groups(6)) aws.securityGroup(g, FW.vpcId);
    await expect(
      aws.ports("us-east-1").interfaces.setGroups("eni-0000000000000000a", groupIds),
    ).rejects.toThrow(error);
    expect(aws.groupsOf("i-0000000000000000a")).toEqual(["sg-0app"]);
  });
});

const keys = tagKeys("fleetwatch:");

function instance(id: string, tags: Record<string, string>, groupIds?: string[], vpcId = FW.vpcId): Instance {
  return {
    id,
    region: "us-east-1",
    state: "running",
    launchTime: new Date("2026-01-01T00:00:00.000Z"),
    tags,
    ...(groupIds ? { primaryInterface: { id: `eni-${id}`, vpcId, groupIds } } : {}),
  };
}

describe("wantsGroup", () => {
  it.each([
    [{ "fleetwatch:ignore": "true", "fleetwatch:scrape": "true" }, "detach"],
    [{ "fleetwatch:scrape": "true" }, "attach"],
    [{ "fleetwatch:scrape": "false", "fleetwatch:status": "installing" }, "keep"],
    [{ "fleetwatch:status": "installed" }, "keep"],
    [{ "fleetwatch:status": "failed" }, "detach"],
    [{ "fleetwatch:status": "unmanaged" }, "detach"],
    [{}, "detach"],
  ])("an instance tagged %j: %s", (tags, want) => {
    expect(wantsGroup(instance("i-1", tags), settings, keys)).toBe(want);
  });
});

describe("syncGroups, exactly", () => {
  function ports(fail: (interfaceId: string) => Error | undefined = () => undefined) {
    const calls: unknown[][] = [];
    return {
      calls,
      ports: {
        interfaces: {
          setGroups: async (interfaceId: string, groupIds: readonly string[]) => {
            calls.push(["setGroups", interfaceId, [...groupIds]]);
            const error = fail(interfaceId);
            if (error) throw error;
          },
        },
        tagger: {
          tag: async (ids: readonly string[], tags: Record<string, string>) => {
            calls.push(["tag", [...ids], tags]);
          },
          untag: async () => {},
        },
      },
    };
  }
  const installed = (reason?: string) => ({
    "fleetwatch:status": "installed",
    ...(reason === undefined ? {} : { "fleetwatch:reason": reason }),
  });

  it("does nothing without a security group", async () => {
    const { calls, ports: p } = ports();
    const { securityGroup: _, ...none } = settings;
    expect(
      await syncGroups(p, none, keys, [{ instance: instance("i-1", {}, ["sg-a"]), want: "attach" }]),
    ).toEqual([]);
    expect(calls).toEqual([]);
  });

  it("attaches, detaches, keeps and refuses with exact results; writes the reasons only of installed instances", async () => {
    const { calls, ports: p } = ports();
    const results = await syncGroups(p, settings, keys, [
      { instance: instance("i-1", installed(), ["sg-a"]), want: "attach" },
      { instance: instance("i-2", installed(), ["sg-a", FW.id]), want: "detach" },
      { instance: instance("i-3", installed(), [FW.id]), want: "attach" },
      { instance: instance("i-4", installed(), ["sg-a"], "vpc-other"), want: "attach" },
      { instance: instance("i-5", { "fleetwatch:status": "failed" }, ["sg-a"], "vpc-other"), want: "attach" },
      { instance: instance("i-6", installed("other-vpc"), ["sg-a"], "vpc-other"), want: "attach" },
      { instance: instance("i-7", installed()), want: "attach" },
      { instance: instance("i-8", installed(), [FW.id]), want: "detach" },
    ]);
    expect(results).toEqual([
      { id: "i-1", kind: "attached", detail: "eni-i-1" },
      { id: "i-2", kind: "detached", detail: "eni-i-2" },
      { id: "i-3", kind: "unchanged", detail: "attached" },
      { id: "i-4", kind: "refused", detail: "other-vpc" },
      { id: "i-5", kind: "refused", detail: "other-vpc" },
      { id: "i-6", kind: "refused", detail: "other-vpc" },
      { id: "i-7", kind: "refused", detail: "no-network-interface" },
      { id: "i-8", kind: "unchanged", detail: "only-group" },
    ]);
    expect(calls).toEqual([
      ["setGroups", "eni-i-1", ["sg-a", FW.id]],
      ["setGroups", "eni-i-2", ["sg-a"]],
      ["tag", ["i-4"], { "fleetwatch:reason": "other-vpc" }],
      ["tag", ["i-7"], { "fleetwatch:reason": "no-network-interface" }],
    ]);
  });

  it("clears a group reason that no longer holds, never a status's own reason", async () => {
    const { calls, ports: p } = ports();
    await syncGroups(p, settings, keys, [
      { instance: instance("i-1", installed("other-vpc"), ["sg-a"]), want: "attach" },
      { instance: instance("i-2", installed("command-failed"), ["sg-a"]), want: "attach" },
      { instance: instance("i-3", installed(""), ["sg-a"]), want: "attach" },
    ]);
    expect(calls.filter((c) => c[0] === "tag")).toEqual([["tag", ["i-1"], { "fleetwatch:reason": "" }]]);
  });

  it("treats the reason of a just-tagged instance as cleared, whatever its described tags say", async () => {
    const { calls, ports: p } = ports();
    await syncGroups(p, settings, keys, [
      {
        instance: instance(
          "i-1",
          { "fleetwatch:status": "installing", "fleetwatch:reason": "other-vpc" },
          ["sg-a"],
          "vpc-other",
        ),
        want: "attach",
        tagged: true,
      },
      {
        instance: instance("i-2", { "fleetwatch:reason": "other-vpc" }, ["sg-a"]),
        want: "attach",
        tagged: true,
      },
    ]);
    expect(calls.filter((c) => c[0] === "tag")).toEqual([
      ["tag", ["i-1"], { "fleetwatch:reason": "other-vpc" }],
    ]);
  });

  it("retries an interface EC2 throttled, fails one it refused; the others go on", async () => {
    const { ports: p } = ports((eni) =>
      eni === "eni-i-1"
        ? new ThrottledError("ec2:ModifyNetworkInterfaceAttribute")
        : eni === "eni-i-2"
          ? new AwsCallError("ec2:ModifyNetworkInterfaceAttribute", "InvalidGroup.NotFound: gone")
          : undefined,
    );
    expect(
      await syncGroups(p, settings, keys, [
        { instance: instance("i-1", installed(), ["sg-a"]), want: "attach" },
        { instance: instance("i-2", installed(), ["sg-a"]), want: "attach" },
        { instance: instance("i-3", installed(), ["sg-a"]), want: "attach" },
      ]),
    ).toEqual([
      { id: "i-1", kind: "retry", detail: "ec2:ModifyNetworkInterfaceAttribute was throttled; retry later" },
      {
        id: "i-2",
        kind: "failed",
        detail: "ec2:ModifyNetworkInterfaceAttribute failed: InvalidGroup.NotFound: gone",
      },
      { id: "i-3", kind: "attached", detail: "eni-i-3" },
    ]);
  });
});
