import { describe, expect, it } from "vitest";
import { ConfigError } from "../../packages/config/src/errors.js";
import { defaultConfig, defineConfig, resolveConfig } from "../../packages/config/src/load.js";
import {
  NODE_EXPORTER_RELEASES_URL,
  NODE_EXPORTER_SHA256_AMD64,
  NODE_EXPORTER_SHA256_ARM64,
} from "../../packages/config/src/node-exporter-release.js";
import type { FleetwatchConfig } from "../../packages/config/src/types.js";
import { configError } from "./config-error.js";

const small = { cpu: "0.25 vCPU", memory: "0.5 GB", storage: "20 GB" };

describe("defaultConfig", () => {
  it("resolves an empty config to every documented default", () => {
    expect(defaultConfig()).toEqual({
      stage: "dev",
      isProduction: false,
      homeRegion: "us-east-1",
      regions: ["us-east-1"],
      tagPrefix: "fleetwatch:",
      productionStages: ["production"],
      scrapeGroups: [
        {
          name: "default",
          replicas: 2,
          shards: 1,
          regions: [],
          selector: { tags: {}, vpcIds: [], accounts: [] },
          scrapeInterval: "30s",
          localRetention: "2d",
        },
      ],
      accounts: { members: [], memberRoleName: "fleetwatch-member" },
      nodeExporter: {
        version: "1.9.1",
        sha256: { amd64: NODE_EXPORTER_SHA256_AMD64, arm64: NODE_EXPORTER_SHA256_ARM64 },
        source: { kind: "upstream", url: NODE_EXPORTER_RELEASES_URL },
        port: 9100,
        enableCollectors: ["systemd"],
        disableCollectors: [],
      },
      thanos: { retention: { raw: "30d", fiveMinutes: "180d", oneHour: "2y" }, downsampling: true },
      ruler: { replicas: 2 },
      slack: { enabled: false, channel: "#fleetwatch" },
      schedules: { audit: "30 minutes", reconcile: "30 minutes", digest: { time: "09:00", timezone: "UTC" } },
      onboarding: { ssmRegistrationTimeout: "15m", installTimeout: "30m", attachSecurityGroup: false },
      freshness: { warning: "4h", critical: "6h" },
      tasks: {
        prometheus: { cpu: "1 vCPU", memory: "4 GB", storage: "50 GB" },
        query: { cpu: "0.5 vCPU", memory: "1 GB", storage: "20 GB" },
        queryFrontend: small,
        storeGateway: { cpu: "0.5 vCPU", memory: "2 GB", storage: "50 GB" },
        compactor: { cpu: "1 vCPU", memory: "4 GB", storage: "100 GB" },
        ruler: small,
        bucketWeb: small,
        alertmanager: small,
        grafana: small,
      },
      alertmanager: { replicas: 2 },
      network: { layout: "private", nat: "managed", azs: 2 },
      access: {
        public: false,
        allowedCidrs: ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"],
        healthCheckGracePeriod: { grafana: "5m", queryFrontend: "1m", bucketWeb: "1m" },
      },
      ingest: { samplesPerSecond: 10_000 },
      prices: {},
      logRetentionDays: 30,
    });
  });

  it("returns fresh objects, so changing one resolution leaves the next alone", () => {
    defaultConfig().scrapeGroups[0]?.selector.vpcIds.push("vpc-0123456789abcdef0");
    defaultConfig().nodeExporter.enableCollectors.push("processes");
    expect(defaultConfig().scrapeGroups[0]?.selector.vpcIds).toEqual([]);
    expect(defaultConfig().nodeExporter.enableCollectors).toEqual(["systemd"]);
  });
});

describe("defineConfig", () => {
  it("returns the config it is given", () => {
    const config = { homeRegion: "eu-west-1" } as const;
    expect(defineConfig(config)).toBe(config);
  });
});

describe("resolveConfig", () => {
  const config: FleetwatchConfig = {
    regions: ["eu-west-1"],
    scrapeGroups: [{ name: "web" }, { name: "db", replicas: 1 }],
    thanos: { retention: { raw: "30d", fiveMinutes: "90d" } },
    tasks: { prometheus: { cpu: "1 vCPU", memory: "4 GB", storage: "80 GB" } },
    nodeExporter: { source: { kind: "upstream", url: "https://mirror.example.com/node_exporter" } },
    stages: {
      production: {
        regions: ["eu-central-1"],
        scrapeGroups: [{ name: "all", replicas: 3 }],
        thanos: { retention: { raw: "90d" } },
        tasks: { prometheus: { cpu: "2 vCPU", memory: "8 GB" } },
        nodeExporter: { source: { kind: "s3", bucket: "fleetwatch-mirror-{region}" } },
      },
    },
  };

  it("merges the stage's override over the settings: objects key by key", () => {
    const production = resolveConfig(config, "production");
    expect(production.thanos.retention).toEqual({ raw: "90d", fiveMinutes: "90d", oneHour: "2y" });
    expect(production.tasks.prometheus).toEqual({ cpu: "2 vCPU", memory: "8 GB", storage: "80 GB" });
  });

  it("replaces lists whole", () => {
    const production = resolveConfig(config, "production");
    expect(production.scrapeGroups.map((g) => [g.name, g.replicas])).toEqual([["all", 3]]);
    expect(production.regions).toEqual(["us-east-1", "eu-central-1"]);
  });

  it("replaces an object whose kind changes, keeping none of the old kind's keys", () => {
    expect(resolveConfig(config, "production").nodeExporter.source).toEqual({
      kind: "s3",
      bucket: "fleetwatch-mirror-{region}",
      prefix: "",
    });
  });

  it("applies no override to a stage without one", () => {
    const dev = resolveConfig(config, "dev");
    expect(dev.thanos.retention.raw).toBe("30d");
    expect(dev.scrapeGroups.map((g) => g.name)).toEqual(["web", "db"]);
    expect(dev.nodeExporter.source).toEqual({
      kind: "upstream",
      url: "https://mirror.example.com/node_exporter",
    });
  });

  it("keeps a task's default storage when an override gives only its cpu and memory", () => {
    const resolved = resolveConfig(
      { stages: { dev: { tasks: { compactor: { cpu: "2 vCPU", memory: "8 GB" } } } } },
      "dev",
    );
    expect(resolved.tasks.compactor).toEqual({ cpu: "2 vCPU", memory: "8 GB", storage: "100 GB" });
  });

  it.each([
    { stage: "production", productionStages: undefined, isProduction: true },
    { stage: "dev", productionStages: undefined, isProduction: false },
    { stage: "live", productionStages: ["prod", "live"], isProduction: true },
    { stage: "production", productionStages: ["prod", "live"], isProduction: false },
  ])(
    "says stage $stage is production: $isProduction (productionStages $productionStages)",
    ({ stage, productionStages, isProduction }) => {
      const resolved = resolveConfig({ ...(productionStages && { productionStages }) }, stage);
      expect(resolved).toMatchObject({ stage, isProduction });
    },
  );

  it.each<{
    homeRegion: FleetwatchConfig["homeRegion"];
    regions: FleetwatchConfig["regions"];
    all: string[];
  }>([
    { homeRegion: undefined, regions: undefined, all: ["us-east-1"] },
    { homeRegion: "eu-west-1", regions: [], all: ["eu-west-1"] },
    {
      homeRegion: "eu-west-1",
      regions: ["us-east-1", "eu-west-1", "us-east-1"],
      all: ["eu-west-1", "us-east-1"],
    },
  ])("lists every region, home first, once: $all", ({ homeRegion, regions, all }) => {
    expect(resolveConfig({ homeRegion, regions }, "dev").regions).toEqual(all);
  });

  it("reports every issue in one error, in the settings, the overrides' keys and every stage's merged settings", () => {
    const error = configError(
      {
        homeRegion: "us-east1",
        scrapeGroups: [{ name: "default", replicas: 0 }],
        stages: {
          production: { freshness: { warning: "7h" }, slack: { chanel: "#ops" } },
          staging: { thanos: { downsampling: "no" } },
        },
      },
      "production",
    );
    expect(error.message).toBe(
      [
        'Invalid fleetwatch config for stage "production" (fleetwatch.config.ts):',
        '  - homeRegion: must be an AWS region code, got "us-east1"; did you mean "us-east-1"? Fix: set homeRegion to "us-east-1".',
        "  - scrapeGroups[0].replicas: must be an integer from 1 to 4, got 0. Fix: set scrapeGroups[0].replicas to 2 for an HA pair, or 1.",
        '  - stages.production.slack.chanel: unknown key "chanel"; did you mean "channel"? Fix: rename it to "channel".',
        '  - stages.production.freshness.critical: must be longer than freshness.warning ("7h"), got "6h". Fix: set stages.production.freshness.critical above "7h", or lower freshness.warning.',
        '  - stages.staging.thanos.downsampling: must be true or false, got "no". Fix: set stages.staging.thanos.downsampling to true or false.',
      ].join("\n"),
    );
    expect(error.issues.map((issue) => issue.path)).toEqual([
      "homeRegion",
      "scrapeGroups[0].replicas",
      "stages.production.slack.chanel",
      "stages.production.freshness.critical",
      "stages.staging.thanos.downsampling",
    ]);
  });

  it.each([
    ["dev", "production"],
    ["production", "staging"],
  ])("fails stage %s for a bad value in the override of stage %s, naming it", (stage, other) => {
    const error = configError({ stages: { [other]: { logRetentionDays: 45 }, [stage]: {} } }, stage);
    expect(error.issues.map((issue) => issue.path)).toEqual([`stages.${other}.logRetentionDays`]);
    expect(error.issues[0]?.fix).toBe(
      `set stages.${other}.logRetentionDays to 30 or 60, the nearest it accepts`,
    );
  });

  it("throws a ConfigError naming the file, with the issues and zod's errors as cause", () => {
    let thrown: unknown;
    try {
      resolveConfig({ logRetentionDays: 45 }, "dev", { file: "test/fixtures/configs/invalid.ts" });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(ConfigError);
    const error = thrown as ConfigError;
    expect(error.name).toBe("ConfigError");
    expect(error.stage).toBe("dev");
    expect(error.message.split("\n")[0]).toBe(
      'Invalid fleetwatch config for stage "dev" (test/fixtures/configs/invalid.ts):',
    );
    expect(error.issues).toEqual([
      {
        path: "logRetentionDays",
        message: expect.stringMatching(/^must be a retention CloudWatch Logs accepts \(1, 3, .*\), got 45$/),
        fix: "set logRetentionDays to 30 or 60, the nearest it accepts",
      },
    ]);
    expect(error.cause).toEqual([expect.objectContaining({ name: "ZodError" })]);
  });

  it("rejects a config that is not an object", () => {
    expect(configError("us-east-1").message).toBe(
      [
        'Invalid fleetwatch config for stage "dev" (fleetwatch.config.ts):',
        '  - config: must be an object, got "us-east-1". Fix: set config to an object.',
      ].join("\n"),
    );
  });
});
