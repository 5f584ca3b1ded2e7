import { readFile } from "node:fs/promises";
import { type AuditConfig, DEFAULT_AUDIT_CONFIG } from "@fleetwatch/audit";
import { type Duration, durationMs, isDuration } from "@fleetwatch/config";
import { parse } from "yaml";
import { z } from "zod";
import { UsageError } from "./errors.js";

const duration = z.string().refine(isDuration, 'must be a duration like "4h", "30d" ("0d" = forever)');

/** The `--config` file: expected streams and thresholds, each optional. */
const cliConfigSchema = z.strictObject({
  expectedStreams: z.array(z.record(z.string(), z.string())).optional(),
  replicaLabels: z.array(z.string()).optional(),
  freshness: z.strictObject({ warning: duration.optional(), critical: duration.optional() }).optional(),
  retention: z
    .strictObject({
      raw: duration.optional(),
      fiveMinutes: duration.optional(),
      oneHour: duration.optional(),
    })
    .optional(),
  downsampling: z.boolean().optional(),
  deleteDelay: duration.optional(),
});

const ms = (d: string | undefined, fallback: number) =>
  d === undefined ? fallback : durationMs(d as Duration);

/** Reads and validates a `--config` file (YAML or JSON) into an audit config. */
export async function loadCliConfig(path: string | undefined): Promise<AuditConfig> {
  if (!path) return DEFAULT_AUDIT_CONFIG;
  let raw: unknown;
  try {
    raw = parse(await readFile(path, "utf8"));
  } catch (error) {
    // YAML's messages go on with a picture of the line: its first line names the fault and where.
    const first = (error as Error).message.split("\n")[0];
    throw new UsageError(`--config ${path}: ${first}`, { cause: error });
  }
  const result = cliConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new UsageError(`--config ${path}: ${issues.join("; ")}`);
  }
  const c = result.data;
  const d = DEFAULT_AUDIT_CONFIG;
  const config: AuditConfig = {
    ...d,
    expectedStreams: c.expectedStreams ?? d.expectedStreams,
    replicaLabels: c.replicaLabels ?? d.replicaLabels,
    staleWarningMs: ms(c.freshness?.warning, d.staleWarningMs),
    staleCriticalMs: ms(c.freshness?.critical, d.staleCriticalMs),
    downsampling: c.downsampling ?? d.downsampling,
    deleteDelayMs: ms(c.deleteDelay, d.deleteDelayMs),
    retentionMs: {
      raw: ms(c.retention?.raw, d.retentionMs.raw),
      fiveMinutes: ms(c.retention?.fiveMinutes, d.retentionMs.fiveMinutes),
      oneHour: ms(c.retention?.oneHour, d.retentionMs.oneHour),
    },
  };
  if (config.staleCriticalMs <= config.staleWarningMs)
    throw new UsageError(`--config ${path}: freshness.critical must be above freshness.warning`);
  return config;
}
