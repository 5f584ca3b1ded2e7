import type { SourceResult } from "../compactor.js";
import type { DiscoveryEvidence } from "../discovery.js";
import type { Report } from "../report.js";
import { formatDuration } from "../time.js";
import {
  clip,
  escapeMrkdwn,
  findingLine,
  header,
  MAX_BLOCKS,
  moreLine,
  SECTION_LIMIT,
  type SlackBlock,
  type SlackMessage,
  STATUS_EMOJI,
  section,
} from "./blocks.js";
import { discoveryLine } from "./discovery-line.js";
import { shardsLine } from "./shards-line.js";

/** The Prometheus targets of a job, as Thanos answers `up` (deduplicated across replicas). */
export interface TargetHealth {
  down: number;
  total: number;
}

/**
 * Onboarding's part of the digest: instances per `<prefix>status` tag value (written by the onboarding reconcile
 * to `onboarding/status.json`) and Prometheus targets down (asked of Thanos). Each part left out is "not reported".
 */
export interface DigestOnboarding {
  instancesByStatus?: Record<string, number>;
  /** Regions the reconcile could not read: their instances are missing from `instancesByStatus`. */
  failedRegions?: string[];
  /** Regions the reconcile's run has not finished (pages still running, or a worker that died): missing too. */
  pendingRegions?: string[];
  /** Instances AWS refused for good in the run (the others went on): the call and AWS's error code. */
  refused?: { id: string; region: string; account?: string; operation: string; code: string }[];
  /**
   * Member accounts whose role could not be assumed (`account-unreachable`): none of their instances was looked at,
   * so they are missing from `instancesByStatus`; with STS's error code.
   */
  unreachableAccounts?: { account: string; code: string }[];
  /** Why the reconcile's file could not be used (not valid, not readable); shown as "unknown" instead of counts. */
  statusError?: string;
  targetsDown?: number;
  targetsTotal?: number;
  /** Why Thanos could not say how many targets are down; shown instead of a number. */
  targetsError?: string;
}

/**
 * The reconcile's file (as read: valid, or why not) and Thanos's answer as one {@link DigestOnboarding};
 * undefined when neither is known.
 */
export function mergeOnboarding(
  read:
    | SourceResult<
        Pick<
          DigestOnboarding,
          "instancesByStatus" | "failedRegions" | "pendingRegions" | "refused" | "unreachableAccounts"
        >
      >
    | undefined,
  targets: SourceResult<TargetHealth> | undefined,
): DigestOnboarding | undefined {
  const file = read?.ok ? read.value : undefined;
  const statusError = read && !read.ok ? read.error : undefined;
  if (!file?.instancesByStatus && statusError === undefined && !targets) return undefined;
  return {
    ...(statusError !== undefined ? { statusError } : {}),
    ...(file?.instancesByStatus ? { instancesByStatus: file.instancesByStatus } : {}),
    ...(file?.instancesByStatus && file.failedRegions?.length ? { failedRegions: file.failedRegions } : {}),
    ...(file?.instancesByStatus && file.pendingRegions?.length
      ? { pendingRegions: file.pendingRegions }
      : {}),
    ...(file?.instancesByStatus && file.refused?.length ? { refused: file.refused } : {}),
    ...(file?.instancesByStatus && file.unreachableAccounts?.length
      ? { unreachableAccounts: file.unreachableAccounts }
      : {}),
    ...(targets?.ok ? { targetsDown: targets.value.down, targetsTotal: targets.value.total } : {}),
    ...(targets && !targets.ok ? { targetsError: targets.error } : {}),
  };
}

export interface DigestOptions {
  links?: { grafana?: string; bucketWeb?: string };
  onboarding?: DigestOnboarding;
  /** The discovery refresh's state (Organization mode only): left out, the digest has no discovery line. */
  discovery?: DiscoveryEvidence;
  /** A URL of the PNG timeline (a presigned URL of the state bucket). */
  timelineUrl?: string;
  /** How many findings to show. @default 8 */
  topFindings?: number;
}

function freshnessTable(report: Report): string {
  const rows = [...report.streams].sort(
    (a, b) => a.group.localeCompare(b.group) || a.stream.localeCompare(b.stream),
  );
  const title = "*Freshness* (age of each stream's newest raw block)";
  // Room for the title, the fences and the "and N more" line: whole rows only, never a cut one.
  const budget = SECTION_LIMIT - title.length - 80;
  const lines = ["STATUS   NEWEST   STREAM"];
  let length = lines[0]?.length ?? 0;
  for (const s of rows) {
    const age = s.ageMs === undefined ? "no raw" : formatDuration(s.ageMs);
    const line = `${s.status.padEnd(8)} ${age.padStart(7)}  ${escapeMrkdwn(clip(s.stream, 70))}`;
    if (length + 1 + line.length > budget) break;
    lines.push(line);
    length += 1 + line.length;
  }
  const more = moreLine(rows.length - (lines.length - 1), "streams (see report.json)");
  return [`${title}\n\`\`\`${lines.join("\n")}\`\`\``, ...more].join("\n");
}

function compactorLine(report: Report): string {
  const { status, state, sources } = report.compactor;
  const srcs = Object.entries(sources)
    .map(([k, v]) => `${k}: ${v}`)
    .join(", ");
  return `*Compactor* ${STATUS_EMOJI[status]} ${state} _(sources: ${srcs})_`;
}

function targetsPart(onboarding: DigestOnboarding): string {
  if (onboarding.targetsError)
    return `unknown (Thanos not readable: ${escapeMrkdwn(clip(onboarding.targetsError, 300))})`;
  if (onboarding.targetsDown === undefined) return "not reported";
  const total = onboarding.targetsTotal === undefined ? "" : ` of ${onboarding.targetsTotal}`;
  return `${onboarding.targetsDown}${total}`;
}

function onboardingLine(onboarding: DigestOnboarding | undefined): string {
  if (!onboarding) return "*Onboarding* not reported";
  const byStatus = onboarding.instancesByStatus;
  const tags = Object.entries(byStatus ?? {})
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([tag, n]) => `${escapeMrkdwn(tag)}: ${n}`)
    .join(", ");
  const notRead = onboarding.failedRegions?.length
    ? ` (regions not read: ${escapeMrkdwn(onboarding.failedRegions.join(", "))})`
    : "";
  const pending = onboarding.pendingRegions?.length
    ? ` (partial run, not finished in: ${escapeMrkdwn(onboarding.pendingRegions.join(", "))})`
    : "";
  const first = onboarding.refused?.[0];
  const refused = first
    ? ` (refused by AWS: ${onboarding.refused?.length}, e.g. ${escapeMrkdwn(
        `${first.id} in ${first.region}: ${first.operation} ${first.code}`,
      )})`
    : "";
  const firstUnreachable = onboarding.unreachableAccounts?.[0];
  const unreachable = firstUnreachable
    ? ` (account-unreachable: ${onboarding.unreachableAccounts?.length} accounts, e.g. ${escapeMrkdwn(
        `${firstUnreachable.account}: sts:AssumeRole ${firstUnreachable.code}`,
      )})`
    : "";
  const missing = `${notRead}${pending}${refused}${unreachable}`;
  const instances = onboarding.statusError
    ? `unknown: ${escapeMrkdwn(clip(onboarding.statusError, 300))}`
    : byStatus
      ? `${tags || "none"}${missing}`
      : "not reported";
  return `*Onboarding* instances by status: ${instances}; targets down: ${targetsPart(onboarding)}`;
}

/**
 * The daily digest in Block Kit: status, freshness, compactor, shard pressure (when replicas are watched),
 * onboarding, discovery (Organization mode), top findings with fixes, links.
 */
export function digestMessage(report: Report, options: DigestOptions = {}): SlackMessage {
  const { summary } = report;
  const counts = summary.findings;
  const serious = report.findings.filter((f) => f.severity !== "info");
  const top = serious.slice(0, options.topFindings ?? 8);
  const links = [
    options.links?.grafana ? `<${options.links.grafana}|Grafana>` : undefined,
    options.links?.bucketWeb ? `<${options.links.bucketWeb}|Bucket Web>` : undefined,
  ].filter(Boolean);
  const shards = shardsLine(report);
  const blocks: SlackBlock[] = [
    header(`fleetwatch daily digest: ${summary.status}`),
    section(
      `${STATUS_EMOJI[summary.status]} *${escapeMrkdwn(report.bucket)}*: ${summary.blocks} blocks, ${summary.streams} streams; ${counts.critical} critical, ${counts.warning} warning, ${counts.info} info`,
    ),
    section(freshnessTable(report)),
    section(compactorLine(report)),
    ...(shards ? [section(shards)] : []),
    section(onboardingLine(options.onboarding)),
    ...(options.discovery ? [section(discoveryLine(options.discovery, Date.parse(report.generatedAt)))] : []),
    ...(options.timelineUrl
      ? [{ type: "image" as const, image_url: options.timelineUrl, alt_text: "block timeline per stream" }]
      : []),
    { type: "divider" },
  ];
  const tail: SlackBlock[] = links.length
    ? [{ type: "context" as const, elements: [{ type: "mrkdwn" as const, text: links.join(" · ") }] }]
    : [];
  // Slack takes 50 blocks: the findings give way, and a last section says how many were left out.
  const room = MAX_BLOCKS - blocks.length - tail.length - 1;
  const shown = top.slice(0, room);
  const more = moreLine(serious.length - shown.length, "warnings and criticals (see report.json)");
  return {
    text: `fleetwatch digest: ${summary.status} (${counts.critical} critical, ${counts.warning} warning)`,
    blocks: [
      ...blocks,
      ...(shown.length
        ? shown.map((f) => section(findingLine(f)))
        : [section(":white_check_mark: No warnings or criticals.")]),
      ...more.map(section),
      ...tail,
    ],
  };
}
