import { readFile } from "node:fs/promises";
import { type AuditConfig, DEFAULT_AUDIT_CONFIG } from "@fleetwatch/audit";
import { auditConfigSchema } from "@fleetwatch/monitoring";
import { parse } from "yaml";
import { UsageError } from "./errors.js";

/**
 * Reads and validates a `--config` file (YAML or JSON) into an audit config: the serialised audit config of
 * `auditConfigSchema` (expected streams and thresholds, each optional). Without a file, `DEFAULT_AUDIT_CONFIG`
 * (the compactor's delays are then Thanos's defaults: `--delete-delay=48h`, `--consistency-delay=30m`).
 */
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
  const result = auditConfigSchema.safeParse(raw ?? {});
  if (!result.success) {
    const issues = result.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`);
    throw new UsageError(`--config ${path}: ${issues.join("; ")}`);
  }
  return result.data;
}
