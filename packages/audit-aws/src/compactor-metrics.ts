import { type CompactorMetrics, compactorMetricsOf, type SourceResult } from "@fleetwatch/audit";

/**
 * GETs the compactor's /metrics (e.g. `http://ThanosCompactor.<stage>.<app>.sst:10902`) and reads its health
 * metrics. Never throws: an unreachable or failing endpoint is a result the audit reports as source-unavailable.
 */
export async function readCompactorMetrics(
  baseUrl: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<SourceResult<CompactorMetrics>> {
  const url = `${baseUrl.replace(/\/+$/, "")}/metrics`;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 5_000),
    });
    if (!response.ok) return { ok: false, error: `GET ${url}: HTTP ${response.status}` };
    const metrics = compactorMetricsOf(await response.text());
    if (metrics.iterations === undefined && metrics.halted === undefined)
      return { ok: false, error: `GET ${url}: no thanos_compact_* metrics (is this the compactor?)` };
    return { ok: true, value: metrics };
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    return {
      ok: false,
      error: `GET ${url}: ${(error as Error).message}${cause ? ` (${cause.message})` : ""}`,
    };
  }
}
