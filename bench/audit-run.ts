// One fleetwatch audit in its own process, so its peak RSS is the audit's alone (not the seeding's, not the
// server's): started by bench/audit.ts with the endpoint, answers with what it saw, its time and process maxRSS.
import { performance } from "node:perf_hooks";
import { DEFAULT_AUDIT_CONFIG, runAudit } from "@fleetwatch/audit";
import { AWS_RETRY, S3AuditCache, S3Bucket, s3ClientFromEnv } from "@fleetwatch/audit-aws";

/** What the audit process reports back. */
export interface AuditRun {
  blocks: number;
  getRequests: number;
  listRequests: number;
  seconds: number;
  /** `process.resourceUsage().maxRSS` at the end, MiB. */
  peakRssMb: number;
  error?: string;
}

const [endpoint, now] = [process.env.BENCH_ENDPOINT as string, Number(process.env.BENCH_NOW)];
const client = s3ClientFromEnv({
  AWS_ENDPOINT_URL_S3: endpoint,
  AWS_ACCESS_KEY_ID: "b",
  AWS_SECRET_ACCESS_KEY: "b",
});
const bucket = new S3Bucket(client, "thanos");
const start = performance.now();
const result = await runAudit({
  bucket: "s3://thanos",
  lister: bucket,
  reader: bucket,
  cache: new S3AuditCache(client, "state"),
  config: DEFAULT_AUDIT_CONFIG,
  now,
  retry: AWS_RETRY,
  ...(process.env.BENCH_DEBUG
    ? {
        onProgress: (p: { phase: string; fetched: number; listed: number }) => {
          if ((p.phase === "get" && p.fetched % 5000 === 0) || (p.phase === "list" && p.listed % 20000 === 0))
            console.error(p.phase, p.listed, p.fetched, JSON.stringify(process.memoryUsage()));
        },
      }
    : {}),
});
const run: AuditRun = {
  blocks: result.view.blocks.size,
  getRequests: result.stats.getRequests,
  listRequests: result.stats.listRequests,
  seconds: (performance.now() - start) / 1000,
  peakRssMb: Math.round(process.resourceUsage().maxRSS / 1024),
  ...(result.stats.cacheError ? { error: result.stats.cacheError } : {}),
};
if (process.env.BENCH_DEBUG) console.error(JSON.stringify(process.memoryUsage()));
process.send?.(run);
process.disconnect?.();
