import { auditConfigSchema } from "@fleetwatch/monitoring";
import { z } from "zod";

/** The environment the health stack gives its Lambdas (everything else arrives through links). */
const healthEnvSchema = z.object({
  /**
   * The audit's thresholds and expected streams, rendered from fleetwatch.config.ts at deploy time
   * (`renderAuditConfig`): JSON of the serialised audit config, parsed by the CLI's `--config` schema.
   */
  FLEETWATCH_AUDIT_CONFIG: z
    .string()
    .transform((s, ctx): unknown => {
      try {
        return JSON.parse(s);
      } catch {
        ctx.addIssue({ code: "custom", message: "must be JSON" });
        return z.NEVER;
      }
    })
    .pipe(auditConfigSchema),
  /** `http://ThanosCompactor.<stage>.<app>.sst:10902`; empty: /metrics is not read. */
  FLEETWATCH_COMPACTOR_URL: z.string().default(""),
  /** `http://ThanosQueryFrontend.<stage>.<app>.sst:10902`; empty: targets down and shard pressure are not asked of Thanos. */
  FLEETWATCH_QUERY_URL: z.string().default(""),
  FLEETWATCH_COMPACTOR_CLUSTER: z.string().default(""),
  FLEETWATCH_COMPACTOR_SERVICE: z.string().default(""),
  /** `true` when the stack linked the Slack webhook secret: the one place the string becomes a boolean. */
  FLEETWATCH_SLACK_ENABLED: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  /** `true` in Organization mode: the discovery refresh runs and the digest reports its status record. */
  FLEETWATCH_DISCOVERY_REFRESH: z
    .enum(["true", "false"])
    .default("false")
    .transform((v) => v === "true"),
  FLEETWATCH_GRAFANA_URL: z.string().default(""),
  FLEETWATCH_BUCKET_WEB_URL: z.string().default(""),
});

export type HealthEnv = z.infer<typeof healthEnvSchema>;

/** Validates the Lambda's environment once; a mistake names the variable. */
export function healthEnv(env: NodeJS.ProcessEnv = process.env): HealthEnv {
  const parsed = healthEnvSchema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join(".")}: ${i.message}`).join("; ");
    throw new Error(`health Lambda environment: ${issues}`);
  }
  return parsed.data;
}
