// Every key and prefix of the state bucket: the one place their names are spelled. Adapters, handlers, the stacks'
// grants and lifecycle rules, and the conformance call lists all read them from here.

/** Audit reports: one per run, the latest, and what Slack was told. Expired by a lifecycle rule. */
export const REPORTS_PREFIX = "reports/";

/** The key of one audit report, by its `generatedAt` (ISO 8601). */
export const reportKey = (generatedAt: string): string => `${REPORTS_PREFIX}${generatedAt}.json`;

/** The latest audit report: what the CLI and the next run read. */
export const LATEST_REPORT_KEY = `${REPORTS_PREFIX}latest.json`;

/** What was delivered to Slack (the audit's delivery state, written with conditional puts). */
export const DELIVERED_KEY = `${REPORTS_PREFIX}delivered.json`;

/** The audit's own state between runs. */
export const AUDIT_PREFIX = "audit/";

/** The audit cache: one gzipped JSON object. */
export const AUDIT_CACHE_KEY = `${AUDIT_PREFIX}cache.json.gz`;

/** The daily digests: the message and its pictures, one folder per UTC day. */
export const DIGESTS_PREFIX = "digests/";

/** The UTC day of a time, `YYYY-MM-DD`: the folder of that day's digest. */
export const digestDay = (time: Date): string => time.toISOString().slice(0, 10);

/** A picture of the digest of the day of `time`, e.g. `digests/2026-01-01/timeline.png`. */
export const digestPictureKey = (time: Date, name: string): string =>
  `${DIGESTS_PREFIX}${digestDay(time)}/${name}`;

/** The digest message (Block Kit JSON) of the day of `time`: `digests/<day>/digest.json`. */
export const digestKey = (time: Date): string => digestPictureKey(time, "digest.json");

/** Everything onboarding keeps in the state bucket lives under this prefix. */
export const ONBOARDING_PREFIX = "onboarding/";

/** The status summary the daily digest reads: the latest reconcile run, merged from its pages. */
export const ONBOARDING_STATUS_KEY = `${ONBOARDING_PREFIX}status.json`;

/** Where one reconcile run keeps its pages' partial summaries. */
export const runPrefix = (runId: string): string => `${ONBOARDING_PREFIX}runs/${runId}/`;

/** How a page's part ended: a page with more to come, its scope's last page, or the scope given up. */
export type PartKind = "page" | "last" | "failed";

/** What a part's key says about it (enough to tell, from a listing alone, whether a scope is settled). */
export interface PartName {
  runId: string;
  /** The work item's scope: the region, or `<account>.<region>` once runs fan out per account. */
  scope: string;
  page: number;
  kind: PartKind;
}

/** `onboarding/runs/<runId>/<scope>/<page, 5 digits>.<kind>.json` */
export const partKey = (p: PartName): string =>
  `${runPrefix(p.runId)}${p.scope}/${String(p.page).padStart(5, "0")}.${p.kind}.json`;

const PART = /^onboarding\/runs\/([^/]+)\/([^/]+)\/(\d{5})\.(page|last|failed)\.json$/;

/** The part a key names, or undefined for any other key. */
export function parsePartKey(key: string): PartName | undefined {
  const m = PART.exec(key);
  if (!m) return undefined;
  return { runId: m[1] as string, scope: m[2] as string, page: Number(m[3]), kind: m[4] as PartKind };
}

/** Where the per-region reservation ledgers live. */
export const RESERVATIONS_PREFIX = `${ONBOARDING_PREFIX}reservations/`;

/**
 * The reservation ledger of one account x region: `onboarding/reservations/<region>.json` in the home account
 * (`account` absent: the keys existing deployments have), `onboarding/reservations/<account>/<region>.json` in a
 * member account.
 */
export const reservationsKey = (region: string, account?: string): string =>
  `${RESERVATIONS_PREFIX}${account ? `${account}/` : ""}${region}.json`;

/** The rendered monitoring config: immutable versions and the pointer naming the current one. */
export const CONFIG_PREFIX = "config/";

/** The object holding the current config version (the monitoring tasks poll it). */
export const CONFIG_POINTER_KEY = `${CONFIG_PREFIX}current`;

/** The folder of one config version: `config/<version>/`. */
export const configVersionPrefix = (version: string): string => `${CONFIG_PREFIX}${version}/`;

/** One rendered file of a config version: `config/<version>/<path>`. */
export const configFileKey = (version: string, path: string): string =>
  `${configVersionPrefix(version)}${path}`;

/**
 * What a config version was rendered from, beside its files: `config/<version>/render-input.json` (the config,
 * the topology and the render options, the accounts left out). The discovery refresh re-renders from it.
 */
export const configRenderInputKey = (version: string): string =>
  `${configVersionPrefix(version)}render-input.json`;

/** The Content-Type of a rendered file or render input in the state bucket: JSON, or plain text. */
export const configContentType = (path: string): string =>
  path.endsWith(".json") ? "application/json" : "text/plain";

/** The discovery refresh's own state (Organization mode): what its last runs did, for the digest. */
export const DISCOVERY_REFRESH_PREFIX = "monitoring/discovery-refresh/";

/** The discovery refresh's status record, rewritten after every run (`discoveryRefreshStatusSchema`). */
export const DISCOVERY_REFRESH_STATUS_KEY = `${DISCOVERY_REFRESH_PREFIX}status.json`;
