import { z } from "zod";
import { ACCOUNT_ID, accountsSchema, HOME_ACCOUNT } from "./accounts.js";
import { durationMs } from "./duration.js";
import {
  FARGATE_CPUS,
  FARGATE_MEMORY_GB,
  FARGATE_STORAGE_GB,
  isFargateSize,
  sizeGb,
  smallestCpuFor,
} from "./fargate.js";
import {
  atLeast,
  awsId,
  awsRegion,
  bucketName,
  certificateArn,
  choice,
  clockTime,
  collectorName,
  duration,
  groupName,
  httpsUrl,
  integer,
  ipv4Cidr,
  keyPrefix,
  list,
  logRetentionDays,
  nonEmpty,
  rate,
  releaseVersion,
  sha256,
  size,
  slackChannel,
  tagPrefix,
  tagSelector,
  timeZone,
} from "./fields.js";
import {
  MIN_INSTALL_TIMEOUT_SECONDS,
  RESULT_MARGIN_SECONDS,
  SCRIPT_TIMEOUT_SECONDS,
  SSM_DELIVERY_TIMEOUT_SECONDS,
} from "./install-timing.js";
import { mirrorKeyProblems, mirrorRegionProblems } from "./mirror.js";
import {
  NODE_EXPORTER_RELEASES_URL,
  NODE_EXPORTER_SHA256_AMD64,
  NODE_EXPORTER_SHA256_ARM64,
  NODE_EXPORTER_VERSION,
} from "./node-exporter-release.js";
import { onboardedRegions } from "./regions.js";
import { type Problem, refine } from "./rule.js";
import { keysOnly } from "./shape.js";
import { joinWords, quoteList, show } from "./text.js";
import type { Cpu, Duration, Size, TaskSize } from "./types.js";

// The schema of fleetwatch.config.ts. Every key has the default its TSDoc in types.ts documents; every object
// rejects unknown keys. Rules on one value live in fields.ts; rules relating several keys live here, on the
// smallest object that holds them all.

const selectorSchema = z.strictObject({
  tags: tagSelector().default({}),
  vpcIds: z.array(awsId("vpc")).default([]),
  accounts: z.array(z.string()).default([]),
});

/** The most shards a scrape group may have. */
export const MAX_SHARDS = 16;

const scrapeGroupSchema = z.strictObject({
  name: groupName(),
  replicas: integer(1, 4, (at) => `set ${at} to 2 for an HA pair, or 1`).default(2),
  shards: integer(
    1,
    MAX_SHARDS,
    (at) => `set ${at} to 1 to ${MAX_SHARDS}; beyond that, split the instances into more scrape groups`,
  ).default(1),
  expectedInstances: integer(
    1,
    1_000_000,
    (at) => `set ${at} to about how many instances the group will hold, or leave it out`,
  ).optional(),
  regions: z.array(awsRegion()).default([]),
  selector: selectorSchema.prefault({}),
  scrapeInterval: duration("30s", { positive: true }).default("30s"),
  localRetention: duration("2d", {
    min: { value: "6h", why: "blocks must stay until the sidecar has uploaded them" },
  }).default("2d"),
});

const scrapeGroupsSchema = refine(z.array(scrapeGroupSchema), (groups): Problem[] => {
  if (groups.length === 0) {
    return [
      {
        message: "must list at least one group, got []",
        fix: (at) => `set ${at} to e.g. [{ name: "default" }]`,
      },
    ];
  }
  const firstIndex = new Map<string, number>();
  return groups.flatMap((group, index): Problem[] => {
    const first = firstIndex.get(group.name);
    if (first === undefined) {
      firstIndex.set(group.name, index);
      return [];
    }
    return [
      {
        path: [index, "name"],
        message: `must be unique, got ${show(group.name)}, the name of scrapeGroups[${first}] too`,
        fix: (at) => `rename ${at} or scrapeGroups[${first}].name, or merge the two groups`,
      },
    ];
  });
});

const sha256Schema = z.strictObject({ amd64: sha256("amd64"), arm64: sha256("arm64") });

const nodeExporterSourceSchema = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("upstream"), url: httpsUrl().default(NODE_EXPORTER_RELEASES_URL) }),
  refine(
    z.strictObject({
      kind: z.literal("s3"),
      bucket: z.string().optional(),
      buckets: z.record(z.string(), bucketName()).optional(),
      prefix: keyPrefix().default(""),
    }),
    mirrorKeyProblems,
  ),
]);

const DEFAULT_COLLECTORS = ["systemd"];

const nodeExporterSchema = refine(
  z.strictObject({
    version: releaseVersion().default(NODE_EXPORTER_VERSION),
    sha256: sha256Schema.default({ amd64: NODE_EXPORTER_SHA256_AMD64, arm64: NODE_EXPORTER_SHA256_ARM64 }),
    source: nodeExporterSourceSchema.prefault({ kind: "upstream" }),
    port: integer(
      1024,
      65535,
      (at) => `set ${at} to 9100 (node_exporter's default) or another unprivileged port`,
    ).default(9100),
    enableCollectors: z.array(collectorName()).default(DEFAULT_COLLECTORS),
    disableCollectors: z.array(collectorName()).default([]),
  }),
  (nodeExporter): Problem[] => {
    const problems: Problem[] = [];
    const { version, sha256: checksums } = nodeExporter;
    const defaultChecksums =
      checksums.amd64 === NODE_EXPORTER_SHA256_AMD64 && checksums.arm64 === NODE_EXPORTER_SHA256_ARM64;
    if (version !== NODE_EXPORTER_VERSION && defaultChecksums) {
      problems.push({
        path: ["sha256"],
        message: `must be given for version ${show(version)}, got the defaults (the checksums of ${NODE_EXPORTER_VERSION})`,
        fix: (at) =>
          `set ${at}.amd64 and .arm64 to the sha256 of node_exporter-${version}.linux-amd64.tar.gz and node_exporter-${version}.linux-arm64.tar.gz, from ${NODE_EXPORTER_RELEASES_URL}/v${version}/sha256sums.txt`,
      });
    }
    nodeExporter.disableCollectors.forEach((name, index) => {
      const enabledAt = nodeExporter.enableCollectors.indexOf(name);
      if (enabledAt === -1) return;
      const alternative = DEFAULT_COLLECTORS.includes(name)
        ? `set nodeExporter.enableCollectors to a list without ${show(name)} (it defaults to ${show(DEFAULT_COLLECTORS)})`
        : `remove ${show(name)} from nodeExporter.enableCollectors`;
      problems.push({
        path: ["disableCollectors", index],
        message: `must not also be enabled, got ${show(name)}, which enableCollectors[${enabledAt}] enables`,
        fix: (at) => `remove ${at}, or ${alternative}`,
      });
    });
    return problems;
  },
);

const retentionSchema = z.strictObject({
  raw: duration("30d").default("30d"),
  fiveMinutes: duration("180d").default("180d"),
  oneHour: duration("2y").default("2y"),
});

/** Thanos compactor minimums of each resolution's retention when it downsamples. */
const DOWNSAMPLING_MINIMUMS = [
  { key: "raw", minimum: "40h", why: "raw blocks are downsampled once 40h old" },
  { key: "fiveMinutes", minimum: "10d", why: "5m blocks are downsampled once 10d old" },
] as const;

const thanosSchema = refine(
  z.strictObject({ retention: retentionSchema.prefault({}), downsampling: z.boolean().default(true) }),
  (thanos) =>
    DOWNSAMPLING_MINIMUMS.flatMap(({ key, minimum, why }): Problem[] => {
      const kept = durationMs(thanos.retention[key]);
      if (!thanos.downsampling || kept === 0 || kept >= durationMs(minimum)) return [];
      return [
        {
          path: ["retention", key],
          message: `must be "0d" (forever) or at least "${minimum}" while thanos.downsampling is on, got ${show(thanos.retention[key])}`,
          fix: (at) => `set ${at} to "${minimum}" or more (${why}), or set thanos.downsampling to false`,
        },
      ];
    }),
);

const slackSchema = z.strictObject({
  enabled: z.boolean().default(false),
  channel: slackChannel().default("#fleetwatch"),
});

const schedulesSchema = z.strictObject({
  audit: rate().default("30 minutes"),
  reconcile: rate().default("30 minutes"),
  digest: z
    .strictObject({ time: clockTime().default("09:00"), timezone: timeZone().default("UTC") })
    .prefault({}),
});

/** The install timeout must outlast SSM's delivery, the script's run and the result's way back. */
const MIN_INSTALL_TIMEOUT: Duration = `${MIN_INSTALL_TIMEOUT_SECONDS / 60}m`;
const minutes = (seconds: number) => `${seconds / 60} minutes`;

const onboardingSchema = z.strictObject({
  ssmRegistrationTimeout: duration("15m", { positive: true }).default("15m"),
  installTimeout: refine(duration("30m", { positive: true }), (value) =>
    durationMs(value) >= durationMs(MIN_INSTALL_TIMEOUT)
      ? undefined
      : {
          path: [],
          message: `must be at least "${MIN_INSTALL_TIMEOUT}" (SSM may wait ${minutes(SSM_DELIVERY_TIMEOUT_SECONDS)} to deliver the install, the script may run ${minutes(SCRIPT_TIMEOUT_SECONDS)} and its result takes up to ${minutes(RESULT_MARGIN_SECONDS)} to arrive), got ${show(value)}`,
          fix: (at) => `set ${at} to "${MIN_INSTALL_TIMEOUT}" or more`,
        },
  ).default("30m"),
  attachSecurityGroup: z.boolean().default(false),
});

const freshnessSchema = refine(
  z.strictObject({
    warning: duration("4h", { positive: true }).default("4h"),
    critical: duration("6h", { positive: true }).default("6h"),
  }),
  ({ warning, critical }) =>
    durationMs(critical) > durationMs(warning)
      ? undefined
      : {
          path: ["critical"],
          message: `must be longer than freshness.warning (${show(warning)}), got ${show(critical)}`,
          fix: (at) => `set ${at} above ${show(warning)}, or lower freshness.warning`,
        },
);

/** A task size; left out, its storage is that of the task's default size, else 20 GB. */
const taskSize = (defaults: TaskSize) =>
  refine(
    z.strictObject({
      cpu: choice(FARGATE_CPUS),
      memory: size(),
      storage: size(FARGATE_STORAGE_GB).default(defaults.storage ?? "20 GB"),
    }),
    fargateCombination,
  ).prefault(defaults);

/** Fargate runs only some pairs of CPU and memory. */
function fargateCombination({ cpu, memory }: { cpu: Cpu; memory: Size }): Problem | undefined {
  const gb = sizeGb(memory) ?? Number.NaN;
  if (isFargateSize(cpu, gb)) return undefined;
  const bigger = smallestCpuFor(gb);
  const valid = FARGATE_MEMORY_GB[cpu].map(String);
  return {
    path: ["memory"],
    message: `must be ${joinWords(valid)} GB with ${show(cpu)} on Fargate, got ${show(memory)}`,
    fix: (at) =>
      `set ${at} to one of those${bigger ? `, or set the task's cpu to ${show(bigger)}, which takes ${show(memory)}` : ""}`,
  };
}

const rulerSchema = z.strictObject({
  replicas: integer(1, 5, (at) => `set ${at} to 2 for an HA pair, or 1`).default(2),
});

const tasksSchema = z.strictObject({
  prometheus: taskSize({ cpu: "1 vCPU", memory: "4 GB", storage: "50 GB" }),
  query: taskSize({ cpu: "0.5 vCPU", memory: "1 GB" }),
  queryFrontend: taskSize({ cpu: "0.25 vCPU", memory: "0.5 GB" }),
  storeGateway: taskSize({ cpu: "0.5 vCPU", memory: "2 GB", storage: "50 GB" }),
  compactor: taskSize({ cpu: "1 vCPU", memory: "4 GB", storage: "100 GB" }),
  ruler: taskSize({ cpu: "0.25 vCPU", memory: "0.5 GB" }),
  bucketWeb: taskSize({ cpu: "0.25 vCPU", memory: "0.5 GB" }),
  alertmanager: taskSize({ cpu: "0.25 vCPU", memory: "0.5 GB" }),
  grafana: taskSize({ cpu: "0.25 vCPU", memory: "0.5 GB" }),
});

const alertmanagerSchema = z.strictObject({
  replicas: integer(1, 5, (at) => `set ${at} to 2 for an HA pair, or 1 to 5`).default(2),
});

const existingVpcSchema = z.strictObject({
  id: awsId("vpc"),
  privateSubnetIds: list(
    awsId("subnet"),
    2,
    "subnet",
    (at) => `list in ${at} private subnets of at least two availability zones`,
  ),
  publicSubnetIds: z.array(awsId("subnet")).default([]),
  routeTableIds: list(
    awsId("routeTable"),
    1,
    "route table",
    (at) => `list in ${at} the route tables of the private subnets`,
  ),
});

const networkSchema = refine(
  z.strictObject({
    layout: choice(["private", "public"]).default("private"),
    nat: choice(["managed", "ec2"]).default("managed"),
    azs: integer(1, 6, (at) => `set ${at} to 2 (or more, up to 6)`).default(2),
    existing: existingVpcSchema.optional(),
  }),
  ({ layout, existing }) =>
    layout === "public" && existing && new Set(existing.publicSubnetIds).size < 2
      ? {
          path: ["existing", "publicSubnetIds"],
          message: `must list at least 2 different subnets when network.layout is "public", got ${show(existing.publicSubnetIds)}`,
          fix: (at) =>
            `list in ${at} public subnets of at least two availability zones, or set network.layout to "private"`,
        }
      : undefined,
);

/** Private address ranges (RFC 1918): what an internal load balancer admits by default. */
export const PRIVATE_CIDRS = ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"];

/** A health check grace period: whole seconds ECS can take, at most an hour (a stuck task is found late). */
const gracePeriod = (example: Duration) =>
  refine(duration(example, { positive: true }), (value): Problem | undefined =>
    durationMs(value) <= durationMs("1h")
      ? undefined
      : {
          message: `must be at most "1h", got ${show(value)}`,
          fix: (at) => `set ${at} to "1h" or less, e.g. "${example}"`,
        },
  );

const gracePeriodsSchema = z.strictObject({
  grafana: gracePeriod("5m").default("5m"),
  queryFrontend: gracePeriod("1m").default("1m"),
  bucketWeb: gracePeriod("1m").default("1m"),
});

const accessSchema = refine(
  z.strictObject({
    public: z.boolean().default(false),
    allowedCidrs: list(
      ipv4Cidr(),
      1,
      "CIDR block",
      (at) => `list in ${at} the networks that may reach Grafana, e.g. your VPN's "10.8.0.0/16"`,
    ).default(PRIVATE_CIDRS),
    certificateArn: certificateArn().optional(),
    healthCheckGracePeriod: gracePeriodsSchema.prefault({}),
  }),
  (access): Problem[] => {
    if (!access.public) return [];
    const problems: Problem[] = [];
    if (access.certificateArn === undefined) {
      problems.push({
        path: ["certificateArn"],
        message:
          "must be set when access.public is true (a public load balancer serves HTTPS only), got nothing",
        fix: (at) => `set ${at} to an ACM certificate ARN of the home region, or set access.public to false`,
      });
    }
    const open = access.allowedCidrs.findIndex((cidr) => cidr.endsWith("/0"));
    if (open !== -1) {
      problems.push({
        path: ["allowedCidrs", open],
        message: `must not admit the whole internet when access.public is true, got ${show(access.allowedCidrs[open])}`,
        fix: (at) =>
          `set ${at} to the networks of your users (an office, a VPN egress), or use a VPN and access.public: false`,
      });
    }
    return problems;
  },
);

const ingestSchema = z.strictObject({
  samplesPerSecond: atLeast(0, (at) => `set ${at} to the fleet's samples per second, e.g. 10000`).default(
    10_000,
  ),
});

const price = () =>
  atLeast(0, (at) => `set ${at} to a price in USD, or remove it to use the price table's`).optional();

const pricesSchema = z.strictObject({
  fargateVcpuHour: price(),
  fargateGbHour: price(),
  fargateStorageGbHour: price(),
  albHour: price(),
  albLcuHour: price(),
  natGatewayHour: price(),
  natGatewayGb: price(),
  natInstanceHour: price(),
  publicIpv4Hour: price(),
  s3GbMonth: price(),
  s3PutPer1000: price(),
  s3GetPer1000: price(),
  lambdaGbSecond: price(),
  lambdaPerMillionRequests: price(),
  logsIngestGb: price(),
});

const settingsShape = {
  homeRegion: awsRegion().default("us-east-1"),
  regions: z.array(awsRegion()).default([]),
  tagPrefix: tagPrefix().default("fleetwatch:"),
  productionStages: z
    .array(nonEmpty((at) => `remove ${at}, or set it to a stage name such as "production"`))
    .default(["production"]),
  scrapeGroups: scrapeGroupsSchema.prefault([{ name: "default" }]),
  accounts: accountsSchema.prefault({}),
  nodeExporter: nodeExporterSchema.prefault({}),
  thanos: thanosSchema.prefault({}),
  ruler: rulerSchema.prefault({}),
  slack: slackSchema.prefault({}),
  schedules: schedulesSchema.prefault({}),
  onboarding: onboardingSchema.prefault({}),
  freshness: freshnessSchema.prefault({}),
  tasks: tasksSchema.prefault({}),
  alertmanager: alertmanagerSchema.prefault({}),
  network: networkSchema.prefault({}),
  access: accessSchema.prefault({}),
  ingest: ingestSchema.prefault({}),
  prices: pricesSchema.prefault({}),
  logRetentionDays: logRetentionDays().default(30),
};

type SettingsOutput = z.output<z.ZodObject<typeof settingsShape>>;

/** A group may only scrape regions fleetwatch onboards. */
function groupRegionsAreConfigured(settings: SettingsOutput): Problem[] {
  const configured = [settings.homeRegion, ...settings.regions];
  return settings.scrapeGroups.flatMap((group, groupIndex) =>
    group.regions.flatMap((region, index): Problem[] =>
      configured.includes(region)
        ? []
        : [
            {
              path: ["scrapeGroups", groupIndex, "regions", index],
              message: `must be homeRegion or one of regions, i.e. ${quoteList([...new Set(configured)])}, got ${show(region)}`,
              fix: () => `add ${show(region)} to regions, or remove it from the group's regions`,
            },
          ],
    ),
  );
}

/** A member account's regions are among the configured ones. */
function memberRegionsAreConfigured(settings: SettingsOutput): Problem[] {
  const configured = [settings.homeRegion, ...settings.regions];
  return settings.accounts.members.flatMap((member, memberIndex) =>
    member.regions.flatMap((region, index): Problem[] =>
      configured.includes(region)
        ? []
        : [
            {
              path: ["accounts", "members", memberIndex, "regions", index],
              message: `must be homeRegion or one of regions, i.e. ${quoteList([...new Set(configured)])}, got ${show(region)}`,
              fix: () => `add ${show(region)} to regions, or remove it from the account's regions`,
            },
          ],
    ),
  );
}

/** A group selector's accounts are the home account, a listed member (by id or name), or any id under units. */
function selectorAccountsAreKnown(settings: SettingsOutput): Problem[] {
  const { members, organization } = settings.accounts;
  const known = [HOME_ACCOUNT, ...members.flatMap((m) => [m.id, ...(m.name ? [m.name] : [])])];
  return settings.scrapeGroups.flatMap((group, groupIndex) =>
    group.selector.accounts.flatMap((account, index): Problem[] => {
      if (known.includes(account) || (organization && ACCOUNT_ID.test(account))) return [];
      return [
        {
          path: ["scrapeGroups", groupIndex, "selector", "accounts", index],
          message: organization
            ? `must be "home" or a 12-digit account id of the Organization units, got ${show(account)}`
            : `must be one of ${quoteList(known)} (the home account, or the id or name of one of accounts.members), got ${show(account)}`,
          fix: () => `use one of those, or add the account to accounts.members`,
        },
      ];
    }),
  );
}

/** The S3 mirror has a bucket in every onboarded region. */
function mirrorCoversRegions(settings: SettingsOutput): Problem[] {
  const source = settings.nodeExporter.source;
  if (source.kind !== "s3") return [];
  return mirrorRegionProblems(source, onboardedRegions(settings)).map((problem) => ({
    ...problem,
    path: ["nodeExporter", "source", ...(problem.path ?? [])],
  }));
}

/** A public load balancer in an existing VPC needs public subnets to stand in. */
function publicAccessHasSubnets(settings: SettingsOutput): Problem[] {
  const existing = settings.network.existing;
  if (!settings.access.public || !existing || new Set(existing.publicSubnetIds).size >= 2) return [];
  return [
    {
      path: ["network", "existing", "publicSubnetIds"],
      message: `must list at least 2 different subnets when access.public is true (the load balancer stands in them), got ${show(existing.publicSubnetIds)}`,
      fix: (at) =>
        `list in ${at} public subnets of at least two availability zones, or set access.public to false`,
    },
  ];
}

/** Rules relating keys of different sections. */
function crossSectionRules(settings: SettingsOutput): Problem[] {
  return [
    ...groupRegionsAreConfigured(settings),
    ...memberRegionsAreConfigured(settings),
    ...selectorAccountsAreKnown(settings),
    ...mirrorCoversRegions(settings),
    ...publicAccessHasSubnets(settings),
  ];
}

/** Every setting of fleetwatch, validated, with defaults. */
export const settingsSchema = refine(z.strictObject(settingsShape), crossSectionRules);

/** What a stage override may hold: any keys of the settings, at any depth; values are checked after merging. */
export const stageOverrideSchema = keysOnly(settingsSchema);

/** The whole of fleetwatch.config.ts: the settings and their per-stage overrides. */
export const configSchema = refine(
  z.strictObject({ ...settingsShape, stages: z.record(z.string(), stageOverrideSchema).default({}) }),
  crossSectionRules,
);

/** The settings with every key present: what a config resolves to, before stage information is added. */
export type ResolvedSettings = z.output<typeof settingsSchema>;
