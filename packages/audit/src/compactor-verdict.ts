import type { Finding, FindingId } from "./finding.js";

/**
 * What the findings say about the compactor, in the words of a report header: `halting` (halted, or an overlap
 * it will halt on), `down`, `stalled`, `not-deleting` (deletions, retention or partial uploads not carried out),
 * `lagging` (compaction, downsampling or a backlog), `unknown` (no source showed it: bucket unreadable or without
 * blocks, and neither ECS nor metrics read), else `healthy`.
 */
export type CompactorState =
  | "halting"
  | "down"
  | "stalled"
  | "not-deleting"
  | "lagging"
  | "unknown"
  | "healthy";

/** Finding ids that speak about the compactor, by the state they imply, worst first. */
const STATE_OF: readonly [Exclude<CompactorState, "unknown" | "healthy">, (f: Finding) => boolean][] = [
  ["halting", ids("compactor-halted", "overlap")],
  ["down", ids("compactor-down")],
  ["stalled", ids("compactor-stalled")],
  [
    "not-deleting",
    (f) =>
      f.id === "deletion-overdue" ||
      f.id === "retention-overdue" ||
      (f.id === "partial-upload" && f.severity === "critical"),
  ],
  ["lagging", ids("compaction-lag", "downsample-lag", "compactor-backlog")],
];

function ids(...wanted: FindingId[]): (f: Finding) => boolean {
  return (f) => wanted.includes(f.id);
}

/** Whether a finding says something about the compactor (it counts towards the compactor's status). */
export function concernsCompactor(finding: Finding): boolean {
  return STATE_OF.some(([, matches]) => matches(finding));
}

/**
 * The compactor's state from the findings. `seen` says whether any source showed the compactor: ECS or metrics
 * read, or a bucket read that holds blocks.
 */
export function compactorState(findings: readonly Finding[], seen: boolean): CompactorState {
  for (const [state, matches] of STATE_OF) if (findings.some(matches)) return state;
  return seen ? "healthy" : "unknown";
}
