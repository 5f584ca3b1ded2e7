import { describe, expect, it } from "vitest";
import { ConfigError } from "../../packages/config/src/errors.js";
import type { FleetwatchConfig } from "../../packages/config/src/types.js";
import { UnrenderableConfigError } from "../../packages/monitoring/src/errors.js";
import { config, render } from "./tools.js";

function renderError(settings: FleetwatchConfig): UnrenderableConfigError {
  try {
    render(config(settings));
  } catch (error) {
    if (error instanceof UnrenderableConfigError) return error;
    throw error;
  }
  throw new Error("expected an UnrenderableConfigError, the config rendered");
}

describe("assertRenderable", () => {
  it.each([
    [
      "a selector asking for a scrape tag other than true",
      { scrapeGroups: [{ name: "web", selector: { tags: { "fleetwatch:scrape": "yes" } } }] },
      'scrapeGroups[0].selector.tags["fleetwatch:scrape"]',
      /selects "yes", but the group's Prometheus only discovers instances whose fleetwatch:scrape is "true"/,
    ],
    [
      "a selector asking for another group's tag (custom prefix)",
      { tagPrefix: "acme/", scrapeGroups: [{ name: "web", selector: { tags: { "acme/group": "db" } } }] },
      'scrapeGroups[0].selector.tags["acme/group"]',
      /selects "db", but .* acme\/group is "web"/,
    ],
    [
      "a group behind a broader group, which takes all its instances",
      {
        scrapeGroups: [
          { name: "all", selector: { tags: { env: "prod" } } },
          { name: "payments", selector: { tags: { env: "prod", team: "payments" } } },
        ],
      },
      "scrapeGroups[1].selector",
      /matches no instance: every instance it selects is taken first by scrapeGroups\[0\] \("all"\)/,
    ],
    [
      "a group behind a group without selector",
      {
        scrapeGroups: [{ name: "default" }, { name: "db", selector: { vpcIds: ["vpc-0123456789abcdef0"] } }],
      },
      "scrapeGroups[1].selector",
      /taken first by scrapeGroups\[0\] \("default"\)/,
    ],
    [
      "two group names that become the same service names",
      {
        scrapeGroups: [
          { name: "a-1b", selector: { tags: { x: "1" } } },
          { name: "a1b", selector: { tags: { x: "2" } } },
        ],
      },
      "scrapeGroups[1].name",
      /"a1b" and scrapeGroups\[0\].name "a-1b" both name the service PrometheusA1bA; rename one of them/,
    ],
    [
      "a group named like another group's shard",
      {
        scrapeGroups: [
          { name: "web", shards: 2, selector: { tags: { x: "1" } } },
          { name: "web-s1", selector: { tags: { x: "2" } } },
        ],
      },
      "scrapeGroups[1].name",
      /"web-s1" and scrapeGroups\[0\].name "web" both name the service PrometheusWebS1A/,
    ],
    [
      "a group behind a broader group of the same accounts",
      {
        accounts: { members: [{ id: "111111111111", name: "prod" }] },
        scrapeGroups: [
          { name: "prod", selector: { accounts: ["111111111111"] } },
          { name: "prod-web", selector: { accounts: ["prod"], tags: { tier: "web" } } },
        ],
      },
      "scrapeGroups[1].selector",
      /taken first by scrapeGroups\[0\] \("prod"\)/,
    ],
  ])("rejects %s, naming the key", (_, settings, key, message) => {
    const error = renderError(settings as FleetwatchConfig);
    expect(error.name).toBe("UnrenderableConfigError");
    expect(error.key).toBe(key);
    expect(error.message).toContain(`render the monitoring config: ${key}: `);
    expect(error.message).toMatch(message);
  });

  it.each([
    [
      "groups on disjoint tags",
      [
        { name: "a", selector: { tags: { team: "a" } } },
        { name: "b", selector: { tags: { team: "b" } } },
      ],
    ],
    [
      "a narrow group before a broad one",
      [{ name: "db", selector: { tags: { role: "db" } } }, { name: "default" }],
    ],
    [
      "a broad group in other regions only",
      [
        { name: "eu", regions: ["eu-west-1"] },
        { name: "us", regions: ["us-east-1"] },
      ],
    ],
    [
      "a broad group in other VPCs only",
      [
        { name: "one", selector: { vpcIds: ["vpc-0123456789abcdef0"] } },
        { name: "two", selector: { vpcIds: ["vpc-0123456789abcdef1"] } },
      ],
    ],
    [
      "a broad group of other accounts only",
      [
        { name: "home", selector: { accounts: ["home"] } },
        { name: "members", selector: { accounts: ["111111111111"], tags: { tier: "web" } } },
      ],
    ],
  ])("renders %s", (_, scrapeGroups) => {
    const settings = {
      regions: ["eu-west-1"],
      accounts: { members: [{ id: "111111111111" }] },
      scrapeGroups,
    } as FleetwatchConfig;
    expect(Object.keys(render(config(settings))).length).toBeGreaterThan(10);
  });

  it("leaves retention too short for downsampling to the config schema, which names the key", () => {
    expect(() => config({ thanos: { retention: { raw: "24h" } } })).toThrow(ConfigError);
    expect(() => config({ thanos: { retention: { raw: "24h" } } })).toThrow(
      /thanos\.retention\.raw: must be "0d" \(forever\) or at least "40h" while thanos\.downsampling is on, got "24h"/,
    );
    expect(() => config({ thanos: { retention: { fiveMinutes: "7d" } } })).toThrow(
      /thanos\.retention\.fiveMinutes: .*"10d"/,
    );
  });
});
