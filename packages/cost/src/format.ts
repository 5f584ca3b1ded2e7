import type { CostEstimate } from "./estimate.js";

/** The estimate as aligned text lines. */
export function formatEstimate(estimate: CostEstimate, heading: string): string {
  const width = Math.max(...estimate.lines.map((l) => l.item.length), 5);
  const money = (usd: number) => `$${usd.toFixed(2)}`.padStart(10);
  return [
    heading,
    ...estimate.lines.map((l) => `  ${l.item.padEnd(width)}  ${money(l.monthlyUsd)}  ${l.detail}`),
    `  ${"Total".padEnd(width)}  ${money(estimate.totalUsd)}  per month`,
  ].join("\n");
}
