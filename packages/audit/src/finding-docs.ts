import { FINDING_IDS, type FindingId } from "./finding.js";

/** What the findings reference says about one finding id: the contract users read in docs/health.md. */
export interface FindingDoc {
  /** The severities it takes and when. */
  severity: string;
  /** What it means, in one or two sentences. */
  meaning: string;
  /** What to do about it. */
  fix: string;
}

/**
 * The documentation of every finding id, in one place; `npm run docs` writes it into the findings reference
 * and a test keeps the page in sync. A `Record` over {@link FindingId}, so a new id without its documentation
 * does not compile.
 */
export const FINDING_DOCS: Record<FindingId, FindingDoc> = {
  "stream-stale": {
    severity: "warning > 4h, critical > 6h (`freshness`)",
    meaning:
      "The newest raw block of a stream (one external-label set, replica included) ends too long ago; normal lag is 1-3h.",
    fix: "Check that replica's Prometheus and Thanos sidecar task and the sidecar's upload logs.",
  },
  "stream-missing": {
    severity: "critical; warning while a newly expected stream is young",
    meaning:
      "A stream the config expects has no block at all. A stream expected only since a recent deploy (a new group or shard) gets the freshness thresholds for its first upload: nothing before `freshness.warning`, a warning until `freshness.critical`.",
    fix: "Check that the replica runs and that Prometheus's `external_labels` match.",
  },
  "stream-retired": {
    severity: "info (posted to Slack once)",
    meaning:
      "A stream of a layout the stage no longer deploys: a scrape group removed, or its `shards` changed (the streams of the old shard count stop; those of the new one start). It is not judged stale; its blocks stay queryable until retention deletes them.",
    fix: "Nothing after a reshard or a removed group; otherwise check `scrapeGroups`.",
  },
  "no-blocks": {
    severity: "critical (streams expected), warning",
    meaning:
      "The bucket holds no block with a valid `meta.json` (not marked for deletion): empty, the wrong bucket or prefix, or only junk; the evidence says what was seen instead (partial prefixes, unreadable metas, objects outside `<ULID>/` prefixes such as `bin/`).",
    fix: "Point the audit at the bucket and prefix of the sidecars' objstore config; check the sidecars upload.",
  },
  overlap: {
    severity: "critical",
    meaning:
      "Two blocks of one compaction group overlap (deletion-marked and too-fresh blocks ignored): the compactor will halt.",
    fix: "Find the duplicate writer (two replicas with identical labels, two compactors), then mark one block for deletion.",
  },
  "replica-labels-only": {
    severity: "warning (still written), info (old blocks only)",
    meaning:
      'A stream whose only external labels are replica labels: the compactor removes them, finds no label left and injects `prometheus_replica="deduped"`, warning on every sync, and every such uploader shares one compaction group. fleetwatch\'s Ruler did this before `ruler.replicas`.',
    fix: 'Give the uploader an external label that is not a replica label (fleetwatch\'s Ruler carries `fleetwatch_ruler="global"`); old blocks age out by retention.',
  },
  "partial-upload": {
    severity: "warning > 2h, critical > 48h + 6h",
    meaning:
      "A block prefix without `meta.json`: an interrupted upload; past 48h the compactor should have removed it.",
    fix: "Check the uploader's logs; past 48h check the compactor runs, or delete the prefix.",
  },
  "corrupt-meta": {
    severity: "critical (meta.json), warning (marker)",
    meaning:
      "A `meta.json` or marker does not parse or validate (version 1, times, ULID matching its prefix), or is listed bigger than 16 MiB (real ones are KBs; it is then not read, and the rest of the audit goes on).",
    fix: "Restore `meta.json` from the uploader or delete the block; rewrite the marker.",
  },
  "missing-file": {
    severity: "critical",
    meaning: "An object listed in `thanos.files` is absent or its size differs.",
    fix: "Re-upload the block from its source, or mark it for deletion.",
  },
  "deletion-overdue": {
    severity: "warning",
    meaning: "A deletion mark is older than the delete delay (48h) plus 6h: deletions are not carried out.",
    fix: "Check the compactor runs with `--wait` and may `s3:DeleteObject`.",
  },
  "no-compact-mark": {
    severity: "info (`manual`), warning (other reasons)",
    meaning: "A block is excluded from compaction, with its reason.",
    fix: "Inspect and repair or delete the block, then remove `no-compact-mark.json`.",
  },
  "compaction-lag": {
    severity: "warning",
    meaning: "Level-1 raw blocks older than 24h (the stream's newest, still open 8h range aside).",
    fix: "Check the compactor: running, halted, out of disk?",
  },
  "downsample-lag": {
    severity: "warning",
    meaning:
      "A raw block spanning >= 40h without a 5m block covering it (or 5m >= 10d without 1h), 24h after upload.",
    fix: "Check downsampling failures and disk space on the compactor.",
  },
  "retention-overdue": {
    severity: "warning",
    meaning:
      "Blocks past their resolution's retention (`thanos.retention`) plus 6h, not marked for deletion.",
    fix: "Check the compactor's `--retention.resolution-*` flags and that its iterations complete.",
  },
  "compactor-halted": {
    severity: "critical",
    meaning: "`thanos_compact_halted` is 1: the compactor stays up doing nothing until restarted.",
    fix: "Read its log for the halt reason (usually an overlap), repair, restart the task.",
  },
  "compactor-down": {
    severity: "critical",
    meaning: "The compactor's ECS service runs fewer tasks than desired, is scaled to zero or not ACTIVE.",
    fix: "Read the stopped tasks' reasons and the compactor's logs.",
  },
  "compactor-stalled": {
    severity: "critical (metrics), warning (bucket only)",
    meaning:
      "No completed iteration for 3h (counter unchanged since the previous audit), or, without metrics, level-1 blocks older than 27h.",
    fix: "Read its logs; give it more CPU or a larger `--compact.concurrency`.",
  },
  "compactor-backlog": {
    severity: "warning",
    meaning:
      "`thanos_compact_todo_compactions` or `..._todo_downsample_blocks` >= 20, or new group compaction failures.",
    fix: "Give the compactor more CPU, memory or disk; read its logs for failing groups.",
  },
  "shard-pressure": {
    severity: "warning >= 80%, critical >= 95% (`pressure`)",
    meaning:
      "A Prometheus replica's resident memory (`process_resident_memory_bytes`, asked of Thanos) is near its task's memory (`tasks.prometheus.memory`, shared with the Thanos sidecar): it will be OOM-killed and lose its head block. The evidence names the scrape group, shard, head series and memory.",
    fix: "Add a shard to the group (`scrapeGroups[i].shards`, the finding suggests shards + 1) or raise `tasks.prometheus.memory` (the finding suggests a size).",
  },
  "discovery-refresh-failing": {
    severity: "warning >= 1h, critical >= 24h",
    meaning:
      "Organization mode: the discovery refresh (`MonitoringDiscoveryRefresh`) has not followed the units' accounts for that long: its runs fail (`accounts-unavailable`, `invalid-render-input`, `not-organization`, `store-failed`) since the first failure after its last success, or its last run is older than three periods (not running). Scraping keeps the accounts of its last success: an account that joined since is not scraped, one that left still is. Read from its status record `monitoring/discovery-refresh/status.json`; a record that cannot be read resolves nothing.",
    fix: "The finding's fix for the outcome: deploy in the management account or a delegated administrator (AccessDenied on Organizations), `sst deploy` again (render input), the role's access to the state bucket; when not running, the schedule and the function's errors.",
  },
  "source-unavailable": {
    severity: "critical (bucket), warning (ECS, metrics, shard metrics)",
    meaning:
      "One evidence source could not be read; the audit judged from the others. An unreadable bucket names its real cause: the directory does not exist, is not a directory, permission denied, no AWS credentials found, credentials refused, no such bucket, access denied.",
    fix: "The fix of that cause (the path, `aws sso login`, the bucket name and region, `s3:ListBucket`/`s3:GetObject`); for ECS and metrics the permissions, names and network reach to port 10902; for shard metrics the Query Frontend's reach (`FLEETWATCH_QUERY_URL`).",
  },
};

/** The findings reference in markdown: one row per finding id, in the public order. */
export function findingsReference(): string {
  const cell = (text: string) => text.replaceAll("|", "\\|");
  return [
    "<!-- Generated from packages/audit/src/finding-docs.ts: npm run docs -->",
    "",
    "| id | severity | meaning | fix |",
    "|---|---|---|---|",
    ...FINDING_IDS.map((id) => {
      const doc = FINDING_DOCS[id];
      return `| \`${id}\` | ${cell(doc.severity)} | ${cell(doc.meaning)} | ${cell(doc.fix)} |`;
    }),
  ].join("\n");
}
