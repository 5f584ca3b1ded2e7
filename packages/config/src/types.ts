import type { AwsRegion } from "./regions.js";

/**
 * A Prometheus-style duration: a whole number and one unit, e.g. `"30s"`, `"4h"`, `"30d"`, `"1y"`.
 * `"0d"` means "forever" where a retention is asked for.
 */
export type Duration = `${number}${"s" | "m" | "h" | "d" | "w" | "y"}`;

/** An EventBridge Scheduler rate, e.g. `"30 minutes"`, `"1 hour"`, `"1 day"`. */
export type Rate = `${number} ${"minute" | "minutes" | "hour" | "hours" | "day" | "days"}`;

/** A Fargate CPU size. */
export type Cpu = "0.25 vCPU" | "0.5 vCPU" | "1 vCPU" | "2 vCPU" | "4 vCPU" | "8 vCPU" | "16 vCPU";

/** A memory or disk size in gigabytes, e.g. `"4 GB"`. */
export type Size = `${number} GB`;

/** Which instances a scrape group takes. An instance must match every selector that is set. */
export interface InstanceSelector {
  /**
   * Tags the instance must carry, with these exact values.
   * @default {}
   */
  tags?: Record<string, string>;
  /**
   * VPCs the instance must be in (`vpc-...`). Empty means any VPC.
   * @default []
   */
  vpcIds?: string[];
  /**
   * Accounts the instance must be in: 12-digit ids, names of `accounts.members`, or `"home"` for the account
   * fleetwatch is deployed in. Empty means any account.
   * @default []
   */
  accounts?: string[];
}

/** A set of instances scraped by its own highly available Prometheus pair. */
export interface ScrapeGroupConfig {
  /**
   * The group's name: lower-case letters, digits and dashes, starting with a letter, at most 20 characters.
   * It names the group's services, its Cloud Map names and the `<prefix>group` tag of its instances.
   */
  name: string;
  /**
   * How many identical Prometheus + Thanos sidecar replicas scrape the group (2 is an HA pair).
   * @default 2
   */
  replicas?: number;
  /**
   * How many shards split the group's instances, 1 to 16: each shard is `replicas` Prometheus + sidecar tasks that
   * scrape the instances whose hash of the instance id modulo `shards` is the shard's index (Prometheus's
   * `hashmod`). Its blocks carry `fleetwatch_shard` (from 2 shards on), so Query merges the shards and
   * deduplicates the replicas of each. Changing it moves most instances to another shard: see docs/deploying.md.
   * @default 1
   */
  shards?: number;
  /**
   * About how many instances the group will hold, for the capacity plan `npm run plan` prints: the active series
   * per shard and whether `tasks.prometheus` holds them. Left out, the plan sizes nothing for this group.
   */
  expectedInstances?: number;
  /**
   * Regions this group scrapes, from the home region and `regions`. Empty means all of them.
   * @default []
   */
  regions?: AwsRegion[];
  /**
   * Which instances belong to the group. The first group whose selector matches an instance takes it.
   * @default {}
   */
  selector?: InstanceSelector;
  /**
   * How often the group's targets are scraped.
   * @default "30s"
   */
  scrapeInterval?: Duration;
  /**
   * How long the group's Prometheus keeps data on its task's disk (also capped at 70% of the task's storage).
   * Older data is read from the bucket through the Store Gateway. At least 6h: a block must stay until the
   * sidecar has uploaded it.
   * @default "2d"
   */
  localRetention?: Duration;
}

/** A bucket name per AWS region code, e.g. `{ "us-east-1": "acme-mirror", "eu-west-1": "acme-mirror-eu" }`. */
export type RegionBuckets = Partial<Record<AwsRegion, string>>;

/** Where instances download the node_exporter release tarball from. */
export type NodeExporterSource =
  | {
      /** The upstream GitHub release. Instances need egress to github.com. */
      kind: "upstream";
      /**
       * Base URL of the releases; `v<version>/node_exporter-<version>.linux-<arch>.tar.gz` is appended.
       * @default "https://github.com/prometheus/node_exporter/releases/download"
       */
      url?: string;
    }
  | {
      /**
       * An S3 mirror in your account, a bucket in each onboarded region: instances need no internet, only their
       * region's S3 gateway endpoint (which reaches buckets of its own region only) or egress.
       */
      kind: "s3";
      /**
       * The bucket holding `node_exporter-<version>.linux-<arch>.tar.gz`, with `{region}` standing for each
       * onboarded region's code, e.g. `"acme-mirror-{region}"`. A name without `{region}` is accepted only while
       * the home region is the only one onboarded. Set this or `buckets`.
       */
      bucket?: string;
      /**
       * The mirror bucket of each onboarded region, e.g. `{ "us-east-1": "acme-mirror", "eu-west-1": "acme-eu" }`:
       * every one of `homeRegion` and `regions`, and no other. Set this or `bucket`. A stage override cannot
       * remove a region's entry (objects merge key by key): where stages onboard different regions, a `bucket`
       * with `{region}` fits them all.
       */
      buckets?: RegionBuckets;
      /**
       * Key prefix inside the bucket.
       * @default ""
       */
      prefix?: string;
    };

/** The node_exporter fleetwatch installs on every onboarded instance. */
export interface NodeExporterConfig {
  /**
   * The node_exporter release to install. Changing it upgrades the fleet on the next reconcile.
   * @default "1.9.1"
   */
  version?: string;
  /**
   * The sha256 of each release tarball (from the release's `sha256sums.txt`). Required when `version` changes.
   * @default { amd64: "<sha256 of node_exporter-1.9.1.linux-amd64.tar.gz>", arm64: "<sha256 of ...linux-arm64.tar.gz>" }
   */
  sha256?: {
    /** sha256 of `node_exporter-<version>.linux-amd64.tar.gz`: 64 lower-case hex characters. */
    amd64: string;
    /** sha256 of `node_exporter-<version>.linux-arm64.tar.gz`: 64 lower-case hex characters. */
    arm64: string;
  };
  /**
   * Where instances download the release from.
   * @default { kind: "upstream" }
   */
  source?: NodeExporterSource;
  /**
   * The port node_exporter listens on, and Prometheus scrapes.
   * @default 9100
   */
  port?: number;
  /**
   * Collectors to turn on beyond node_exporter's defaults (e.g. `"systemd"`, `"processes"`).
   * @default ["systemd"]
   */
  enableCollectors?: string[];
  /**
   * Default collectors to turn off.
   * @default []
   */
  disableCollectors?: string[];
}

/** How long the bucket keeps data at each resolution. `"0d"` keeps it forever. */
export interface RetentionConfig {
  /**
   * Raw samples. With downsampling on, at least 40h.
   * @default "30d"
   */
  raw?: Duration;
  /**
   * 5-minute downsampled data. With downsampling on, at least 10d.
   * @default "180d"
   */
  fiveMinutes?: Duration;
  /**
   * 1-hour downsampled data.
   * @default "2y"
   */
  oneHour?: Duration;
}

/** Thanos long-term storage. */
export interface ThanosConfig {
  /**
   * Retention per resolution, applied by the compactor.
   * @default {}
   */
  retention?: RetentionConfig;
  /**
   * Whether the compactor downsamples raw data to 5m and 1h resolutions.
   * @default true
   */
  downsampling?: boolean;
}

/** Slack reports. The webhook URL is a secret: `sst secret set SlackWebhookUrl <url>`. */
export interface SlackConfig {
  /**
   * Whether audits and alerts post to Slack.
   * @default false
   */
  enabled?: boolean;
  /**
   * The channel name shown in reports and alerts (the webhook decides where messages land).
   * @default "#fleetwatch"
   */
  channel?: string;
}

/** The daily digest's time. */
export interface DigestSchedule {
  /**
   * Local time of day, `HH:MM` (24h).
   * @default "09:00"
   */
  time?: string;
  /**
   * IANA time zone of `time`, e.g. `"Europe/Berlin"`.
   * @default "UTC"
   */
  timezone?: string;
}

/** When the scheduled Lambdas run. */
export interface SchedulesConfig {
  /**
   * How often the bucket and compactor audit runs.
   * @default "30 minutes"
   */
  audit?: Rate;
  /**
   * How often onboarding reconciles the fleet (backfill, upgrades, stuck installs).
   * @default "30 minutes"
   */
  reconcile?: Rate;
  /**
   * The daily Slack digest.
   * @default {}
   */
  digest?: DigestSchedule;
}

/** How long onboarding waits for instances before it reports them. */
export interface OnboardingConfig {
  /**
   * How long after launch an instance may take to register with SSM (its agent Online) before it is tagged
   * `<prefix>status=unmanaged` with a reason. Ubuntu's snap-packaged agent can take minutes.
   * @default "15m"
   */
  ssmRegistrationTimeout?: Duration;
  /**
   * How long an instance may stay `<prefix>status=installing` before reconcile sends the install again
   * (its result was lost). At least 25m: SSM may wait 10 minutes to deliver the install (SendCommand's
   * delivery timeout), the script may run 10 minutes, and its result may take 5 minutes to arrive.
   * @default "30m"
   */
  installTimeout?: Duration;
  /**
   * Attach fleetwatch's `node-exporter` security group (TCP `nodeExporter.port` from the Prometheus tasks only)
   * to the primary network interface of each onboarded instance in the fleetwatch VPC, keeping its other groups,
   * and detach it again on uninstall. Instances in other VPCs are tagged `<prefix>reason=other-vpc`: open the
   * port for them yourself.
   * @default false
   */
  attachSecurityGroup?: boolean;
}

/** When a stream's newest block counts as stale. */
export interface FreshnessConfig {
  /**
   * Age of a stream's newest block that raises a warning.
   * @default "4h"
   */
  warning?: Duration;
  /**
   * Age that raises a critical finding; must be above `warning`.
   * @default "6h"
   */
  critical?: Duration;
}

/** Alertmanager, the one component that sends to Slack. */
export interface AlertmanagerConfig {
  /**
   * How many Alertmanager tasks run, clustered by gossip: they share silences and the notification log, so each
   * notification is sent once, and a replaced task takes both over from the others. 1 keeps no state across a
   * task's crash.
   * @default 2
   */
  replicas?: number;
}

/** A Fargate task size. */
export interface TaskSize {
  /** vCPUs of the task. */
  cpu: Cpu;
  /** Memory of the task; must be a valid Fargate combination with `cpu`. */
  memory: Size;
  /**
   * Ephemeral storage of the task, 20 to 200 GB. Left out, a task keeps the storage of its default size
   * (`"50 GB"` for `prometheus` and `storeGateway`, `"100 GB"` for `compactor`); other tasks get 20 GB.
   * @default "20 GB"
   */
  storage?: Size;
}

/** The Thanos Ruler, which evaluates the global rules (across scrape groups) through Thanos Query. */
export interface RulerConfig {
  /**
   * How many identical Ruler replicas evaluate the global rules, each its own service (`rule_replica` `a`, `b`,
   * ...); Alertmanager deduplicates their alerts, Query and the compactor their series. 2 is an HA pair.
   * @default 2
   */
  replicas?: number;
}

/** Task sizes per component. */
export interface TasksConfig {
  /**
   * One Prometheus + Thanos sidecar task (per group and replica); its storage holds the local TSDB.
   * @default { cpu: "1 vCPU", memory: "4 GB", storage: "50 GB" }
   */
  prometheus?: TaskSize;
  /**
   * Thanos Query.
   * @default { cpu: "0.5 vCPU", memory: "1 GB" }
   */
  query?: TaskSize;
  /**
   * Thanos Query Frontend.
   * @default { cpu: "0.25 vCPU", memory: "0.5 GB" }
   */
  queryFrontend?: TaskSize;
  /**
   * Thanos Store Gateway; its storage holds the index cache.
   * @default { cpu: "0.5 vCPU", memory: "2 GB", storage: "50 GB" }
   */
  storeGateway?: TaskSize;
  /**
   * Thanos Compactor; its storage is the compaction scratch space.
   * @default { cpu: "1 vCPU", memory: "4 GB", storage: "100 GB" }
   */
  compactor?: TaskSize;
  /**
   * Thanos Ruler.
   * @default { cpu: "0.25 vCPU", memory: "0.5 GB" }
   */
  ruler?: TaskSize;
  /**
   * Thanos Bucket Web.
   * @default { cpu: "0.25 vCPU", memory: "0.5 GB" }
   */
  bucketWeb?: TaskSize;
  /**
   * Alertmanager.
   * @default { cpu: "0.25 vCPU", memory: "0.5 GB" }
   */
  alertmanager?: TaskSize;
  /**
   * Grafana.
   * @default { cpu: "0.25 vCPU", memory: "0.5 GB" }
   */
  grafana?: TaskSize;
}

/** An existing VPC to deploy into instead of creating one. */
export interface ExistingVpc {
  /** The VPC id, `vpc-...`. */
  id: string;
  /** Private subnets (at least two, in different AZs) for tasks and load balancers. */
  privateSubnetIds: string[];
  /**
   * Public subnets; needed only with `layout: "public"`.
   * @default []
   */
  publicSubnetIds?: string[];
  /** Route tables the S3 gateway endpoint attaches to (those of the task subnets). */
  routeTableIds: string[];
}

/** Where the Fargate tasks live and how they reach AWS APIs and the internet. */
export interface NetworkConfig {
  /**
   * `"private"`: tasks in private subnets, egress through NAT (what a security review accepts).
   * `"public"`: SST's no-NAT layout: tasks in public subnets with public IPs, security groups admit only
   * traffic from inside the VPC. Cheaper, no NAT.
   * @default "private"
   */
  layout?: "private" | "public";
  /**
   * With `layout: "private"`: `"managed"` NAT gateways, or `"ec2"`, SST's cheaper NAT instances.
   * @default "managed"
   */
  nat?: "managed" | "ec2";
  /**
   * Availability zones of the created VPC.
   * @default 2
   */
  azs?: number;
  /**
   * Deploy into this VPC instead of creating one.
   * @default undefined (create a VPC)
   */
  existing?: ExistingVpc;
}

/** How people reach Grafana and the Thanos Query Frontend: one Application Load Balancer. */
export interface AccessConfig {
  /**
   * Whether the load balancer is internet-facing. Needs `certificateArn` (HTTPS only) and `allowedCidrs`
   * narrower than the internet. Prometheus, Thanos gRPC and Bucket Web are never public.
   * @default false
   */
  public?: boolean;
  /**
   * IPv4 CIDR blocks allowed to reach the load balancer, e.g. your VPN's `"10.8.0.0/16"` or an office
   * `"203.0.113.0/24"`.
   * @default ["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]
   */
  allowedCidrs?: string[];
  /**
   * ARN of an ACM certificate (in the home region) for HTTPS listeners. Required when `public` is true.
   * @default undefined (plain HTTP, inside the VPC only)
   */
  certificateArn?: string;
  /**
   * How long ECS ignores the load balancer's health checks of a new task of each service behind it (ECS's
   * default is none: a task is replaced at its first failed check, and the deployment circuit breaker may then
   * roll the deploy back).
   * @default {}
   */
  healthCheckGracePeriod?: HealthCheckGracePeriods;
}

/** Health check grace periods of the services behind the load balancer, each up to `"1h"`. */
export interface HealthCheckGracePeriods {
  /**
   * Grafana: every new task runs Grafana's database migrations from scratch (it keeps no state) on a small task.
   * @default "5m"
   */
  grafana?: Duration;
  /** The Thanos Query Frontend. @default "1m" */
  queryFrontend?: Duration;
  /** Thanos Bucket Web (internal load balancer only). @default "1m" */
  bucketWeb?: Duration;
}

/** What the monitored fleet sends: sizes the S3 part of the cost estimate. */
export interface IngestConfig {
  /**
   * Samples per second one Prometheus replica of all groups together ingests (active series / scrape
   * interval; about 700 series per node_exporter).
   * @default 10000
   */
  samplesPerSecond?: number;
}

/** Prices (USD) that replace those of the cost estimate's dated price table, e.g. for another region. */
export interface PricesConfig {
  /** Fargate arm64 (every fleetwatch task), per vCPU-hour. @default undefined (the price table's) */
  fargateVcpuHour?: number;
  /** Fargate arm64, per GB of memory per hour. @default undefined (the price table's) */
  fargateGbHour?: number;
  /** Fargate ephemeral storage beyond 20 GB, per GB-hour. @default undefined (the price table's) */
  fargateStorageGbHour?: number;
  /** Application Load Balancer, per hour. @default undefined (the price table's) */
  albHour?: number;
  /** Application Load Balancer, per LCU-hour. @default undefined (the price table's) */
  albLcuHour?: number;
  /** NAT gateway, per hour. @default undefined (the price table's) */
  natGatewayHour?: number;
  /** NAT gateway, per GB processed. @default undefined (the price table's) */
  natGatewayGb?: number;
  /** One of SST's NAT instances (t4g.nano), per hour. @default undefined (the price table's) */
  natInstanceHour?: number;
  /** A public IPv4 address, per hour. @default undefined (the price table's) */
  publicIpv4Hour?: number;
  /** S3 Standard storage, per GB-month. @default undefined (the price table's) */
  s3GbMonth?: number;
  /** S3 PUT, COPY, POST or LIST requests, per 1,000. @default undefined (the price table's) */
  s3PutPer1000?: number;
  /** S3 GET requests, per 1,000. @default undefined (the price table's) */
  s3GetPer1000?: number;
  /** Lambda (arm64), per GB-second. @default undefined (the price table's) */
  lambdaGbSecond?: number;
  /** Lambda, per million requests. @default undefined (the price table's) */
  lambdaPerMillionRequests?: number;
  /** CloudWatch Logs ingestion, per GB. @default undefined (the price table's) */
  logsIngestGb?: number;
}

/** A member account whose instances fleetwatch onboards and scrapes, besides the home account. */
export interface MemberAccount {
  /** The 12-digit account id. */
  id: string;
  /**
   * A name for people: the `account` label of its targets (next to `account_id`) and what group selectors may
   * use. Letters, digits, dots, dashes and underscores.
   */
  name?: string;
  /**
   * The regions onboarded in this account, from the home region and `regions`. Empty means all of them.
   * @default []
   */
  regions?: AwsRegion[];
}

/** Organization units whose accounts fleetwatch onboards and scrapes by themselves. */
export interface OrganizationConfig {
  /**
   * Organization unit ids (`ou-...`), or the root id (`r-...`) for the whole Organization. Accounts in child
   * units count too; an account that joins a unit is onboarded without anyone touching it, and one that leaves is
   * no longer onboarded or scraped (its instances keep their tags). fleetwatch must be deployed in the
   * management account or a delegated administrator for CloudFormation StackSets.
   */
  units: string[];
  /**
   * Whether fleetwatch is deployed in a delegated administrator account for CloudFormation StackSets rather than
   * the Organization's management account: its StackSet then acts as `DELEGATED_ADMIN` (register the account
   * first with `aws organizations register-delegated-administrator --service-principal
   * member.org.stacksets.cloudformation.amazonaws.com`).
   * @default false
   */
  delegatedAdministrator?: boolean;
}

/** The accounts besides the home account: listed, or found in Organization units. */
export interface AccountsConfig {
  /**
   * Member accounts by id. Set this or `organization`, not both.
   * @default []
   */
  members?: MemberAccount[];
  /**
   * Organization units whose accounts are members. Set this or `members`, not both.
   * @default undefined (no Organization units)
   */
  organization?: OrganizationConfig;
  /**
   * The role fleetwatch's StackSet creates in every member account, which the onboarding Lambdas and the
   * Prometheus tasks assume there.
   * @default "fleetwatch-member"
   */
  memberRoleName?: string;
}

/** Every setting of fleetwatch, each with a default. */
export interface FleetwatchSettings {
  /**
   * Region fleetwatch itself is deployed to (buckets, Lambdas, Fargate tasks).
   * @default "us-east-1"
   */
  homeRegion?: AwsRegion;
  /**
   * Further regions whose instances are onboarded and scraped, besides the home region.
   * @default []
   */
  regions?: AwsRegion[];
  /**
   * Prefix of every tag fleetwatch reads and writes (`<prefix>scrape`, `<prefix>group`, `<prefix>status`, ...):
   * 1 to 64 characters AWS allows in tag keys, not starting with `aws:`. End it with `:` to keep tags readable.
   * @default "fleetwatch:"
   */
  tagPrefix?: string;
  /**
   * Stages whose buckets are retained on removal and whose stack is protected from `sst remove`.
   * @default ["production"]
   */
  productionStages?: string[];
  /**
   * Scrape groups: each gets its own HA pair of Prometheus + Thanos sidecar.
   * @default [{ name: "default" }]
   */
  scrapeGroups?: ScrapeGroupConfig[];
  /**
   * Accounts whose instances are onboarded and scraped besides the home account (where fleetwatch is deployed).
   * @default {}
   */
  accounts?: AccountsConfig;
  /**
   * The node_exporter installed on instances.
   * @default {}
   */
  nodeExporter?: NodeExporterConfig;
  /**
   * Thanos retention and downsampling.
   * @default {}
   */
  thanos?: ThanosConfig;
  /**
   * The Thanos Ruler's replicas.
   * @default {}
   */
  ruler?: RulerConfig;
  /**
   * Slack reports.
   * @default {}
   */
  slack?: SlackConfig;
  /**
   * Schedules of the audit, the digest and the reconcile.
   * @default {}
   */
  schedules?: SchedulesConfig;
  /**
   * How long onboarding waits for SSM registration and for installs.
   * @default {}
   */
  onboarding?: OnboardingConfig;
  /**
   * Freshness thresholds of the bucket audit.
   * @default {}
   */
  freshness?: FreshnessConfig;
  /**
   * Fargate task sizes.
   * @default {}
   */
  tasks?: TasksConfig;
  /**
   * Alertmanager's replicas.
   * @default {}
   */
  alertmanager?: AlertmanagerConfig;
  /**
   * Network layout.
   * @default {}
   */
  network?: NetworkConfig;
  /**
   * Access to Grafana and the Query Frontend (an internal load balancer by default).
   * @default {}
   */
  access?: AccessConfig;
  /**
   * The fleet's ingest rate, for the cost estimate of `npm run plan`.
   * @default {}
   */
  ingest?: IngestConfig;
  /**
   * Price overrides for the cost estimate of `npm run plan`.
   * @default {}
   */
  prices?: PricesConfig;
  /**
   * Retention of the CloudWatch log groups of tasks and Lambdas, in days: one of the values CloudWatch Logs
   * accepts (1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653).
   * @default 30
   */
  logRetentionDays?: number;
}

/** Deep partial, arrays replaced whole: what a stage override may set. */
export type StageOverride = {
  [K in keyof FleetwatchSettings]?: FleetwatchSettings[K] extends (infer U)[] | undefined
    ? U[]
    : FleetwatchSettings[K] extends object | undefined
      ? { [P in keyof NonNullable<FleetwatchSettings[K]>]?: NonNullable<FleetwatchSettings[K]>[P] }
      : FleetwatchSettings[K];
};

/** The contents of `fleetwatch.config.ts`. */
export interface FleetwatchConfig extends FleetwatchSettings {
  /**
   * Per-stage overrides, merged over the settings above (objects merge key by key; arrays are replaced).
   * @default {}
   */
  stages?: Record<string, StageOverride>;
}
