import { readShardUsage } from "@fleetwatch/audit-aws";
import { describe, expect, it } from "vitest";
import { startHttp } from "../support/http-server";

const HEAD = 'max by (service) (prometheus_tsdb_head_series{job="prometheus"})';
const RSS = 'max by (service) (process_resident_memory_bytes{job="prometheus"})';

const vector = (samples: [Record<string, string>, string][]) =>
  JSON.stringify({
    status: "success",
    data: {
      resultType: "vector",
      result: samples.map(([metric, v]) => ({ metric, value: [1700000000, v] })),
    },
  });

/** A loopback Query Frontend answering each query from `answers` (status, body); 404 for anything else. */
async function startQuery(answers: Readonly<Record<string, readonly [number, string]>>) {
  const asked: URLSearchParams[] = [];
  const server = await startHttp((req, _body, res) => {
    const url = new URL(req.url ?? "/", "http://127.0.0.1");
    if (url.pathname !== "/api/v1/query") return void res.writeHead(404).end("404 page not found");
    asked.push(url.searchParams);
    const [status, body] = answers[url.searchParams.get("query") ?? ""] ?? [200, vector([])];
    res.writeHead(status, { "content-type": "application/json" }).end(body);
  });
  return { ...server, asked };
}

describe("readShardUsage", () => {
  it("reads head series and resident memory per service, deduplicated, the max of each", async () => {
    const api = await startQuery({
      [HEAD]: [
        200,
        vector([
          [{ service: "PrometheusWebS0A" }, "1234567"],
          [{ service: "PrometheusWebS1A" }, "800000"],
          [{}, "5"],
        ]),
      ],
      [RSS]: [
        200,
        vector([
          [{ service: "PrometheusWebS0A" }, "3221225472"],
          [{ service: "PrometheusWebS1B" }, "NaN"],
        ]),
      ],
    });
    try {
      expect(await readShardUsage(`${api.url}/`, "prometheus")).toEqual({
        ok: true,
        value: {
          PrometheusWebS0A: { headSeries: 1234567, residentBytes: 3221225472 },
          PrometheusWebS1A: { headSeries: 800000 },
        },
      });
      expect(api.asked.map((q) => [q.get("query"), q.get("dedup")]).sort()).toEqual([
        [RSS, "true"],
        [HEAD, "true"],
      ]);
    } finally {
      await api.close();
    }
  });

  it.each([
    ["HTTP 500 on the memory query", { [RSS]: [500, "internal"] }, `${RSS}: HTTP 500`],
    [
      "a matrix",
      { [HEAD]: [200, '{"status":"success","data":{"resultType":"matrix","result":[]}}'] },
      `${HEAD}: not a Prometheus vector answer`,
    ],
    [
      "a failed query",
      { [RSS]: [200, '{"status":"error","errorType":"timeout","error":"query timed out"}'] },
      "not a Prometheus vector answer",
    ],
    ["not JSON", { [HEAD]: [200, "<html>proxy error</html>"] }, `${HEAD}:`],
  ] as const)("reports %s as an error naming the query, never throwing", async (_n, answers, error) => {
    const api = await startQuery(answers);
    try {
      const result = await readShardUsage(api.url, "prometheus");
      expect(result).toEqual({ ok: false, error: expect.stringContaining(error) });
    } finally {
      await api.close();
    }
  });

  it("gives up at its timeout on a Query Frontend that does not answer, and reads it once it answers", async () => {
    let hang = true;
    const server = await startHttp((req, _b, res) => {
      if (hang) return;
      const query = new URL(req.url ?? "/", "http://127.0.0.1").searchParams.get("query");
      res.writeHead(200).end(vector(query === RSS ? [[{ service: "PrometheusDefaultA" }, "1024"]] : []));
    });
    try {
      const slow = await readShardUsage(server.url, "prometheus", { timeoutMs: 200 });
      expect(slow).toEqual({ ok: false, error: expect.stringMatching(/timeout|aborted/i) });
      hang = false;
      expect(await readShardUsage(server.url, "prometheus", { timeoutMs: 2000 })).toEqual({
        ok: true,
        value: { PrometheusDefaultA: { residentBytes: 1024 } },
      });
    } finally {
      await server.close();
    }
  });

  it("reports an unreachable Query Frontend as an error", async () => {
    const result = await readShardUsage("http://127.0.0.1:9", "prometheus", { timeoutMs: 2000 });
    expect(result).toMatchObject({ ok: false, error: expect.stringContaining("GET http://127.0.0.1:9") });
  });
});
