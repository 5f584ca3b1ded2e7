import { configVersion, contentVersionOf, REFRESHED_SUFFIX, refreshedVersion } from "@fleetwatch/monitoring";
import { describe, expect, it } from "vitest";

const files = { "prometheus/web-a/prometheus.yml": "global: {}\n", "rules/node.yml": "groups: []\n" };

describe("config versions", () => {
  it("names a tree by its paths and contents, in any order, 16 hex characters", () => {
    const version = configVersion(files);
    expect(version).toMatch(/^[0-9a-f]{16}$/);
    const { "rules/node.yml": rules, ...rest } = files;
    expect(configVersion({ "rules/node.yml": rules, ...rest })).toBe(version);
    expect(configVersion({ ...files, "rules/node.yml": "groups: [] \n" })).not.toBe(version);
    expect(
      configVersion({ "prometheus/web-b/prometheus.yml": "global: {}\n", "rules/node.yml": "groups: []\n" }),
    ).not.toBe(version);
  });

  it("gives a refreshed tree the same content version in a namespace of its own", () => {
    const refreshed = refreshedVersion(files);
    expect(refreshed).toBe(`${configVersion(files)}${REFRESHED_SUFFIX}`);
    expect(refreshed).not.toBe(configVersion(files));
    expect(contentVersionOf(refreshed)).toBe(configVersion(files));
    expect(contentVersionOf(configVersion(files))).toBe(configVersion(files));
  });
});
