import type { DiscoveryRefreshStatus } from "@fleetwatch/state-layout";
import type { RefreshStatusStore } from "./ports.js";
import { findingLevel, isRefreshFinding, type RefreshFinding, type RefreshOutcome } from "./run.js";

/** What a finding says went wrong, one line (absent for `no-config`: nothing to say). */
function problemOf(finding: RefreshFinding): string | undefined {
  switch (finding.kind) {
    case "no-config":
      return undefined;
    case "invalid-render-input":
      return finding.problem;
    case "not-organization":
      return `version ${finding.version} was rendered without accounts.organization`;
    case "accounts-unavailable":
    case "store-failed":
      return finding.error;
    case "pointer-moved":
      return `a deploy moved the pointer from ${finding.from} to ${finding.to} during the run`;
  }
}

/**
 * The status record after a run: `unchanged`/`refreshed` set the last success, the member account count and the
 * units, and clear `failingSince`; a `problem` finding sets `failingSince` unless it is already set (the first
 * problem after the last success); an `expected` finding (no config, pointer moved) changes neither. What the
 * last success knew (its time, units, accounts) is kept across findings: scraping still covers those accounts.
 */
export function nextRefreshStatus(
  previous: DiscoveryRefreshStatus | undefined,
  outcome: RefreshOutcome,
  at: Date,
): DiscoveryRefreshStatus {
  const lastRunAt = at.toISOString();
  const { lastSuccessAt, memberAccounts, units, failingSince } = previous ?? {};
  const kept = {
    ...(lastSuccessAt ? { lastSuccessAt } : {}),
    ...(memberAccounts !== undefined ? { memberAccounts } : {}),
    ...(units ? { units } : {}),
  };
  if (!isRefreshFinding(outcome))
    return {
      lastRunAt,
      outcome: outcome.kind,
      level: "ok",
      units: [...outcome.units],
      lastSuccessAt: lastRunAt,
      memberAccounts: outcome.members.length,
    };
  const level = findingLevel(outcome);
  const problem = problemOf(outcome);
  const since = level === "problem" ? (failingSince ?? lastRunAt) : failingSince;
  return {
    lastRunAt,
    outcome: outcome.kind,
    level,
    ...(problem ? { problem } : {}),
    ...kept,
    ...(since ? { failingSince: since } : {}),
  };
}

/** Whether the record was written, or why not (logged by the caller, never a failed run). */
export type StatusRecording = { ok: true; status: DiscoveryRefreshStatus } | { ok: false; error: string };

const messageOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/**
 * Reads the previous record, writes the next one ({@link nextRefreshStatus}). A record that is not valid is
 * replaced as if there were none; a read or write that fails is returned as an error, never thrown (a read that
 * fails writes nothing, so a passing fault never loses the last success or `failingSince`).
 */
export async function recordRefreshStatus(
  store: RefreshStatusStore,
  outcome: RefreshOutcome,
  at: Date,
): Promise<StatusRecording> {
  let previous: DiscoveryRefreshStatus | undefined;
  try {
    const read = await store.read();
    previous = read?.ok ? read.value : undefined;
  } catch (error) {
    return { ok: false, error: `read the discovery refresh status: ${messageOf(error)}` };
  }
  const status = nextRefreshStatus(previous, outcome, at);
  try {
    await store.write(status);
  } catch (error) {
    return { ok: false, error: `write the discovery refresh status: ${messageOf(error)}` };
  }
  return { ok: true, status };
}
