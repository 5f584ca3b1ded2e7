import { defaultConfig, resolveConfig } from "@fleetwatch/config";
import {
  attemptsAt,
  type Instance,
  mayStillRegister,
  onboardingSettings,
  plan,
  tagKeys,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const settings = onboardingSettings(
  resolveConfig(
    { scrapeGroups: [{ name: "web", selector: { tags: { role: "web" } } }, { name: "default" }] },
    "dev",
  ),
  "doc",
);
const keys = tagKeys(settings.tagPrefix);
const NOW = new Date("2026-11-21T10:00:00Z");
const ago = (minutes: number) => new Date(NOW.getTime() - minutes * 60_000).toISOString();

function instance(tags: Record<string, string> = {}, extra: Partial<Instance> = {}): Instance {
  return {
    id: "i-00000000000000001",
    region: "us-east-1",
    state: "running",
    launchTime: new Date(ago(60)),
    tags,
    ...extra,
  };
}

describe("plan", () => {
  it.each([
    ["a new Linux instance", instance(), { kind: "install", group: "default" }],
    ["the first matching group", instance({ role: "web" }), { kind: "install", group: "web" }],
    ["a stopped instance", instance({}, { state: "stopped" }), { kind: "none", why: "not-running" }],
    [
      "Windows",
      instance({}, { platform: "windows" }),
      { kind: "mark", status: "skipped", reason: "windows" },
    ],
    [
      "Windows already marked",
      instance({ [keys.status]: "skipped", [keys.reason]: "windows" }, { platform: "windows" }),
      { kind: "none", why: "skipped" },
    ],
    ["opted out, never installed", instance({ [keys.ignore]: "true" }), { kind: "none", why: "opted-out" }],
    [
      "opted out after install",
      instance({ [keys.ignore]: "true", [keys.status]: "installed", [keys.scrape]: "true" }),
      { kind: "uninstall" },
    ],
    [
      "opted out while unmanaged",
      instance({ [keys.ignore]: "TRUE", [keys.status]: "unmanaged" }),
      { kind: "forget" },
    ],
    [
      "installed at the configured version",
      instance({ [keys.status]: "installed", [keys.nodeExporter]: "1.9.1", [keys.group]: "default" }),
      { kind: "none", why: "up-to-date" },
    ],
    [
      "installed at an older version (upgrade)",
      instance({ [keys.status]: "installed", [keys.nodeExporter]: "1.8.2", [keys.group]: "default" }),
      { kind: "install", group: "default" },
    ],
    [
      "installed but now in another group",
      instance({
        role: "web",
        [keys.status]: "installed",
        [keys.nodeExporter]: "1.9.1",
        [keys.group]: "default",
      }),
      { kind: "regroup", group: "web" },
    ],
    [
      "installing within the bound",
      instance({ [keys.status]: "installing", [keys.since]: ago(10) }),
      { kind: "none", why: "installing" },
    ],
    [
      "installing beyond the bound (stuck)",
      instance({ [keys.status]: "installing", [keys.since]: ago(31) }),
      { kind: "install", group: "default" },
    ],
    [
      "failed once: one more try",
      instance({ [keys.status]: "failed", [keys.attempts]: "1@1.9.1" }),
      { kind: "install", group: "default" },
    ],
    [
      "failed twice at this version",
      instance({ [keys.status]: "failed", [keys.attempts]: "2@1.9.1" }),
      { kind: "none", why: "failed" },
    ],
    [
      "failed twice at an older version",
      instance({ [keys.status]: "failed", [keys.attempts]: "2@1.8.2" }),
      { kind: "install", group: "default" },
    ],
    [
      "opted out, uninstall failed once: one more try",
      instance({
        [keys.ignore]: "true",
        [keys.status]: "failed",
        [keys.reason]: "uninstall-failed",
        [keys.attempts]: "1@1.9.1",
      }),
      { kind: "uninstall" },
    ],
    [
      "opted out, uninstall failed twice: left failed with its reason",
      instance({
        [keys.ignore]: "true",
        [keys.status]: "failed",
        [keys.reason]: "uninstall-failed",
        [keys.attempts]: "2@1.9.1",
      }),
      { kind: "none", why: "failed" },
    ],
    [
      "uninstalling within the bound",
      instance({ [keys.ignore]: "true", [keys.status]: "uninstalling", [keys.since]: ago(5) }),
      { kind: "none", why: "opted-out" },
    ],
    [
      "uninstalling beyond the bound",
      instance({ [keys.ignore]: "true", [keys.status]: "uninstalling", [keys.since]: ago(45) }),
      { kind: "uninstall" },
    ],
  ])("%s", (_, subject, expected) => {
    expect(plan(subject, settings, keys, NOW)).toEqual(expected);
  });

  it("skips an instance of a region fleetwatch does not onboard", () => {
    expect(plan(instance({}, { region: "ap-south-1" }), settings, keys, NOW)).toEqual({
      kind: "mark",
      status: "skipped",
      reason: "region-not-configured",
    });
  });

  it("skips an instance no group's selector takes", () => {
    const narrow = onboardingSettings(
      resolveConfig(
        { scrapeGroups: [{ name: "web", selector: { vpcIds: ["vpc-0123456789abcdef0"] } }] },
        "dev",
      ),
      "doc",
    );
    expect(plan(instance({}, { vpcId: "vpc-0fedcba9876543210" }), narrow, keys, NOW)).toEqual({
      kind: "mark",
      status: "skipped",
      reason: "no-matching-group",
    });
  });

  it("derives every tag key from the configured prefix", () => {
    const custom = tagKeys(resolveConfig({ tagPrefix: "acme/" }, "dev").tagPrefix);
    expect(Object.values(custom).every((k) => k.startsWith("acme/"))).toBe(true);
    expect(tagKeys(defaultConfig().tagPrefix).nodeExporter).toBe("fleetwatch:node-exporter");
  });
});

describe("plan, at its boundaries", () => {
  const V = settings.exporter.version;
  const MAX = settings.maxAttempts;
  const bound = new Date(NOW.getTime() - settings.installTimeoutMs).toISOString();
  const justIn = new Date(NOW.getTime() - settings.installTimeoutMs + 1).toISOString();
  const out = { "fleetwatch:ignore": "true" };
  it.each([
    [
      "installing exactly the install timeout ago",
      { "fleetwatch:status": "installing", "fleetwatch:since": bound },
      { kind: "install", group: "default" },
    ],
    [
      "installing 1 ms within the timeout",
      { "fleetwatch:status": "installing", "fleetwatch:since": justIn },
      { kind: "none", why: "installing" },
    ],
    [
      "installing without a since",
      { "fleetwatch:status": "installing" },
      { kind: "install", group: "default" },
    ],
    [
      "installed at another version",
      {
        "fleetwatch:status": "installed",
        "fleetwatch:node-exporter": "0.1.0",
        "fleetwatch:group": "default",
      },
      { kind: "install", group: "default" },
    ],
    [
      "a node-exporter tag without installed",
      { "fleetwatch:status": "failed", "fleetwatch:node-exporter": V, "fleetwatch:group": "default" },
      { kind: "install", group: "default" },
    ],
    [
      "failed one attempt short",
      { "fleetwatch:status": "failed", "fleetwatch:attempts": `${MAX - 1}@${V}` },
      { kind: "install", group: "default" },
    ],
    [
      "failed at the limit",
      { "fleetwatch:status": "failed", "fleetwatch:attempts": `${MAX}@${V}` },
      { kind: "none", why: "failed" },
    ],
    [
      "unmanaged at the limit of attempts",
      { "fleetwatch:status": "unmanaged", "fleetwatch:attempts": `${MAX}@${V}` },
      { kind: "install", group: "default" },
    ],
    [
      "opted out with only a scrape tag",
      { ...out, "fleetwatch:scrape": "true", "fleetwatch:status": "unmanaged" },
      { kind: "uninstall" },
    ],
    ["opted out, installed", { ...out, "fleetwatch:status": "installed" }, { kind: "uninstall" }],
    ["opted out, installing", { ...out, "fleetwatch:status": "installing" }, { kind: "uninstall" }],
    ["opted out, failed", { ...out, "fleetwatch:status": "failed" }, { kind: "uninstall" }],
    ["opted out, skipped", { ...out, "fleetwatch:status": "skipped" }, { kind: "forget" }],
    [
      "opted out, uninstall failed at the limit",
      {
        ...out,
        "fleetwatch:status": "failed",
        "fleetwatch:reason": "uninstall-failed",
        "fleetwatch:attempts": `${MAX}@${V}`,
      },
      { kind: "none", why: "failed" },
    ],
    [
      "opted out, uninstall failed short of the limit",
      {
        ...out,
        "fleetwatch:status": "failed",
        "fleetwatch:reason": "uninstall-failed",
        "fleetwatch:attempts": `${MAX - 1}@${V}`,
      },
      { kind: "uninstall" },
    ],
    [
      "opted out, install failed at the limit",
      {
        ...out,
        "fleetwatch:status": "failed",
        "fleetwatch:reason": "command-failed",
        "fleetwatch:attempts": `${MAX}@${V}`,
      },
      { kind: "uninstall" },
    ],
    [
      "opted out, unmanaged with reason uninstall-failed",
      {
        ...out,
        "fleetwatch:status": "unmanaged",
        "fleetwatch:reason": "uninstall-failed",
        "fleetwatch:attempts": `${MAX}@${V}`,
      },
      { kind: "forget" },
    ],
  ])("%s", (_, tags, expected) => {
    expect(plan(instance(tags), settings, keys, NOW)).toEqual(expected);
  });

  it.each([
    [
      "skipped for the same reason",
      { "fleetwatch:status": "skipped", "fleetwatch:reason": "windows" },
      { kind: "none", why: "skipped" },
    ],
    [
      "skipped for another reason",
      { "fleetwatch:status": "skipped", "fleetwatch:reason": "no-matching-group" },
      { kind: "mark", status: "skipped", reason: "windows" },
    ],
    [
      "unmanaged with the same reason",
      { "fleetwatch:status": "unmanaged", "fleetwatch:reason": "windows" },
      { kind: "mark", status: "skipped", reason: "windows" },
    ],
  ])("a Windows instance %s", (_, tags, expected) => {
    expect(plan(instance(tags, { platform: "windows" }), settings, keys, NOW)).toEqual(expected);
  });
});

describe("attemptsAt", () => {
  const keys = tagKeys("fleetwatch:");
  it.each([
    ["3@1.9.1", 3],
    ["12@1.9.1", 12],
    ["x3@1.9.1", 0],
    ["3@1.9.1\nx", 0],
    ["3@1.9.0", 0],
    ["@1.9.1", 0],
  ])("%j at 1.9.1 is %i", (tag, n) => {
    expect(attemptsAt({ "fleetwatch:attempts": tag }, keys, "1.9.1")).toBe(n);
  });
  it("is 0 without the tag", () => {
    expect(attemptsAt({}, keys, "1.9.1")).toBe(0);
  });
});

describe("mayStillRegister", () => {
  const at = (msAgo: number) =>
    mayStillRegister(instance({}, { launchTime: new Date(NOW.getTime() - msAgo) }), settings, NOW);
  it("is true until the readiness timeout, false from it", () => {
    expect([at(settings.readinessTimeoutMs - 1), at(settings.readinessTimeoutMs)]).toEqual([true, false]);
  });
});
