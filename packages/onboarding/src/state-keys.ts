// The keys onboarding writes in the state bucket: the one owner of their names (the S3 adapters, the stack's
// grants and the conformance call lists read them from here).

/** Everything onboarding keeps in the state bucket lives under this prefix (the stack grants it). */
export const STATE_PREFIX = "onboarding/";

/** The status summary the daily digest reads: the latest reconcile run, merged from its pages. */
export const STATUS_KEY = `${STATE_PREFIX}status.json`;

/** Where one reconcile run keeps its pages' partial summaries. */
export const runPrefix = (runId: string): string => `${STATE_PREFIX}runs/${runId}/`;

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

/** Where the per-region reservation ledgers live (the Lambdas' IAM grants cover this prefix). */
export const RESERVATIONS_PREFIX = `${STATE_PREFIX}reservations/`;

/** The reservation ledger of one region: one JSON object per region. */
export const reservationsKey = (region: string): string => `${RESERVATIONS_PREFIX}${region}.json`;
