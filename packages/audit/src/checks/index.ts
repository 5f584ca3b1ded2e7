import type { Check } from "../check.js";
import { compactionLag } from "./compaction-lag.js";
import { compactorBacklog } from "./compactor-backlog.js";
import { compactorDown } from "./compactor-down.js";
import { compactorHalted } from "./compactor-halted.js";
import { compactorStalled } from "./compactor-stalled.js";
import { corruptMeta } from "./corrupt-meta.js";
import { deletionOverdue } from "./deletion-overdue.js";
import { discoveryRefreshFailing } from "./discovery-refresh-failing.js";
import { downsampleLag } from "./downsample-lag.js";
import { missingFile } from "./missing-file.js";
import { noBlocks } from "./no-blocks.js";
import { noCompactMark } from "./no-compact-mark.js";
import { overlap } from "./overlap.js";
import { partialUpload } from "./partial-upload.js";
import { replicaLabelsOnly } from "./replica-labels-only.js";
import { retentionOverdue } from "./retention-overdue.js";
import { shardPressure } from "./shard-pressure.js";
import { sourceUnavailable } from "./source-unavailable.js";
import { streamMissing } from "./stream-missing.js";
import { streamRetired } from "./stream-retired.js";
import { streamStale } from "./stream-stale.js";

/** Every check, one per finding id, in the order of the public list. */
export const CHECKS: readonly Check[] = [
  streamStale,
  streamMissing,
  streamRetired,
  noBlocks,
  overlap,
  replicaLabelsOnly,
  partialUpload,
  corruptMeta,
  missingFile,
  deletionOverdue,
  noCompactMark,
  compactionLag,
  downsampleLag,
  retentionOverdue,
  compactorHalted,
  compactorDown,
  compactorStalled,
  compactorBacklog,
  shardPressure,
  discoveryRefreshFailing,
  sourceUnavailable,
];
