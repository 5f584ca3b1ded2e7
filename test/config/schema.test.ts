import { describe, expect, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import { resolveConfig } from "../../packages/config/src/load.js";
import type { configSchema, ResolvedSettings } from "../../packages/config/src/schema.js";
import type {
  FleetwatchConfig,
  FleetwatchSettings,
  NodeExporterSource,
  TaskSize,
} from "../../packages/config/src/types.js";
import { configError } from "./config-error.js";

const VPC = "vpc-0123456789abcdef0";
const SUBNET_A = "subnet-0aaaaaaaaaaaaaaaa";
const SUBNET_B = "subnet-0bbbbbbbbbbbbbbbb";
const ROUTE_TABLE = "rtb-0cccccccccccccccc";
const SHA_A = "a".repeat(64);
const SHA_B = "b".repeat(64);
const CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d";

const header = (stage: string) => `Invalid fleetwatch config for stage "${stage}" (fleetwatch.config.ts):`;

describe("settingsSchema rules", () => {
  it.each<{ name: string; config: unknown; stage?: string; issue: string }>([
    {
      name: "an unknown key close to a known one",
      config: { scrapeGroups: [{ name: "web", replica: 2 }] },
      issue: `scrapeGroups[0].replica: unknown key "replica"; did you mean "replicas"? Fix: rename it to "replicas".`,
    },
    {
      name: "an unknown key close to none",
      config: { tasks: { gpu: { cpu: "1 vCPU", memory: "2 GB" } } },
      issue:
        'tasks.gpu: unknown key "gpu". Fix: remove it; the keys allowed here are prometheus, query, queryFrontend, storeGateway, compactor, ruler, bucketWeb, alertmanager and grafana.',
    },
    {
      name: "an unknown key in the override of another stage",
      config: { stages: { production: { thanos: { retension: { raw: "60d" } } } } },
      issue: `stages.production.thanos.retension: unknown key "retension"; did you mean "retention"? Fix: rename it to "retention".`,
    },
    {
      name: "a misspelt region",
      config: { homeRegion: "us-east1" },
      issue: `homeRegion: must be an AWS region code, got "us-east1"; did you mean "us-east-1"? Fix: set homeRegion to "us-east-1".`,
    },
    {
      name: "a duplicate group name",
      config: { scrapeGroups: [{ name: "web" }, { name: "db" }, { name: "web" }] },
      issue: `scrapeGroups[2].name: must be unique, got "web", the name of scrapeGroups[0] too. Fix: rename scrapeGroups[2].name or scrapeGroups[0].name, or merge the two groups.`,
    },
    {
      name: "no replicas",
      config: { scrapeGroups: [{ name: "default", replicas: 0 }] },
      issue:
        "scrapeGroups[0].replicas: must be an integer from 1 to 4, got 0. Fix: set scrapeGroups[0].replicas to 2 for an HA pair, or 1.",
    },
    {
      name: "too many shards",
      config: { scrapeGroups: [{ name: "default", shards: 17 }] },
      issue:
        "scrapeGroups[0].shards: must be an integer from 1 to 16, got 17. Fix: set scrapeGroups[0].shards to 1 to 16; beyond that, split the instances into more scrape groups.",
    },
    {
      name: "a fraction of an instance",
      config: { scrapeGroups: [{ name: "default", expectedInstances: 2.5 }] },
      issue:
        "scrapeGroups[0].expectedInstances: must be an integer from 1 to 1000000, got 2.5. Fix: set scrapeGroups[0].expectedInstances to about how many instances the group will hold, or leave it out.",
    },
    {
      name: "no Alertmanager",
      config: { alertmanager: { replicas: 0 } },
      issue:
        "alertmanager.replicas: must be an integer from 1 to 5, got 0. Fix: set alertmanager.replicas to 2 for an HA pair, or 1 to 5.",
    },
    {
      name: "too many Alertmanagers in a stage",
      config: { stages: { production: { alertmanager: { replicas: 6 } } } },
      stage: "production",
      issue:
        "stages.production.alertmanager.replicas: must be an integer from 1 to 5, got 6. Fix: set stages.production.alertmanager.replicas to 2 for an HA pair, or 1 to 5.",
    },
    {
      name: "replicas in quotes",
      config: { scrapeGroups: [{ name: "default", replicas: "2" }] },
      issue: `scrapeGroups[0].replicas: must be a number, got "2". Fix: set scrapeGroups[0].replicas to 2, without quotes.`,
    },
    {
      name: "no Ruler replicas",
      config: { ruler: { replicas: 0 } },
      issue:
        "ruler.replicas: must be an integer from 1 to 5, got 0. Fix: set ruler.replicas to 2 for an HA pair, or 1.",
    },
    {
      name: "too many Ruler replicas",
      config: { ruler: { replicas: 6 } },
      issue:
        "ruler.replicas: must be an integer from 1 to 5, got 6. Fix: set ruler.replicas to 2 for an HA pair, or 1.",
    },
    {
      name: "a Ruler replica count that is not whole",
      config: { ruler: { replicas: 1.5 } },
      issue:
        "ruler.replicas: must be an integer from 1 to 5, got 1.5. Fix: set ruler.replicas to 2 for an HA pair, or 1.",
    },
    {
      name: "a local retention shorter than uploads need",
      config: { scrapeGroups: [{ name: "default", localRetention: "2h" }] },
      issue: `scrapeGroups[0].localRetention: must be at least "6h", got "2h". Fix: set scrapeGroups[0].localRetention to "6h" or more (blocks must stay until the sidecar has uploaded them).`,
    },
    {
      name: "a group without a name",
      config: { scrapeGroups: [{ replicas: 2 }] },
      issue: "scrapeGroups[0].name: is required, got nothing. Fix: set scrapeGroups[0].name to a string.",
    },
    {
      name: "a malformed sha256",
      config: { nodeExporter: { sha256: { amd64: "abc123", arm64: SHA_B } } },
      issue: `nodeExporter.sha256.amd64: must be a sha256: 64 lower-case hex characters, got "abc123" (6 characters). Fix: set nodeExporter.sha256.amd64 to the sha256 of node_exporter-<version>.linux-amd64.tar.gz, from the release's sha256sums.txt.`,
    },
    {
      name: "a new node_exporter version without its checksums",
      config: { nodeExporter: { version: "1.10.0" } },
      issue: `nodeExporter.sha256: must be given for version "1.10.0", got the defaults (the checksums of 1.9.1). Fix: set nodeExporter.sha256.amd64 and .arm64 to the sha256 of node_exporter-1.10.0.linux-amd64.tar.gz and node_exporter-1.10.0.linux-arm64.tar.gz, from https://github.com/prometheus/node_exporter/releases/download/v1.10.0/sha256sums.txt.`,
    },
    {
      name: "an unknown download source kind",
      config: { nodeExporter: { source: { kind: "http" } } },
      issue: `nodeExporter.source.kind: must be "upstream" or "s3", got "http". Fix: set nodeExporter.source.kind to one of those.`,
    },
    {
      name: "a collector both enabled and disabled",
      config: { nodeExporter: { disableCollectors: ["systemd"] } },
      issue: `nodeExporter.disableCollectors[0]: must not also be enabled, got "systemd", which enableCollectors[0] enables. Fix: remove nodeExporter.disableCollectors[0], or set nodeExporter.enableCollectors to a list without "systemd" (it defaults to ["systemd"]).`,
    },
    {
      name: "an install timeout shorter than SSM may take to deliver, run and report the install",
      config: { onboarding: { installTimeout: "15m" } },
      issue: `onboarding.installTimeout: must be at least "25m" (SSM may wait 10 minutes to deliver the install, the script may run 10 minutes and its result takes up to 5 minutes to arrive), got "15m". Fix: set onboarding.installTimeout to "25m" or more.`,
    },
    {
      name: "an SSM registration timeout that is not a duration",
      config: { onboarding: { ssmRegistrationTimeout: "15 minutes" } },
      issue: `onboarding.ssmRegistrationTimeout: must be a duration like "30s", "4h" or "30d" (a whole number and one of s, m, h, d, w, y), got "15 minutes". Fix: set onboarding.ssmRegistrationTimeout to "15m".`,
    },
    {
      name: "attachSecurityGroup as a string",
      config: { onboarding: { attachSecurityGroup: "yes" } },
      issue: `onboarding.attachSecurityGroup: must be true or false, got "yes". Fix: set onboarding.attachSecurityGroup to true or false.`,
    },
    {
      name: "a critical freshness below the warning",
      config: { freshness: { warning: "4h", critical: "3h" } },
      issue: `freshness.critical: must be longer than freshness.warning ("4h"), got "3h". Fix: set freshness.critical above "4h", or lower freshness.warning.`,
    },
    {
      name: "a raw retention too short to downsample",
      config: { thanos: { retention: { raw: "24h" } } },
      issue: `thanos.retention.raw: must be "0d" (forever) or at least "40h" while thanos.downsampling is on, got "24h". Fix: set thanos.retention.raw to "40h" or more (raw blocks are downsampled once 40h old), or set thanos.downsampling to false.`,
    },
    {
      name: "a memory size Fargate does not pair with the CPU",
      config: { tasks: { prometheus: { cpu: "1 vCPU", memory: "16 GB" } } },
      issue: `tasks.prometheus.memory: must be 2, 3, 4, 5, 6, 7 or 8 GB with "1 vCPU" on Fargate, got "16 GB". Fix: set tasks.prometheus.memory to one of those, or set the task's cpu to "2 vCPU", which takes "16 GB".`,
    },
    {
      name: "a misspelt time zone",
      config: { schedules: { digest: { timezone: "Europe/Berln" } } },
      issue: `schedules.digest.timezone: must be an IANA time zone like "Europe/Berlin" or "UTC", got "Europe/Berln"; did you mean "Europe/Berlin"? Fix: set schedules.digest.timezone to "Europe/Berlin".`,
    },
    {
      name: "a rate with a plural unit for 1",
      config: { schedules: { audit: "1 minutes" } },
      issue: `schedules.audit: must use the singular unit with 1 and the plural otherwise, as EventBridge requires, got "1 minutes". Fix: set schedules.audit to "1 minute".`,
    },
    {
      name: "a rate written as a duration",
      config: { schedules: { reconcile: "30m" } },
      issue: `schedules.reconcile: must be an EventBridge rate like "1 minute", "30 minutes" or "1 day", got "30m". Fix: set schedules.reconcile to "30 minutes".`,
    },
    {
      name: "a digest time without its leading zero",
      config: { schedules: { digest: { time: "9:00" } } },
      issue: `schedules.digest.time: must be a 24-hour time "HH:MM", got "9:00". Fix: set schedules.digest.time to "09:00".`,
    },
    {
      name: "an existing VPC with one private subnet",
      config: {
        network: { existing: { id: VPC, privateSubnetIds: [SUBNET_A], routeTableIds: [ROUTE_TABLE] } },
      },
      issue: `network.existing.privateSubnetIds: must list at least 2 different subnets, got ["${SUBNET_A}"]. Fix: list in network.existing.privateSubnetIds private subnets of at least two availability zones.`,
    },
    {
      name: "an existing VPC in the public layout without public subnets",
      config: {
        network: {
          layout: "public",
          existing: { id: VPC, privateSubnetIds: [SUBNET_A, SUBNET_B], routeTableIds: [ROUTE_TABLE] },
        },
      },
      issue: `network.existing.publicSubnetIds: must list at least 2 different subnets when network.layout is "public", got []. Fix: list in network.existing.publicSubnetIds public subnets of at least two availability zones, or set network.layout to "private".`,
    },
    {
      name: "a misspelt network layout",
      config: { network: { layout: "privte" } },
      issue: `network.layout: must be "private" or "public", got "privte"; did you mean "private"? Fix: set network.layout to "private".`,
    },
    {
      name: "a tag prefix AWS reserves",
      config: { tagPrefix: "aws:" },
      issue: `tagPrefix: must not start with "aws:", which AWS reserves for its own tags, got "aws:". Fix: set tagPrefix to a prefix of your own ending in ":", e.g. "fleetwatch:".`,
    },
    {
      name: "a group scraping a region that is not configured",
      config: { regions: ["eu-west-1"], scrapeGroups: [{ name: "eu", regions: ["eu-central-1"] }] },
      issue: `scrapeGroups[0].regions[0]: must be homeRegion or one of regions, i.e. "us-east-1" or "eu-west-1", got "eu-central-1". Fix: add "eu-central-1" to regions, or remove it from the group's regions.`,
    },
    {
      name: "a log retention CloudWatch does not offer",
      config: { logRetentionDays: 45 },
      issue:
        "logRetentionDays: must be a retention CloudWatch Logs accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653), got 45. Fix: set logRetentionDays to 30 or 60, the nearest it accepts.",
    },
    {
      name: "a Slack channel without #",
      config: { slack: { channel: "ops" } },
      issue: `slack.channel: must be a channel name starting with "#", got "ops". Fix: set slack.channel to "#ops".`,
    },
    {
      name: "a public load balancer without a certificate",
      config: { access: { public: true, allowedCidrs: ["203.0.113.0/24"] } },
      issue: `access.certificateArn: must be set when access.public is true (a public load balancer serves HTTPS only), got nothing. Fix: set access.certificateArn to an ACM certificate ARN of the home region, or set access.public to false.`,
    },
    {
      name: "a public load balancer open to the internet",
      config: { access: { public: true, allowedCidrs: ["0.0.0.0/0"], certificateArn: CERT } },
      issue: `access.allowedCidrs[0]: must not admit the whole internet when access.public is true, got "0.0.0.0/0". Fix: set access.allowedCidrs[0] to the networks of your users (an office, a VPN egress), or use a VPN and access.public: false.`,
    },
    {
      name: "an address without a prefix length",
      config: { access: { allowedCidrs: ["10.8.0.0"] } },
      issue: `access.allowedCidrs[0]: must be an IPv4 CIDR block like "10.8.0.0/16", got "10.8.0.0". Fix: set access.allowedCidrs[0] to an address, a slash and a prefix length, e.g. "203.0.113.0/24".`,
    },
    {
      name: "a CIDR block that does not start at its network address",
      config: { access: { allowedCidrs: ["10.8.1.0/16"] } },
      issue: `access.allowedCidrs[0]: must start at its network address, got "10.8.1.0/16". Fix: set access.allowedCidrs[0] to "10.8.0.0/16".`,
    },
    {
      name: "no allowed CIDR at all",
      config: { access: { allowedCidrs: [] } },
      issue: `access.allowedCidrs: must list at least one CIDR block, got []. Fix: list in access.allowedCidrs the networks that may reach Grafana, e.g. your VPN's "10.8.0.0/16".`,
    },
    {
      name: "a certificate ARN of another service",
      config: { access: { certificateArn: "arn:aws:iam::123456789012:server-certificate/x" } },
      issue: `access.certificateArn: must be an ACM certificate ARN like "arn:aws:acm:us-east-1:123456789012:certificate/<id>", got "arn:aws:iam::123456789012:server-certificate/x". Fix: set access.certificateArn to the ARN the ACM console shows for a certificate of the home region.`,
    },
    {
      name: "a public load balancer in an existing VPC without public subnets",
      config: {
        access: { public: true, allowedCidrs: ["203.0.113.0/24"], certificateArn: CERT },
        network: {
          existing: { id: VPC, privateSubnetIds: [SUBNET_A, SUBNET_B], routeTableIds: [ROUTE_TABLE] },
        },
      },
      issue: `network.existing.publicSubnetIds: must list at least 2 different subnets when access.public is true (the load balancer stands in them), got []. Fix: list in network.existing.publicSubnetIds public subnets of at least two availability zones, or set access.public to false.`,
    },
    {
      name: "a grace period in words",
      config: { access: { healthCheckGracePeriod: { grafana: "2 minutes" } } },
      issue: `access.healthCheckGracePeriod.grafana: must be a duration like "30s", "4h" or "30d" (a whole number and one of s, m, h, d, w, y), got "2 minutes". Fix: set access.healthCheckGracePeriod.grafana to "2m".`,
    },
    {
      name: "no grace period",
      config: { access: { healthCheckGracePeriod: { queryFrontend: "0s" } } },
      issue: `access.healthCheckGracePeriod.queryFrontend: must be longer than zero, got "0s". Fix: set access.healthCheckGracePeriod.queryFrontend to e.g. "1m".`,
    },
    {
      name: "a grace period of a day",
      config: { access: { healthCheckGracePeriod: { bucketWeb: "1d" } } },
      issue: `access.healthCheckGracePeriod.bucketWeb: must be at most "1h", got "1d". Fix: set access.healthCheckGracePeriod.bucketWeb to "1h" or less, e.g. "1m".`,
    },
    {
      name: "a negative ingest rate",
      config: { ingest: { samplesPerSecond: -5 } },
      issue: `ingest.samplesPerSecond: must be a number of at least 0, got -5. Fix: set ingest.samplesPerSecond to the fleet's samples per second, e.g. 10000.`,
    },
    {
      name: "a negative price",
      config: { prices: { s3GbMonth: -0.02 } },
      issue: `prices.s3GbMonth: must be a number of at least 0, got -0.02. Fix: set prices.s3GbMonth to a price in USD, or remove it to use the price table's.`,
    },
    {
      name: "an account id with dashes",
      config: { accounts: { members: [{ id: "1234-5678-9012" }] } },
      issue: `accounts.members[0].id: must be a 12-digit AWS account id like "123456789012", got "1234-5678-9012". Fix: set accounts.members[0].id to "123456789012".`,
    },
    {
      name: "an account listed twice",
      config: {
        accounts: { members: [{ id: "111111111111" }, { id: "222222222222" }, { id: "111111111111" }] },
      },
      issue: `accounts.members[2].id: must be unique, got "111111111111", listed at [0] too. Fix: remove the entry of accounts.members[2].id: the account is listed once already.`,
    },
    {
      name: "two accounts of one name",
      config: {
        accounts: {
          members: [
            { id: "111111111111", name: "prod" },
            { id: "222222222222", name: "prod" },
          ],
        },
      },
      issue: `accounts.members[1].name: must be unique, got "prod", listed at [0] too. Fix: remove the entry of accounts.members[1].name: the name is listed once already.`,
    },
    {
      name: "a malformed Organization unit",
      config: { accounts: { organization: { units: ["ou-ab12"] } } },
      issue: `accounts.organization.units[0]: must be an Organization unit id like "ou-ab12-cdef3456" (or a root id "r-ab12"), got "ou-ab12". Fix: copy the id from \`aws organizations list-organizational-units-for-parent\`.`,
    },
    {
      name: "a unit listed twice",
      config: { accounts: { organization: { units: ["ou-ab12-cdef3456", "ou-ab12-cdef3456"] } } },
      issue: `accounts.organization.units[1]: must be unique, got "ou-ab12-cdef3456", listed at [0] too. Fix: remove the entry of accounts.organization.units[1]: the unit is listed once already.`,
    },
    {
      name: "a delegated administrator flag that is not a boolean",
      config: { accounts: { organization: { units: ["ou-ab12-cdef3456"], delegatedAdministrator: "yes" } } },
      issue: `accounts.organization.delegatedAdministrator: must be true or false, got "yes". Fix: set accounts.organization.delegatedAdministrator to true or false.`,
    },
    {
      name: "both members and units",
      config: {
        accounts: { members: [{ id: "111111111111" }], organization: { units: ["ou-ab12-cdef3456"] } },
      },
      issue: `accounts.members: must be empty when accounts.organization is set: list accounts or Organization units, not both. Fix: remove accounts.members (the units' accounts are found by themselves) or accounts.organization.`,
    },
    {
      name: "a member region fleetwatch does not onboard",
      config: { accounts: { members: [{ id: "111111111111", regions: ["eu-west-1"] }] } },
      issue: `accounts.members[0].regions[0]: must be homeRegion or one of regions, i.e. "us-east-1", got "eu-west-1". Fix: add "eu-west-1" to regions, or remove it from the account's regions.`,
    },
    {
      name: "a group selecting an unknown account",
      config: {
        accounts: { members: [{ id: "111111111111", name: "prod" }] },
        scrapeGroups: [{ name: "prod", selector: { accounts: ["production"] } }, { name: "default" }],
      },
      issue: `scrapeGroups[0].selector.accounts[0]: must be one of "home", "111111111111" or "prod" (the home account, or the id or name of one of accounts.members), got "production". Fix: use one of those, or add the account to accounts.members.`,
    },
    {
      name: "a role name IAM refuses",
      config: { accounts: { memberRoleName: "fleetwatch member" } },
      issue: `accounts.memberRoleName: must be an IAM role name (1 to 64 letters, digits and +=,.@_-), got "fleetwatch member". Fix: set accounts.memberRoleName to "fleetwatch-member".`,
    },
    {
      name: "a stage override that breaks a rule once merged",
      config: { stages: { production: { thanos: { retention: { raw: "24h" } } } } },
      stage: "production",
      issue: `stages.production.thanos.retention.raw: must be "0d" (forever) or at least "40h" while thanos.downsampling is on, got "24h". Fix: set stages.production.thanos.retention.raw to "40h" or more (raw blocks are downsampled once 40h old), or set thanos.downsampling to false.`,
    },
  ])("rejects $name", ({ config, stage = "dev", issue }) => {
    expect(configError(config, stage).message).toBe(`${header(stage)}\n  - ${issue}`);
  });

  it.each<{ name: string; config: FleetwatchConfig }>([
    { name: "retention kept forever", config: { thanos: { retention: { raw: "0d", fiveMinutes: "0d" } } } },
    {
      name: "a public load balancer with TLS and office networks",
      config: { access: { public: true, allowedCidrs: ["203.0.113.0/24"], certificateArn: CERT } },
    },
    {
      name: "a longer grace period for Grafana only",
      config: { access: { healthCheckGracePeriod: { grafana: "10m" } } },
    },
    {
      name: "price overrides",
      config: { prices: { fargateVcpuHour: 0.04, s3GbMonth: 0 }, ingest: { samplesPerSecond: 0 } },
    },
    {
      name: "short retention without downsampling",
      config: { thanos: { downsampling: false, retention: { raw: "1d" } } },
    },
    {
      name: "the largest Fargate sizes",
      config: { tasks: { compactor: { cpu: "16 vCPU", memory: "120 GB", storage: "200 GB" } } },
    },
    {
      name: "a new version with its checksums",
      config: { nodeExporter: { version: "1.10.0", sha256: { amd64: SHA_A, arm64: SHA_B } } },
    },
    {
      name: "an S3 mirror",
      config: {
        nodeExporter: { source: { kind: "s3", bucket: "my-mirror.example", prefix: "node_exporter/" } },
      },
    },
    {
      name: "an existing VPC in the public layout with public subnets",
      config: {
        network: {
          layout: "public",
          existing: {
            id: VPC,
            privateSubnetIds: [SUBNET_A, SUBNET_B],
            publicSubnetIds: [SUBNET_A, SUBNET_B],
            routeTableIds: [ROUTE_TABLE],
          },
        },
      },
    },
    {
      name: "a group scraping the home region",
      config: { scrapeGroups: [{ name: "home", regions: ["us-east-1"] }] },
    },
    { name: "a tag prefix with unicode letters", config: { tagPrefix: "überwachung/fleet:" } },
    {
      name: "member accounts with names and regions, and groups by account",
      config: {
        regions: ["eu-west-1"],
        accounts: {
          members: [
            { id: "111111111111", name: "payments-prod", regions: ["eu-west-1"] },
            { id: "222222222222" },
          ],
        },
        scrapeGroups: [
          { name: "payments", selector: { accounts: ["payments-prod", "222222222222"] } },
          { name: "default", selector: { accounts: ["home"] } },
        ],
      },
    },
    {
      name: "Organization units and the root, with any account id in selectors",
      config: {
        accounts: {
          organization: { units: ["ou-ab12-cdef3456", "r-ab12"], delegatedAdministrator: true },
          memberRoleName: "acme-fleetwatch",
        },
        scrapeGroups: [{ name: "team-a", selector: { accounts: ["333333333333"] } }, { name: "default" }],
      },
    },
    { name: "rates of 1 and more", config: { schedules: { audit: "1 hour", reconcile: "15 minutes" } } },
  ])("accepts $name", ({ config }) => {
    expect(() => resolveConfig(config, "dev")).not.toThrow();
  });
});

describe("the schema's types", () => {
  it("take every FleetwatchConfig and give the types of types.ts, with every key", () => {
    expectTypeOf<FleetwatchConfig>().toExtend<z.input<typeof configSchema>>();
    expectTypeOf<ResolvedSettings>().toExtend<Required<FleetwatchSettings>>();
    expectTypeOf<ResolvedSettings["tasks"]["prometheus"]>().toEqualTypeOf<Required<TaskSize>>();
    expectTypeOf<ResolvedSettings["nodeExporter"]["source"]>().toExtend<NodeExporterSource>();
  });
});
