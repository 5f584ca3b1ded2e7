/** Statuses fleetwatch writes to `<prefix>status`. */
export const ONBOARDING_STATUSES = [
  "installing",
  "installed",
  "failed",
  "unmanaged",
  "skipped",
  "uninstalling",
] as const;

/** One of {@link ONBOARDING_STATUSES}. */
export type OnboardingStatus = (typeof ONBOARDING_STATUSES)[number];

/** A `<prefix>status` tag value as fleetwatch's status; undefined when absent or not one fleetwatch writes. */
export function onboardingStatusOf(value: string | undefined): OnboardingStatus | undefined {
  return ONBOARDING_STATUSES.find((s) => s === value);
}

/** Every tag key fleetwatch reads or writes, derived from the configured prefix. */
export interface TagKeys {
  /** `true` on instances Prometheus scrapes. */
  scrape: string;
  /** The scrape group that takes the instance. */
  group: string;
  /** The node_exporter version installed. */
  nodeExporter: string;
  /** An {@link OnboardingStatus}. */
  status: string;
  /** Why the instance is `failed`, `unmanaged` or `skipped`. */
  reason: string;
  /** Set to `true` by users to opt an instance out. */
  ignore: string;
  /** The SSM command whose failure the status reports (for `aws ssm get-command-invocation`). */
  command: string;
  /** When the status was written (ISO 8601): bounds `installing`, orders command results. */
  since: string;
  /** Failed install attempts of a release, `<n>@<version>`. */
  attempts: string;
}

export function tagKeys(prefix: string): TagKeys {
  return {
    scrape: `${prefix}scrape`,
    group: `${prefix}group`,
    nodeExporter: `${prefix}node-exporter`,
    status: `${prefix}status`,
    reason: `${prefix}reason`,
    ignore: `${prefix}ignore`,
    command: `${prefix}command`,
    since: `${prefix}since`,
    attempts: `${prefix}attempts`,
  };
}

/** The tags fleetwatch owns on an instance (everything but `ignore`, which belongs to users). */
export function managedKeys(keys: TagKeys): string[] {
  return [
    keys.scrape,
    keys.group,
    keys.nodeExporter,
    keys.status,
    keys.reason,
    keys.command,
    keys.since,
    keys.attempts,
  ];
}

/** Reasons written to `<prefix>reason`. */
export type Reason =
  | "windows"
  | "no-matching-group"
  | "region-not-configured"
  | "ssm-not-registered"
  | "command-failed"
  | "command-timed-out"
  | "command-cancelled"
  | "uninstall-failed"
  /** SSM refused the instance alone in a way a retry will not fix (SendCommand, DescribeInstanceInformation). */
  | "aws-refused"
  /** fleetwatch's security group not attached: the primary interface is in another VPC than fleetwatch's. */
  | "other-vpc"
  /** fleetwatch's security group not attached: the primary interface has the most groups it may have. */
  | "security-group-limit"
  /** fleetwatch's security group not attached: DescribeInstances showed no primary network interface. */
  | "no-network-interface";
