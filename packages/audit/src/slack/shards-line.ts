import { overallStatus, type Report } from "../report.js";
import { formatCount, formatGb, formatPercent, type ShardsStatus } from "../shards.js";
import { escapeMrkdwn, STATUS_EMOJI } from "./blocks.js";

function highestPart(highest: NonNullable<ShardsStatus["highest"]>): string {
  const series = highest.headSeries === undefined ? "" : ` (${formatCount(highest.headSeries)} series)`;
  return `highest ${escapeMrkdwn(highest.service)} (group ${escapeMrkdwn(highest.group)}, shard ${highest.shard}) at ${formatPercent(highest.ratio)} of ${formatGb(highest.memoryBytes)}${series}`;
}

/**
 * The digest's line on shard pressure: how many Prometheus replicas are watched, how many are under pressure
 * (`shard-pressure` findings) and the one nearest its memory, e.g. `*Shards* :large_green_circle: 6 replicas,
 * highest PrometheusWebS1A (group web, shard 1) at 63% of 8 GB (1.2M series)`. Undefined when the report
 * watches no replica.
 */
export function shardsLine(report: Pick<Report, "shards" | "findings">): string | undefined {
  const shards = report.shards;
  if (!shards) return undefined;
  const replicas = `${shards.replicas} replica${shards.replicas === 1 ? "" : "s"}`;
  if (shards.source === "not-configured") return `*Shards* ${replicas}, not asked (no Thanos Query URL)`;
  if (shards.source === "unavailable")
    return `*Shards* ${replicas}, pressure unknown (Thanos not readable: see source-unavailable)`;
  const pressed = report.findings.filter((f) => f.id === "shard-pressure");
  const status = overallStatus(pressed);
  const parts = [
    replicas,
    ...(pressed.length ? [`${pressed.length} under memory pressure`] : []),
    shards.highest ? highestPart(shards.highest) : "none measured by Thanos",
    ...(shards.highest && shards.measured < shards.replicas
      ? [`${shards.replicas - shards.measured} not measured`]
      : []),
  ];
  return `*Shards* ${STATUS_EMOJI[status]} ${parts.join(", ")}`;
}
