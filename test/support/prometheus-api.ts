import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startHttp } from "./http-server";

/** Thanos's answer to `up{job="node"}`: three node targets, one down. */
export const UP_NODE = readFileSync(
  resolve(import.meta.dirname, "../fixtures/prometheus/query-up-node.json"),
  "utf8",
);

/**
 * A loopback server answering `/api/v1/query` like Prometheus/Thanos: `answer` for the query it expects (and
 * `others` by query), an empty vector for any other, 404 elsewhere. Records the queries asked. Always `close()` it.
 */
export async function startPrometheusApi(
  expectedQuery: string,
  answer: string = UP_NODE,
  others: Record<string, string> = {},
) {
  const queries: URLSearchParams[] = [];
  const server = await startHttp((req, _body, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/api/v1/query") return void res.writeHead(404).end("404 page not found");
    queries.push(url.searchParams);
    const empty = JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } });
    res.writeHead(200, { "content-type": "application/json" });
    const query = url.searchParams.get("query") ?? "";
    res.end(query === expectedQuery ? answer : Object.hasOwn(others, query) ? others[query] : empty);
  });
  return { ...server, queries };
}

/** A vector answer of `max by (service) (...)`: one sample per service. */
export function serviceVector(values: Record<string, number>): string {
  const result = Object.entries(values).map(([service, v]) => ({
    metric: { service },
    value: [1700000000, String(v)],
  }));
  return JSON.stringify({ status: "success", data: { resultType: "vector", result } });
}

/** The shard queries the health Lambdas ask, by metric. */
export const SHARD_QUERIES = {
  headSeries: 'max by (service) (prometheus_tsdb_head_series{job="prometheus"})',
  residentBytes: 'max by (service) (process_resident_memory_bytes{job="prometheus"})',
} as const;
