import type { Check } from "../check.js";
import { type BucketView, liveBlocks } from "../view.js";

/** What the bucket held instead of blocks, in words. */
function seen(view: BucketView): string {
  if (view.objectCount === 0) return "the bucket is empty (0 objects)";
  const entries = [...view.blocks.values()];
  const withoutMeta = entries.filter((e) => !e.objects.has("meta.json")).length;
  const corrupt = new Set(view.problems.filter((p) => p.file === "meta.json").map((p) => p.ulid)).size;
  const deleted = entries.filter((e) => e.meta && e.deletionMark).length;
  const parts = [
    withoutMeta ? `${withoutMeta} block prefix(es) without meta.json` : "",
    corrupt ? `${corrupt} with an unreadable meta.json` : "",
    deleted ? `${deleted} marked for deletion` : "",
    view.outside
      ? `${view.outside.count} object(s) outside <ULID>/ prefixes, e.g. ${view.outside.examples.join(", ")}`
      : "",
  ].filter(Boolean);
  return `${view.objectCount} object(s) and no loadable block: ${parts.join("; ")}`;
}

/**
 * The bucket holds no block with a valid meta.json (not marked for deletion): empty, the wrong bucket or prefix,
 * or only junk. Critical when the config expects streams, a warning otherwise. Not judged when the bucket could
 * not be read (`source-unavailable` says why).
 */
export const noBlocks: Check = {
  id: "no-blocks",
  run({ view, config, bucketError }) {
    if (bucketError !== undefined || liveBlocks(view).length > 0) return [];
    const junk = view.outside !== undefined && view.blocks.size === 0;
    return [
      {
        id: "no-blocks",
        severity: config.expectedStreams.length > 0 ? "critical" : "warning",
        subject: "bucket",
        evidence: seen(view).slice(0, 300),
        fix: junk
          ? "this is not a Thanos bucket: point the audit at the bucket and prefix named in the sidecars' objstore config"
          : "check that the sidecars upload to this bucket and prefix (their objstore config and upload logs)",
      },
    ];
  },
};
