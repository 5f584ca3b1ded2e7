import type { SourceResult, TargetHealth } from "@fleetwatch/audit";
import { type QueryOptions, queryVector } from "./prometheus-query.js";

/**
 * Asks Thanos for `up{job="<job>"}`, deduplicated across the Prometheus replicas, and counts the targets down
 * (`up` 0) and in all. Never throws: an unreachable or failing API is a result the digest reports as such.
 */
export async function readTargetHealth(
  baseUrl: string,
  job: string,
  options: QueryOptions = {},
): Promise<SourceResult<TargetHealth>> {
  const answer = await queryVector(baseUrl, `up{job=${JSON.stringify(job)}}`, options);
  if (!answer.ok) return answer;
  const samples = answer.value;
  return {
    ok: true,
    value: { down: samples.filter((s) => Number(s.value[1]) === 0).length, total: samples.length },
  };
}
