// One fleetwatch audit in its own process, so its peak RSS is the audit's alone (not the seeding's, not the
// server's): started by bench/audit.ts with the endpoint and the cache (BENCH_CACHE: a local file as the CLI's
// `--cache`, or `s3` for the audit Lambda's cache in the state bucket), answers with what it saw, its time and
// process maxRSS. BENCH_DEBUG=1 logs memory while reading (after a GC when started with --expose-gc).
import { performance } from "node:perf_hooks";
import { DEFAULT_AUDIT_CONFIG, runAudit } from "@fleetwatch/audit";
import { AWS_RETRY, FileAuditCache, S3AuditCache, S3Bucket, s3ClientFromEnv } from "@fleetwatch/audit-aws";

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
const cachePlace = process.env.BENCH_CACHE as string;
const client = s3ClientFromEnv({
  AWS_ENDPOINT_URL_S3: endpoint,
  AWS_ACCESS_KEY_ID: "b",
  AWS_SECRET_ACCESS_KEY: "b",
});
const bucket = new S3Bucket(client, "thanos");
/** Memory usage as JSON, after a full GC when one can be asked for (--expose-gc): then heapUsed is live data. */
function memory(): string {
  (globalThis as { gc?: () => void }).gc?.();
  return JSON.stringify(process.memoryUsage());
}
const start = performance.now();
const result = await runAudit({
  bucket: "s3://thanos",
  lister: bucket,
  reader: bucket,
  cache: cachePlace === "s3" ? new S3AuditCache(client, "state") : new FileAuditCache(cachePlace),
  config: DEFAULT_AUDIT_CONFIG,
  now,
  retry: AWS_RETRY,
  ...(process.env.BENCH_DEBUG
    ? {
        onProgress: (p: { phase: string; fetched: number; listed: number }) => {
          if ((p.phase === "get" && p.fetched % 5000 === 0) || (p.phase === "list" && p.listed % 20000 === 0))
            console.error(p.phase, p.listed, p.fetched, memory());
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
if (process.env.BENCH_DEBUG) console.error(memory());
process.send?.(run);
process.disconnect?.();
