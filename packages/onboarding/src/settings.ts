import {
  DEFAULT_MEMBER_ROLE_NAME,
  durationMs,
  HOME_ACCOUNT,
  mirrorBucket,
  mirrorKeyPrefix,
  NODE_EXPORTER_RELEASES_URL,
  type NodeExporterSource,
  type ResolvedConfig,
} from "@fleetwatch/config";
import type { AccountSettings } from "./accounts.js";
import { NoSourceError } from "./errors.js";

/** A scrape group as onboarding sees it: which instances it takes. */
export interface GroupSelector {
  name: string;
  /** Regions the group takes instances from; empty means every configured region. */
  regions: string[];
  tags: Record<string, string>;
  /** VPCs the group takes instances from; empty means any. */
  vpcIds: string[];
  /**
   * Accounts the group takes instances from: 12-digit ids (member names resolved), or `"home"`; empty means any.
   * @default []
   */
  accounts?: string[];
}

/** The node_exporter release and its options, as passed to the SSM document. */
export interface ExporterRelease {
  version: string;
  sha256: { amd64: string; arm64: string };
  /**
   * Where the instances of each onboarded region download the release: the region's code to `https://...` (the
   * releases' base URL, the same everywhere) or `s3://bucket/prefix` (the region's own mirror bucket).
   */
  sources: Record<string, string>;
  port: number;
  /** Space-separated collectors: a name enables it, `-name` disables it. */
  collectors: string;
}

/** fleetwatch's `node-exporter` security group (admits the exporter port from the Prometheus tasks only). */
export interface ExporterSecurityGroup {
  id: string;
  /** The fleetwatch VPC: the only VPC whose interfaces can take the group. */
  vpcId: string;
}

/** Everything the onboarding Lambdas need, computed once by the stack from the config. */
export interface OnboardingSettings {
  homeRegion: string;
  /** Every onboarded region, the home region first. */
  regions: string[];
  tagPrefix: string;
  groups: GroupSelector[];
  exporter: ExporterRelease;
  /** Name of fleetwatch's SSM Command document. */
  documentName: string;
  /** How long after launch an instance may take to register with SSM before it is `unmanaged`. */
  readinessTimeoutMs: number;
  /** How long an instance may stay `installing` before reconcile treats the install as lost. */
  installTimeoutMs: number;
  /** Install attempts per instance and release: the first plus one more on a later reconcile. */
  maxAttempts: number;
  /** Set only with `onboarding.attachSecurityGroup`: the group to attach to onboarded instances. */
  securityGroup?: ExporterSecurityGroup;
  /**
   * The member accounts (the config's `accounts` and the home account's id, known at deploy); absent: the home
   * account alone.
   */
  accounts?: AccountSettings;
}

/** The first attempt plus one more try on the next reconcile. */
export const MAX_ATTEMPTS = 2;

/** The `source` parameter of the document for a configured source, for the instances of `region`. */
export function sourceUrl(source: NodeExporterSource, region: string): string {
  if (source.kind === "s3") {
    const bucket = mirrorBucket(source, region);
    if (bucket === undefined)
      throw new NoSourceError(region, "nodeExporter.source names no mirror bucket for it");
    const prefix = mirrorKeyPrefix(source.prefix);
    return prefix ? `s3://${bucket}/${prefix}` : `s3://${bucket}`;
  }
  return (source.url ?? NODE_EXPORTER_RELEASES_URL).replace(/\/+$/, "");
}

/** Where the instances of `region` download the release (the `source` parameter of the document). */
export function sourceFor(release: ExporterRelease, region: string): string {
  const source = Object.hasOwn(release.sources, region) ? release.sources[region] : undefined;
  if (source === undefined) throw new NoSourceError(region, "it is not one of the onboarded regions");
  return source;
}

/**
 * The accounts of the settings but the home account's id (known at deploy: `aws.getCallerIdentity`): the config's
 * members or units and the member role's name; undefined without members nor units (the home account alone).
 */
export function accountSettings(config: ResolvedConfig): Omit<AccountSettings, "home"> | undefined {
  const accounts = config.accounts;
  const units = accounts?.organization?.units ?? [];
  const members = accounts?.members ?? [];
  if (units.length === 0 && members.length === 0) return undefined;
  return {
    memberRoleName: accounts?.memberRoleName ?? DEFAULT_MEMBER_ROLE_NAME,
    members: members.map((m) => ({
      id: m.id,
      ...(m.name ? { name: m.name } : {}),
      regions: [...(m.regions ?? [])],
    })),
    units: [...units],
  };
}

/** A selector's accounts with member names replaced by their ids (`"home"` and ids stay). */
function selectorAccounts(config: ResolvedConfig, accounts: readonly string[] | undefined): string[] {
  const members = config.accounts?.members ?? [];
  return (accounts ?? []).map((a) => (a === HOME_ACCOUNT ? a : (members.find((m) => m.name === a)?.id ?? a)));
}

/**
 * The settings of the onboarding Lambdas for a resolved config and the document's name. `homeAccount`: the id of
 * the account fleetwatch is deployed in (needed only when the config lists member accounts or units).
 */
export function onboardingSettings(
  config: ResolvedConfig,
  documentName: string,
  bounds: Partial<Pick<OnboardingSettings, "readinessTimeoutMs" | "installTimeoutMs" | "maxAttempts">> = {},
  homeAccount?: string,
): OnboardingSettings {
  const ne = config.nodeExporter;
  const members = accountSettings(config);
  const accounts = members && homeAccount ? { ...members, home: homeAccount } : undefined;
  return {
    homeRegion: config.homeRegion,
    regions: [...config.regions],
    tagPrefix: config.tagPrefix,
    groups: config.scrapeGroups.map((g) => ({
      name: g.name,
      regions: [...g.regions],
      tags: { ...g.selector.tags },
      vpcIds: [...g.selector.vpcIds],
      ...(g.selector.accounts?.length ? { accounts: selectorAccounts(config, g.selector.accounts) } : {}),
    })),
    exporter: {
      version: ne.version,
      sha256: { amd64: ne.sha256.amd64, arm64: ne.sha256.arm64 },
      sources: Object.fromEntries(config.regions.map((region) => [region, sourceUrl(ne.source, region)])),
      port: ne.port,
      collectors: [...ne.enableCollectors, ...ne.disableCollectors.map((c) => `-${c}`)].join(" "),
    },
    documentName,
    readinessTimeoutMs: bounds.readinessTimeoutMs ?? durationMs(config.onboarding.ssmRegistrationTimeout),
    installTimeoutMs: bounds.installTimeoutMs ?? durationMs(config.onboarding.installTimeout),
    maxAttempts: bounds.maxAttempts ?? MAX_ATTEMPTS,
    ...(accounts ? { accounts } : {}),
  };
}
