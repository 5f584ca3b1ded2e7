import { readTargetHealth } from "@fleetwatch/audit-aws";
import { describe, expect, it } from "vitest";
import { startHttp } from "../support/http-server";
import { startPrometheusApi } from "../support/prometheus-api";

describe("readTargetHealth", () => {
  it("counts the job's targets down and in all from Thanos's deduplicated `up`", async () => {
    const api = await startPrometheusApi('up{job="node"}');
    try {
      expect(await readTargetHealth(`${api.url}/`, "node")).toEqual({
        ok: true,
        value: { down: 1, total: 3 },
      });
      expect(api.queries.map((q) => [q.get("query"), q.get("dedup")])).toEqual([['up{job="node"}', "true"]]);
    } finally {
      await api.close();
    }
  });

  it("reads no targets as 0 of 0", async () => {
    const api = await startPrometheusApi('up{job="other"}');
    try {
      expect(await readTargetHealth(api.url, "node")).toEqual({ ok: true, value: { down: 0, total: 0 } });
    } finally {
      await api.close();
    }
  });

  it.each([
    ["HTTP 503", 503, "overloaded", "HTTP 503"],
    [
      "a failed query",
      200,
      '{"status":"error","errorType":"timeout","error":"query timed out"}',
      "not a Prometheus vector answer",
    ],
    [
      "a matrix",
      200,
      '{"status":"success","data":{"resultType":"matrix","result":[]}}',
      "not a Prometheus vector answer",
    ],
    ["not JSON", 200, "<html>proxy error</html>", "GET http://127.0.0.1"],
  ])("reports %s as an error, never throwing", async (_n, status, body, error) => {
    const server = await startHttp((_req, _b, res) => res.writeHead(status).end(body));
    try {
      const result = await readTargetHealth(server.url, "node");
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(error);
    } finally {
      await server.close();
    }
  });

  it("reports an unreachable Query Frontend as an error", async () => {
    const result = await readTargetHealth("http://127.0.0.1:9", "node", { timeoutMs: 2000 });
    expect(result).toMatchObject({
      ok: false,
      error: expect.stringContaining('GET http://127.0.0.1:9 up{job="node"}'),
    });
  });
});
