import type { SourceResult } from "@fleetwatch/audit";
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

/** One sample of an instant vector: its labels and its value as Prometheus writes it (`"1"`, `"NaN"`). */
export type VectorSample = z.infer<typeof vectorAnswer>["data"]["result"][number];

/** How a query is sent: its deadline and, for tests, the fetch to use. */
export interface QueryOptions {
  /** @default 10000 */
  timeoutMs?: number;
  fetch?: typeof fetch;
}

/**
 * Asks Thanos (the Query Frontend's Prometheus HTTP API, e.g. `http://ThanosQueryFrontend.<stage>.<app>.sst:10902`)
 * an instant query with `dedup=true` (the Prometheus replicas' copies merged). Never throws: an unreachable API,
 * an HTTP error or an answer that is not a vector is an error naming the URL and the query.
 */
export async function queryVector(
  baseUrl: string,
  query: string,
  options: QueryOptions = {},
): Promise<SourceResult<VectorSample[]>> {
  const url = `${baseUrl.replace(/\/+$/, "")}/api/v1/query?${new URLSearchParams({ query, dedup: "true" })}`;
  const what = `GET ${baseUrl} ${query}`;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      signal: AbortSignal.timeout(options.timeoutMs ?? 10_000),
    });
    if (!response.ok) return { ok: false, error: `${what}: HTTP ${response.status}` };
    const parsed = vectorAnswer.safeParse(await response.json());
    if (!parsed.success) return { ok: false, error: `${what}: not a Prometheus vector answer` };
    return { ok: true, value: parsed.data.data.result };
  } catch (error) {
    const cause = (error as Error).cause as Error | undefined;
    return { ok: false, error: `${what}: ${(error as Error).message}${cause ? ` (${cause.message})` : ""}` };
  }
}
