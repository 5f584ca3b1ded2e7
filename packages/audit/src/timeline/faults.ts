import { labelsKey, ulidTimeMs } from "@fleetwatch/thanos";
import type { Finding } from "../finding.js";
import type { BucketView } from "../view.js";
import { UNKNOWN_STREAM } from "./layout.js";

/** The faults the timeline draws, each in its own style. */
export type FaultKind = "overlap" | "partial-upload" | "deletion-mark" | "no-compact-mark";

/** A fault placed on the picture: the row (stream key), the lane (resolution) and the time span it covers. */
export interface FaultMark {
  kind: FaultKind;
  ulid: string;
  /** The stream key, or {@link UNKNOWN_STREAM} for a block without meta.json. */
  stream: string;
  /** The lane's resolution; undefined on the unknown-stream row. */
  resolution: number | undefined;
  /** Unix ms; equal for a point (a partial upload is drawn at its ULID's time). */
  minTime: number;
  maxTime: number;
}

/**
 * The faults to draw, taken from the audit's own conclusions: overlaps, partial uploads and no-compact marks
 * from its findings (so the picture shows what the report says, thresholds included), deletion marks from its
 * view. A finding whose block has no meta.json in the view cannot be placed on a stream and is left out,
 * except a partial upload, which goes on the {@link UNKNOWN_STREAM} row at its ULID's time.
 */
export function faultMarks(view: BucketView, findings: readonly Finding[]): FaultMark[] {
  const marks: FaultMark[] = [];
  const onBlock = (kind: FaultKind, ulid: string) => {
    const meta = view.blocks.get(ulid)?.meta;
    if (!meta) return;
    marks.push({
      kind,
      ulid,
      stream: labelsKey(meta.thanos.labels),
      resolution: meta.thanos.downsample.resolution,
      minTime: meta.minTime,
      maxTime: meta.maxTime,
    });
  };
  for (const finding of findings) {
    if (finding.id === "overlap" || finding.id === "no-compact-mark") onBlock(finding.id, finding.subject);
    else if (finding.id === "partial-upload" && view.blocks.has(finding.subject)) {
      const at = ulidTimeMs(finding.subject);
      marks.push({
        kind: "partial-upload",
        ulid: finding.subject,
        stream: UNKNOWN_STREAM,
        resolution: undefined,
        minTime: at,
        maxTime: at,
      });
    }
  }
  for (const entry of view.blocks.values()) if (entry.deletionMark) onBlock("deletion-mark", entry.ulid);
  return marks;
}
