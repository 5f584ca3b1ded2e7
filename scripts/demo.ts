// npm run demo [-- --slack-webhook URL] [-- --out DIR]: a local S3 server on 127.0.0.1 with a realistic Thanos
// bucket and four injected faults, audited by the same code the audit Lambda runs, through the S3 protocol.
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { digestMessage, runScheduledAudit } from "@fleetwatch/audit";
import {
  AWS_RETRY,
  HttpSourceError,
  readCompactorMetrics,
  S3AuditCache,
  S3Bucket,
  S3ReportStore,
  SlackWebhook,
  s3ClientFromEnv,
} from "@fleetwatch/audit-aws";
import {
  checkOutDir,
  outWriteError,
  parseFlags,
  renderTable,
  UsageError,
  writeAuditOutputs,
} from "@fleetwatch/cli";
import { resolveConfig } from "@fleetwatch/config";
import { LoopbackS3 } from "@fleetwatch/devkit/s3-server";
import { auditConfigFromResolved } from "@fleetwatch/monitoring";
import { seedDemoBucket } from "./demo-bucket";

const ROOT = resolve(import.meta.dirname, "..");
const DEMO_USAGE =
  "usage: npm run demo [-- --out DIR] [--slack-webhook https://hooks.slack.com/services/...]";

/** The demo's flags, checked before anything starts: a mistake is one line naming the fix, exit 3. */
function demoArgs(): { outDir: string; webhook?: string } {
  try {
    const values = parseFlags(process.argv.slice(2), {
      "slack-webhook": { type: "string" },
      out: { type: "string" },
      help: { type: "boolean", short: "h" },
    });
    if (values.help === true) {
      process.stdout.write(
        `${DEMO_USAGE}\n\n  --out DIR            where report.json, slack.json and timeline.png go (default: demo-output)\n  --slack-webhook URL  also post the digest to this Slack incoming webhook\n`,
      );
      process.exit(0);
    }
    const webhook = values["slack-webhook"];
    if (typeof webhook === "string" && !/^https?:\/\/[^/]/.test(webhook))
      throw new UsageError("--slack-webhook must be an http(s) URL of a Slack incoming webhook");
    const outDir = checkOutDir(
      "--out",
      typeof values.out === "string" ? values.out : join(ROOT, "demo-output"),
    );
    return { outDir, ...(typeof webhook === "string" ? { webhook } : {}) };
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    process.stderr.write(`demo: ${error.message} (${DEMO_USAGE})\n`);
    process.exit(3);
  }
}
const { outDir, webhook } = demoArgs();
const THANOS = "fleetwatch-demo-thanos";
const STATE = "fleetwatch-demo-state";

const s3 = new LoopbackS3({ maxRequests: 200_000 });
const metricsText = await readFile(join(ROOT, "test/fixtures/compactor/metrics-healthy.txt"), "utf8");
const compactor = createServer((req, res) => {
  if (req.url === "/metrics")
    res.writeHead(200, { "content-type": "text/plain; version=0.0.4" }).end(metricsText);
  else res.writeHead(404).end();
});
const work = await mkdtemp(join(tmpdir(), "fleetwatch-demo-"));
try {
  const endpoint = await s3.start();
  s3.createBucket(THANOS);
  s3.createBucket(STATE);
  await new Promise<void>((r) => compactor.listen(0, "127.0.0.1", r));
  const compactorUrl = `http://127.0.0.1:${(compactor.address() as AddressInfo).port}`;
  const client = s3ClientFromEnv({
    AWS_ENDPOINT_URL_S3: endpoint,
    AWS_REGION: "us-east-1",
    AWS_ACCESS_KEY_ID: "demo",
    AWS_SECRET_ACCESS_KEY: "demo",
  });
  const now = Date.now();
  // Seeded into the server's storage: S3 PUTs cannot set LastModified, and the faults need realistic ages.
  const seeded = await seedDemoBucket(
    (key, body, lastModified) => s3.put(THANOS, key, body, lastModified),
    now,
    work,
  );
  const config = auditConfigFromResolved(
    resolveConfig({ scrapeGroups: [{ name: "default" }, { name: "payments" }] }, "demo"),
  );
  const bucket = new S3Bucket(client, THANOS);
  const reports = new S3ReportStore(client, STATE);
  const outcome = await runScheduledAudit({
    bucket: `s3://${THANOS}`,
    lister: bucket,
    reader: bucket,
    cache: new S3AuditCache(client, STATE),
    reports,
    delivery: reports,
    config,
    now,
    retry: AWS_RETRY,
    compactor: { metrics: await readCompactorMetrics(compactorUrl) },
  });
  // The block count is the report's (every block prefix, partial uploads and marked blocks included): one number.
  process.stderr.write(
    `demo: S3 server ${endpoint} (fleetwatch's loopback server), bucket s3://${THANOS}: ${outcome.report.summary.blocks} blocks, ` +
      (seeded.promtool
        ? `${seeded.realBlocks} of them real TSDB blocks from promtool\n`
        : "promtool not found: every block is synthesized (install Debian's prometheus package for real blocks)\n"),
  );
  process.stdout.write(`${renderTable(outcome.report)}\n\n`);
  const files = await writeAuditOutputs(outDir, outcome, { now, config }).catch((error: unknown) => {
    throw (error as NodeJS.ErrnoException).code ? outWriteError("--out", outDir, error) : error;
  });
  process.stdout.write(
    `report stored in the state bucket at s3://${STATE}/${outcome.storedAt} (${s3.totalRequests} S3 requests in all)\n` +
      `wrote ${files.report}\n      ${files.slack}\n      ${files.timeline}\n`,
  );
  if (webhook) {
    // Slack cannot fetch an image from 127.0.0.1: the posted digest carries no picture (the Lambda's does).
    try {
      await new SlackWebhook(webhook).post(digestMessage(outcome.report));
      process.stdout.write("posted the digest to Slack\n");
    } catch (error) {
      if (!(error instanceof HttpSourceError)) throw error;
      process.stderr.write(`demo: ${error.message}: the report and files above are written\n`);
      process.exitCode = 1;
    }
  }
} catch (error) {
  if (!(error instanceof UsageError)) throw error;
  process.stderr.write(`demo: ${error.message}\n`);
  process.exitCode = 3;
} finally {
  await s3.stop();
  compactor.closeAllConnections();
  await new Promise<void>((r) => compactor.close(() => r()));
  await rm(work, { recursive: true, force: true });
}
