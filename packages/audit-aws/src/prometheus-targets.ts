import type { SourceResult, TargetHealth } from "@fleetwatch/audit";
import { z } from "zod";

/** The part of a Prometheus `/api/v1/query` answer an instant vector query needs. */
const vectorAnswer = z.object({
  status: z.literal("success"),
  data: z.object({
    resultType: z.literal("vector"),
    result: z.array(
      z.object({ metric: z.record(z.string(), z.string()), value: z.tuple([z.number(), z.string()]) }),
    ),
  }),
});

/**
 * Asks Thanos (the Query Frontend's Prometheus HTTP API, e.g. `http://ThanosQueryFrontend.<stage>.<app>.sst:10902`)
 * for `up{job="<job>"}`, deduplicated across the Prometheus replicas, and counts the targets down (`up` 0) and in
 * all. Never throws: an unreachable or failing API is a result the digest reports as such.
 */
export async function readTargetHealth(
  baseUrl: string,
  job: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<SourceResult<TargetHealth>> {
  const query = `up{job=${JSON.stringify(job)}}`;
  const url = `${baseUrl.replace(/\/+$/, "")}/api/v1/query?${new URLSearchParams({ query, dedup: "true" })}`;
  const what = `GET ${baseUrl} ${query}`;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) return { ok: false, error: `${what}: HTTP ${response.status}` };
    const parsed = vectorAnswer.safeParse(await response.json());
    if (!parsed.success) return { ok: false, error: `${what}: not a Prometheus vector answer` };
    const samples = parsed.data.data.result;
    return {
      ok: true,
      value: { down: samples.filter((s) => Number(s.value[1]) === 0).length, total: samples.length },
    };
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    return { ok: false, error: `${what}: ${(error as Error).message}${cause ? ` (${cause.message})` : ""}` };
  }
}
