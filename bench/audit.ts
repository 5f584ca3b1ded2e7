// npm run bench:audit: audits buckets of 10,000 and 100,000 blocks on a loopback S3 server (own process), cold
// (empty cache) and warm (cache of the previous run, 1% new blocks), against Thanos's best discovery on the same
// server (bench/baseline.ts: `recursive` cold and warm with its meta cache, `concurrent` cold). Requests are
// counted server-side. Like for like: Thanos's recursive baseline keeps its meta cache on local disk, so the
// headline figures (the last lines) run fleetwatch as the CLI does, with its cache in a local file (`--cache FILE`,
// FileAuditCache), which costs no request. The audit Lambda keeps its cache in the state bucket instead (+1 GET
// +1 PUT a run): that configuration is measured warm too, from the same cache and bucket, and printed on stderr
// as `lambda_config ...` before the results. fleetwatch's audit runs in its own process (bench/audit-run.ts) for
// its peak RSS, with the Lambda's V8 flags (AUDIT_NODE_OPTIONS). Targets: warm requests <= Thanos recursive
// warm; peak RSS <= 512 MB; a miss is printed to stderr and exits 1. The last line is for 100,000 blocks.
import { type ChildProcess, fork } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { AUDIT_NODE_OPTIONS } from "@fleetwatch/audit";
import type { AuditRun } from "./audit-run";
import { type ThanosMetaCache, thanosConcurrent, thanosRecursive } from "./baseline";
import type { ServerCommand } from "./seed";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse("2026-11-20T12:00:00Z");
const sizes = (process.env.BENCH_BLOCKS ?? "10000,100000").split(",").map(Number);
/** Targets: fleetwatch warm requests over Thanos recursive warm, and the audit's peak RSS. */
const MAX_WARM_RATIO = 1.0;
const MAX_RSS_MB = 512;

interface Reply {
  endpoint?: string;
  total?: number;
}

function startServer(): Promise<{
  child: ChildProcess;
  endpoint: string;
  ask: (c: ServerCommand) => Promise<Reply>;
}> {
  const child = fork(resolve(import.meta.dirname, "server.ts"), [], {
    execArgv: ["--import", "tsx"],
    stdio: "inherit",
  });
  const next = () => new Promise<Reply>((ok) => child.once("message", (m) => ok(m as Reply)));
  return next().then(({ endpoint }) => ({
    child,
    endpoint: endpoint as string,
    ask: (command) => {
      const reply = next();
      child.send(command);
      return reply;
    },
  }));
}

/**
 * One fleetwatch audit in a fresh process, its cache in `cache` (a file path, or `s3` for the state bucket);
 * rejects when the process dies without answering.
 */
function auditProcess(endpoint: string, cache: string): Promise<AuditRun> {
  const child = fork(resolve(import.meta.dirname, "audit-run.ts"), [], {
    execArgv: ["--import", "tsx"],
    // The audit Lambda's V8 flags, from the one constant the stack sets them from.
    env: {
      ...process.env,
      NODE_OPTIONS: AUDIT_NODE_OPTIONS,
      BENCH_ENDPOINT: endpoint,
      BENCH_NOW: String(NOW),
      BENCH_CACHE: cache,
    },
    stdio: "inherit",
  });
  return new Promise((ok, fail) => {
    child.once("message", (m) => ok(m as AuditRun));
    child.once("exit", (code) => fail(new Error(`the audit process exited with ${code} before answering`)));
  });
}

const results: string[] = [];
const misses: string[] = [];
const cacheDir = mkdtempSync(join(tmpdir(), "fleetwatch-bench-audit-"));
for (const blocks of sizes) {
  const { child, endpoint, ask } = await startServer();
  const cacheFile = join(cacheDir, `cache-${blocks}.json`);
  try {
    await ask({
      op: "seed",
      bucket: "thanos",
      count: blocks,
      createdFrom: NOW - 90 * DAY,
      createdTo: NOW - 3 * HOUR,
      seed: blocks,
    });
    await ask({ op: "bucket", bucket: "state" });
    const measure = async <T>(fn: () => Promise<T>) => {
      await ask({ op: "reset" });
      const start = performance.now();
      const value = await fn();
      const seconds = (performance.now() - start) / 1000;
      return { value, seconds, requests: (await ask({ op: "counts" })).total as number };
    };
    const audit = async (expected: (run: AuditRun) => string | undefined, cache = cacheFile) => {
      // Time as the audit measured it: the parent's would add the child's start (loading tsx and the SDK).
      const run = await measure(() => auditProcess(endpoint, cache));
      const wrong = expected(run.value) ?? run.value.error;
      if (wrong) throw new Error(`audit of ${blocks} blocks: ${wrong}`);
      return { ...run, seconds: run.value.seconds };
    };

    const thanosCache: ThanosMetaCache = new Set();
    const recursiveCold = await measure(() => thanosRecursive(endpoint, "thanos", thanosCache));
    const concurrentCold = await measure(() => thanosConcurrent(endpoint, "thanos"));
    const cold = await audit((r) => (r.blocks !== blocks ? `cold audit saw ${r.blocks} blocks` : undefined));
    // The Lambda's state after the same cold run: its cache, gzipped, in the state bucket.
    await ask({ op: "put-gzipped", bucket: "state", key: "audit/cache.json.gz", path: cacheFile });
    await ask({
      op: "seed",
      bucket: "thanos",
      count: blocks / 100,
      createdFrom: NOW - 3 * HOUR,
      createdTo: NOW - HOUR,
      seed: blocks + 1,
    });
    const recursiveWarm = await measure(() => thanosRecursive(endpoint, "thanos", thanosCache));
    const readNew = (r: AuditRun) =>
      r.getRequests !== blocks / 100 ? `warm audit read ${r.getRequests} metas` : undefined;
    const lambdaWarm = await audit(readNew, "s3");
    const warm = await audit(readNew);
    for (const [name, n] of [
      ["recursive cold", recursiveCold.value],
      ["concurrent cold", concurrentCold.value],
      ["recursive warm", recursiveWarm.value],
    ] as const)
      if (n !== (name.endsWith("warm") ? blocks + blocks / 100 : blocks))
        throw new Error(`Thanos ${name} loaded ${n} blocks`);

    const peak = Math.max(cold.value.peakRssMb, warm.value.peakRssMb, lambdaWarm.value.peakRssMb);
    process.stderr.write(
      `lambda_config blocks=${blocks} cache=s3 cold_requests=${cold.requests + 2} (cold + 1 GET miss + 1 PUT, not run) ` +
        `warm_requests=${lambdaWarm.requests} (measured: lists + GETs + cache GET + PUT) ` +
        `warm/thanos_recursive_warm=${(lambdaWarm.requests / recursiveWarm.requests).toFixed(4)} ` +
        `warm_s=${lambdaWarm.seconds.toFixed(2)} rss=${lambdaWarm.value.peakRssMb} MB\n`,
    );
    const line =
      `audit blocks=${blocks} cold_requests=${cold.requests} warm_requests=${warm.requests} ` +
      `thanos_recursive_cold_requests=${recursiveCold.requests} thanos_recursive_warm_requests=${recursiveWarm.requests} ` +
      `thanos_concurrent_cold_requests=${concurrentCold.requests} cold_s=${cold.seconds.toFixed(2)} ` +
      `warm_s=${warm.seconds.toFixed(2)} peak_rss_mb=${peak}`;
    const ratio = warm.requests / recursiveWarm.requests;
    process.stderr.write(
      `${line}\n  | thanos_recursive_cold_s=${recursiveCold.seconds.toFixed(2)} thanos_recursive_warm_s=${recursiveWarm.seconds.toFixed(2)} ` +
        `thanos_concurrent_cold_s=${concurrentCold.seconds.toFixed(2)} warm/thanos_recursive_warm=${ratio.toFixed(4)} ` +
        `cold/thanos_recursive_cold=${(cold.requests / recursiveCold.requests).toFixed(4)} ` +
        `fleetwatch lists cold/warm=${cold.value.listRequests}/${warm.value.listRequests} ` +
        `rss cold/warm=${cold.value.peakRssMb}/${warm.value.peakRssMb} MB\n`,
    );
    if (ratio > MAX_WARM_RATIO)
      misses.push(
        `${blocks} blocks: warm requests ${warm.requests} > ${MAX_WARM_RATIO} x Thanos recursive warm ${recursiveWarm.requests}`,
      );
    if (peak > MAX_RSS_MB) misses.push(`${blocks} blocks: peak RSS ${peak} MB > ${MAX_RSS_MB} MB`);
    results.push(line);
  } finally {
    child.disconnect();
  }
}
rmSync(cacheDir, { recursive: true, force: true });
for (const miss of misses) process.stderr.write(`target missed: ${miss}\n`);
console.log(results.join("\n"));
if (misses.length > 0) process.exitCode = 1;
