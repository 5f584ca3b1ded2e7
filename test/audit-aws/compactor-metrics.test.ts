import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { readCompactorMetrics } from "@fleetwatch/audit-aws";
import { describe, expect, it } from "vitest";
import { startHttp } from "../support/http-server";

const healthy = readFileSync(
  resolve(import.meta.dirname, "../fixtures/compactor/metrics-healthy.txt"),
  "utf8",
);

describe("readCompactorMetrics", () => {
  it("reads /metrics of a compactor over HTTP", async () => {
    const server = await startHttp((req, _b, res) =>
      res.writeHead(req.url === "/metrics" ? 200 : 404).end(healthy),
    );
    try {
      const result = await readCompactorMetrics(server.url);
      expect(result).toMatchObject({ ok: true, value: { halted: 0, iterations: 287 } });
    } finally {
      await server.close();
    }
  });

  it.each([
    ["HTTP 500", (res: import("node:http").ServerResponse) => res.writeHead(500).end(), "HTTP 500"],
    [
      "not a compactor",
      (res: import("node:http").ServerResponse) => res.writeHead(200).end("up 1\n"),
      "no thanos_compact_* metrics",
    ],
  ])("reports %s as unavailable", async (_n, answer, error) => {
    const server = await startHttp((_req, _b, res) => answer(res));
    try {
      const result = await readCompactorMetrics(server.url);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error).toContain(error);
    } finally {
      await server.close();
    }
  });

  it("reports an unreachable compactor as unavailable, never throwing", async () => {
    const result = await readCompactorMetrics("http://127.0.0.1:9", { timeoutMs: 2000 });
    expect(result.ok).toBe(false);
  });
});
