import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { startHttp } from "./http-server";

/** Thanos's answer to `up{job="node"}`: three node targets, one down. */
export const UP_NODE = readFileSync(
  resolve(import.meta.dirname, "../fixtures/prometheus/query-up-node.json"),
  "utf8",
);

/**
 * A loopback server answering `/api/v1/query` like Prometheus/Thanos: `answer` for the query it expects, an
 * empty vector for any other, 404 elsewhere. Records the queries asked. Always `close()` it.
 */
export async function startPrometheusApi(expectedQuery: string, answer: string = UP_NODE) {
  const queries: URLSearchParams[] = [];
  const server = await startHttp((req, _body, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/api/v1/query") return void res.writeHead(404).end("404 page not found");
    queries.push(url.searchParams);
    const empty = JSON.stringify({ status: "success", data: { resultType: "vector", result: [] } });
    res.writeHead(200, { "content-type": "application/json" });
    res.end(url.searchParams.get("query") === expectedQuery ? answer : empty);
  });
  return { ...server, queries };
}
