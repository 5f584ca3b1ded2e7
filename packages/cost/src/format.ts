import type { CostEstimate } from "./estimate.js";
import type { StageCost } from "./stage.js";

const money = (usd: number) => `$${usd.toFixed(2)}`.padStart(10);

/** The estimate as aligned text lines. */
function formatEstimate(estimate: CostEstimate, heading: string): string {
  const width = Math.max(...estimate.lines.map((l) => l.item.length), 5);
  return [
    heading,
    ...estimate.lines.map((l) => `  ${l.item.padEnd(width)}  ${money(l.monthlyUsd)}  ${l.detail}`),
    `  ${"Total".padEnd(width)}  ${money(estimate.totalUsd)}  per month`,
  ].join("\n");
}

/** A stage's estimate with where its prices come from and the AMP comparison. */
export function formatStageCost(cost: StageCost): string {
  const { pricing, amp } = cost;
  const overrides = pricing.overridden.length ? `, overridden: ${pricing.overridden.join(", ")}` : "";
  const elsewhere =
    pricing.homeRegion === pricing.region
      ? ""
      : ` (home region ${pricing.homeRegion}: set prices in fleetwatch.config.ts for its own)`;
  return [
    formatEstimate(
      cost.estimate,
      `Estimated monthly cost (${pricing.region} prices as of ${pricing.asOf}${overrides}${elsewhere}):`,
    ),
    `  Same ingest on Amazon Managed Service for Prometheus: ${money(amp.totalUsd).trim()} per month` +
      ` (ingest ${money(amp.ingestUsd).trim()}, storage ${money(amp.storageUsd).trim()}, queries ${money(amp.queryUsd).trim()}; Grafana and alerting not included)`,
  ].join("\n");
}
