// npm run bench:audit: audits buckets of 10,000 and 100,000 blocks on a loopback S3 server (own process),
// cold (empty cache) and warm (cache of the previous run, 1% new blocks), against Thanos's default discovery on
// the same server in the same run. Requests are counted server-side. The last line is for 100,000 blocks.
import { type ChildProcess, fork } from "node:child_process";
import { resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { DEFAULT_AUDIT_CONFIG, runAudit } from "@fleetwatch/audit";
import { S3AuditCache, S3Bucket, s3ClientFromEnv } from "@fleetwatch/audit-aws";
import { thanosDiscovery } from "./baseline";
import type { ServerCommand } from "./seed";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.parse("2026-11-20T12:00:00Z");
const sizes = (process.env.BENCH_BLOCKS ?? "10000,100000").split(",").map(Number);

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

const results: string[] = [];
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
    const client = s3ClientFromEnv({
      AWS_ENDPOINT_URL_S3: endpoint,
      AWS_ACCESS_KEY_ID: "b",
      AWS_SECRET_ACCESS_KEY: "b",
    });
    const bucket = new S3Bucket(client, "thanos");
    const cache = new S3AuditCache(client, "state");
    const audit = () =>
      runAudit({
        bucket: "s3://thanos",
        lister: bucket,
        reader: bucket,
        cache,
        config: DEFAULT_AUDIT_CONFIG,
        now: NOW,
      });
    const measure = async (fn: () => Promise<unknown>) => {
      await ask({ op: "reset" });
      const start = performance.now();
      await fn();
      const seconds = (performance.now() - start) / 1000;
      return { seconds, requests: (await ask({ op: "counts" })).total as number };
    };

    const baseline = await measure(() => thanosDiscovery(endpoint, "thanos"));
    const cold = await measure(async () => {
      const result = await audit();
      if (result.view.blocks.size !== blocks)
        throw new Error(`cold audit saw ${result.view.blocks.size} blocks`);
    });
    await ask({
      op: "seed",
      bucket: "thanos",
      count: blocks / 100,
      createdFrom: NOW - 3 * HOUR,
      createdTo: NOW - HOUR,
      seed: blocks + 1,
    });
    const warm = await measure(async () => {
      const result = await audit();
      if (result.stats.getRequests !== blocks / 100)
        throw new Error(`warm audit read ${result.stats.getRequests} metas`);
    });
    const line = `audit blocks=${blocks} cold_requests=${cold.requests} baseline_requests=${baseline.requests} warm_requests=${warm.requests} cold_s=${cold.seconds.toFixed(2)} warm_s=${warm.seconds.toFixed(2)}`;
    process.stderr.write(
      `${line} | baseline_s=${baseline.seconds.toFixed(2)} cold/baseline=${(cold.requests / baseline.requests).toFixed(3)} ` +
        `warm/baseline=${(warm.requests / baseline.requests).toFixed(4)} warm_s/cold_s=${(warm.seconds / cold.seconds).toFixed(3)}\n`,
    );
    results.push(line);
  } finally {
    child.disconnect();
  }
}
console.log(results.join("\n"));
