import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { BucketFixture, HOUR, rawBlocks, STREAM_A0, STREAM_A1 } from "@fleetwatch/devkit/blocks";
import { LoopbackS3 } from "@fleetwatch/devkit/s3-server";
import type { Context } from "aws-lambda";
import { vi } from "vitest";
import { startHttp } from "../../support/http-server";
import { SHARD_QUERIES, serviceVector, startPrometheusApi } from "../../support/prometheus-api";

export const SECRET_PATH = "/services/T0/B0/super-secret-webhook-token";
const metricsText = readFileSync(
  resolve(import.meta.dirname, "../../fixtures/compactor/metrics-healthy.txt"),
  "utf8",
);

/** The Prometheus replicas the health world watches: PrometheusWebS0A and PrometheusWebS1A, 4 GB tasks. */
export const WATCHED = { memory: "4 GB", groups: [{ name: "web", shards: 2, replicas: 1 }] };

/**
 * A loopback S3 with a Thanos bucket (one fresh, one stale stream), a Slack webhook, a compactor /metrics and a
 * Query Frontend answering `up{job="node"}` (one of three node targets down) and the shard queries
 * ({@link WATCHED}: PrometheusWebS0A at 83%, 1.2M series; PrometheusWebS1A at 50%).
 */
export async function healthWorld(now: number) {
  const s3 = new LoopbackS3({ maxRequests: 20_000 });
  const endpoint = await s3.start();
  const fixture = new BucketFixture();
  rawBlocks(fixture, STREAM_A0, now - 12 * HOUR, now - 2 * HOUR);
  rawBlocks(fixture, STREAM_A1, now - 30 * HOUR, now - 20 * HOUR);
  for (const [key, o] of fixture.objects)
    s3.put("thanos", key, fixture.bodies.get(key) || Buffer.alloc(o.size), o.lastModified);
  s3.createBucket("state");
  const slack = await startHttp((_req, _body, res) => res.writeHead(200).end("ok"));
  const compactor = await startHttp((req, _body, res) =>
    res.writeHead(req.url === "/metrics" ? 200 : 404).end(metricsText),
  );
  const thanos = await startPrometheusApi('up{job="node"}', undefined, {
    [SHARD_QUERIES.headSeries]: serviceVector({ PrometheusWebS0A: 1_234_567, PrometheusWebS1A: 600_000 }),
    [SHARD_QUERIES.residentBytes]: serviceVector({
      PrometheusWebS0A: Math.round(0.83 * 4 * 1024 ** 3),
      PrometheusWebS1A: 2 * 1024 ** 3,
    }),
  });
  Object.assign(process.env, {
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "test",
    AWS_SECRET_ACCESS_KEY: "test",
    SST_RESOURCE_App: JSON.stringify({ name: "fleetwatch", stage: "test" }),
    SST_RESOURCE_HealthStateBucket: JSON.stringify({ name: "state", type: "sst.sst.Linkable" }),
    SST_RESOURCE_ThanosBucketReadOnly: JSON.stringify({ name: "thanos", type: "sst.sst.Linkable" }),
    SST_RESOURCE_SlackWebhookUrl: JSON.stringify({
      value: `${slack.url}${SECRET_PATH}`,
      type: "sst.sst.Secret",
    }),
    FLEETWATCH_AUDIT_CONFIG: JSON.stringify({ expectedStreams: [STREAM_A0, STREAM_A1], prometheus: WATCHED }),
    FLEETWATCH_COMPACTOR_URL: compactor.url,
    FLEETWATCH_QUERY_URL: thanos.url,
    FLEETWATCH_SLACK_ENABLED: "true",
    FLEETWATCH_GRAFANA_URL: "https://grafana.example",
    POWERTOOLS_METRICS_NAMESPACE: "fleetwatch-test",
  });
  return {
    s3,
    slack,
    thanos,
    async stop() {
      await Promise.all([s3.stop(), slack.close(), compactor.close(), thanos.close()]);
    },
  };
}

/** Captures what the Lambda logs (Powertools writes JSON lines to stdout); `restore()` in afterAll. */
export function captureStdout(): { text: () => string; restore: () => void } {
  const lines: string[] = [];
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    lines.push(String(chunk));
    return true;
  });
  return { text: () => lines.join(""), restore: () => spy.mockRestore() };
}

export const context = {
  functionName: "test",
  awsRequestId: "req-1",
  getRemainingTimeInMillis: () => 60_000,
} as unknown as Context;
