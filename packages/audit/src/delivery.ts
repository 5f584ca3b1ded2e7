import type { CompactorCounters } from "./compactor.js";
import type { ReportChange } from "./diff.js";
import type { DiscoverySource } from "./discovery.js";
import { ANNOUNCED_ONCE, compareSeverity, type Finding, findingKey } from "./finding.js";
import type { CompactorStatus } from "./report.js";
import type { ShardSource } from "./shards.js";

/**
 * What the scheduled audit delivered to Slack, kept apart from what it found (the reports): a change is news
 * until a post of it succeeded. Persisted in the state bucket next to the reports (`reports/delivered.json`).
 */
export interface DeliveryState {
  version: 1;
  /** The warning and critical findings Slack was last told about, by {@link findingKey}. */
  delivered: Record<string, Finding>;
  /** The compactor counters the next run compares with (the stall timer survives an unreadable report). */
  counters?: CompactorCounters;
  /**
   * Since when each expected stream has been expected (ISO time, by the `labelsKey` of its labels): a stream
   * new to the layout gets time for its first upload before `stream-missing` reports it.
   */
  expected?: Record<string, string>;
  /** Set while a run posts: other runs do not post until `until` (ISO time) has passed. */
  claim?: { until: string };
}

/** A delivery state as stored, with the version a conditional write must match. */
export interface StoredDelivery {
  state: DeliveryState;
  etag: string;
}

/** Where the delivery state lives; writes are conditional so two runs at once cannot both post a change. */
export interface DeliveryStore {
  /** Where the state lives, for the fix of a finding that cannot read it: `the state bucket's reports/delivered.json`. */
  readonly deliveryLocation: string;
  /** The stored state, or undefined when it does not exist yet (first run). Throws when unreadable. */
  readDelivery(): Promise<StoredDelivery | undefined>;
  /**
   * Writes the state only if the stored one still has `etag` (absent: only if none is stored). Returns the new
   * ETag, or undefined when another run wrote first (S3 412/409).
   */
  writeDelivery(state: DeliveryState, etag: string | undefined): Promise<string | undefined>;
}

/** An empty state: nothing delivered yet. */
export const EMPTY_DELIVERY: DeliveryState = { version: 1, delivered: {} };

/** Findings Slack is told about: warnings, criticals, and the information announced once. */
const delivered = (f: Finding) => f.severity !== "info" || ANNOUNCED_ONCE.has(f.id);

/**
 * What Slack has not been told: findings not delivered or delivered at a lower severity (raised), and delivered
 * ones no longer found (resolved) when `resolvable` says the run read what found them. Information announced
 * once is never resolved: it leaves the delivered set quietly ({@link withoutGone}).
 */
export function undelivered(
  state: DeliveryState,
  findings: readonly Finding[],
  resolvable: (f: Finding) => boolean = () => true,
): ReportChange {
  const now = new Map(findings.filter(delivered).map((f) => [findingKey(f), f]));
  const raised = [...now.values()].filter((f) => {
    const old = state.delivered[findingKey(f)];
    return !old || compareSeverity(f.severity, old.severity) > 0;
  });
  const resolved = Object.entries(state.delivered)
    .filter(([key, f]) => !now.has(key) && resolvable(f) && f.severity !== "info")
    .map(([, f]) => f);
  return { raised, resolved };
}

/** The delivered set without the announced information no longer found by a run that could resolve it. */
export function withoutGone(
  delivered: Record<string, Finding>,
  findings: readonly Finding[],
  resolvable: (f: Finding) => boolean,
): Record<string, Finding> {
  const found = new Set(findings.map(findingKey));
  return Object.fromEntries(
    Object.entries(delivered).filter(([key, f]) => f.severity !== "info" || found.has(key) || !resolvable(f)),
  );
}

/**
 * Since when each expected stream has been expected: kept from the previous state, `now` for a stream new to the
 * layout. Streams no longer expected are dropped.
 */
export function nextExpected(
  previous: Readonly<Record<string, string>> | undefined,
  expectedKeys: readonly string[],
  now: number,
): Record<string, string> {
  return Object.fromEntries(expectedKeys.map((key) => [key, previous?.[key] ?? new Date(now).toISOString()]));
}

/**
 * Whether a run whose sources read as `sources` may resolve a finding: compactor findings need every compactor
 * source (none `unavailable`), `shard-pressure` a Thanos that answered (`shards` not `unavailable`),
 * `discovery-refresh-failing` a status record that was read (`discovery` not `unavailable`), every other finding a
 * complete bucket read.
 */
export function readCompletely(
  sources: CompactorStatus["sources"],
  shards: ShardSource = "not-configured",
  discovery: DiscoverySource = "not-configured",
): (f: Finding) => boolean {
  const compactor = Object.values(sources).every((s) => s !== "unavailable");
  return (f) =>
    f.id === "shard-pressure"
      ? shards !== "unavailable"
      : f.id === "discovery-refresh-failing"
        ? discovery !== "unavailable"
        : f.id.startsWith("compactor-")
          ? compactor
          : sources.bucket === "ok";
}

/** The delivered set after a successful post of `change`. */
export function afterDelivery(
  delivered: Record<string, Finding>,
  change: ReportChange,
): Record<string, Finding> {
  const next = { ...delivered };
  for (const f of change.raised) next[findingKey(f)] = f;
  for (const f of change.resolved) delete next[findingKey(f)];
  return next;
}

/** Whether another run's claim still holds at `now`. */
export function claimHeld(state: DeliveryState, now: number): boolean {
  return state.claim !== undefined && Date.parse(state.claim.until) > now;
}
