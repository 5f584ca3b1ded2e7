import { defaultConfig, resolveConfig } from "@fleetwatch/config";
import { type Instance, onboardingSettings, plan, tagKeys } from "@fleetwatch/onboarding";
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
