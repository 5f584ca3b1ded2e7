// npm run bench:audit: audits buckets of 10,000 and 100,000 blocks on a loopback S3 server (own process), cold
// (empty cache) and warm (cache of the previous run, 1% new blocks), against Thanos's best discovery on the same
// server (bench/baseline.ts: `recursive` cold and warm with its meta cache, `concurrent` cold). Requests are
// counted server-side, fleetwatch's including the audit cache's GET and PUT in the state bucket (Thanos keeps its
// meta cache on local disk, which a Lambda does not have). fleetwatch's audit runs in its own process
// (bench/audit-run.ts) for its peak RSS. Targets: warm requests <= Thanos recursive warm; peak RSS <= 512 MB;
// a miss is printed to stderr and exits 1. The last line is for 100,000 blocks.
import { type ChildProcess, fork } from "node:child_process";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
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

/** One fleetwatch audit in a fresh process; rejects when the process dies without answering. */
function auditProcess(endpoint: string): Promise<AuditRun> {
  const child = fork(resolve(import.meta.dirname, "audit-run.ts"), [], {
    execArgv: ["--import", "tsx"],
    env: { ...process.env, BENCH_ENDPOINT: endpoint, BENCH_NOW: String(NOW) },
    stdio: "inherit",
  });
  return new Promise((ok, fail) => {
    child.once("message", (m) => ok(m as AuditRun));
    child.once("exit", (code) => fail(new Error(`the audit process exited with ${code} before answering`)));
  });
}

const results: string[] = [];
const misses: string[] = [];
for (const blocks of sizes) {
  const { child, endpoint, ask } = await startServer();
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
    const audit = async (expected: (run: AuditRun) => string | undefined) => {
      // Time as the audit measured it: the parent's would add the child's start (loading tsx and the SDK).
      const run = await measure(() => auditProcess(endpoint));
      const wrong = expected(run.value) ?? run.value.error;
      if (wrong) throw new Error(`audit of ${blocks} blocks: ${wrong}`);
      return { ...run, seconds: run.value.seconds };
    };

    const thanosCache: ThanosMetaCache = new Set();
    const recursiveCold = await measure(() => thanosRecursive(endpoint, "thanos", thanosCache));
    const concurrentCold = await measure(() => thanosConcurrent(endpoint, "thanos"));
    const cold = await audit((r) => (r.blocks !== blocks ? `cold audit saw ${r.blocks} blocks` : undefined));
    await ask({
      op: "seed",
      bucket: "thanos",
      count: blocks / 100,
      createdFrom: NOW - 3 * HOUR,
      createdTo: NOW - HOUR,
      seed: blocks + 1,
    });
    const recursiveWarm = await measure(() => thanosRecursive(endpoint, "thanos", thanosCache));
    const warm = await audit((r) =>
      r.getRequests !== blocks / 100 ? `warm audit read ${r.getRequests} metas` : undefined,
    );
    for (const [name, n] of [
      ["recursive cold", recursiveCold.value],
      ["concurrent cold", concurrentCold.value],
      ["recursive warm", recursiveWarm.value],
    ] as const)
      if (n !== (name.endsWith("warm") ? blocks + blocks / 100 : blocks))
        throw new Error(`Thanos ${name} loaded ${n} blocks`);

    const peak = Math.max(cold.value.peakRssMb, warm.value.peakRssMb);
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
for (const miss of misses) process.stderr.write(`target missed: ${miss}\n`);
console.log(results.join("\n"));
if (misses.length > 0) process.exitCode = 1;
