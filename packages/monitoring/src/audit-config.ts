import { type AuditConfig, DEFAULT_AUDIT_CONFIG, type WatchedReplica } from "@fleetwatch/audit";
import { type Duration, durationMs, isDuration, type ResolvedConfig, sizeBytes } from "@fleetwatch/config";
import { z } from "zod";
import { COMPACTOR_DELAYS } from "./compactor.js";
import { LAYOUT_LABELS, prometheusExternalLabels, REPLICA_LABELS } from "./jobs.js";
import { rulerExternalLabels } from "./thanos.js";
import { groupReplicas, rulerReplicas } from "./topology.js";

const ratio = z.number().gt(0, "must be above 0").lte(1, "must be at most 1 (a share of the task's memory)");

/**
 * The Prometheus replicas the stack runs, by scrape group (one entry per group, not per replica: the Lambdas'
 * environment holds 4 KB in all, and 16 shards of 2 replicas would take 2.4 KB as streams). The schema expands
 * them to their services: each replica's stream is expected, and the `shard-pressure` check watches its memory.
 */
const watchedSchema = z.strictObject({
  /** The Prometheus task's memory (`tasks.prometheus.memory`), shared with its sidecar. */
  memory: z.string().refine((m) => sizeBytes(m) !== undefined, 'must be a size like "4 GB"'),
  groups: z.array(
    z.strictObject({
      name: z.string().min(1),
      shards: z.number().int().min(1).max(16),
      replicas: z.number().int().min(1),
    }),
  ),
});

/** The services of the watched groups with the task's memory in bytes. */
function watchedReplicas(watched: z.output<typeof watchedSchema>): WatchedReplica[] {
  const memoryBytes = sizeBytes(watched.memory) ?? 0;
  return watched.groups.flatMap((g) =>
    groupReplicas(g).map((r) => ({
      service: r.component,
      group: r.group,
      shard: r.shard,
      shards: r.shards,
      replica: r.replica,
      memoryBytes,
    })),
  );
}

const duration = z
  .string()
  .refine(isDuration, 'must be a duration like "4h", "30d" ("0d" = forever)')
  .transform((d) => durationMs(d as Duration));

/**
 * The serialised audit config: what `fleetwatch audit --config <file>` reads (YAML or JSON) and what the stack puts
 * in the health Lambdas' `FLEETWATCH_AUDIT_CONFIG` (JSON). Every key is optional; a key left out keeps
 * `DEFAULT_AUDIT_CONFIG` (Thanos's own defaults for the compactor's delays). Unknown keys are rejected.
 */
const auditConfigFileSchema = z.strictObject({
  /** Label subsets of the streams that must have blocks. */
  expectedStreams: z.array(z.record(z.string(), z.string())).optional(),
  /** Labels the deployment's layout sets: streams with them that no expected stream has are retired. */
  layoutLabels: z.array(z.string()).optional(),
  /** Labels that tell replicas apart. */
  replicaLabels: z.array(z.string()).optional(),
  /** Age of a stream's newest block that warns, and that is critical. */
  freshness: z.strictObject({ warning: duration.optional(), critical: duration.optional() }).optional(),
  /** The compactor's retention per resolution (`0d` keeps forever). */
  retention: z
    .strictObject({
      raw: duration.optional(),
      fiveMinutes: duration.optional(),
      oneHour: duration.optional(),
    })
    .optional(),
  /** Whether the compactor downsamples. */
  downsampling: z.boolean().optional(),
  /** The compactor's `--delete-delay`. */
  deleteDelay: duration.optional(),
  /** The compactor's `--consistency-delay`. */
  consistencyDelay: duration.optional(),
  /** The Prometheus replicas the stack runs: their streams are expected and their memory pressure judged. */
  prometheus: watchedSchema.optional(),
  /** Resident memory over task memory that warns, and that is critical (shares: 0.8, 0.95). */
  pressure: z.strictObject({ warning: ratio.optional(), critical: ratio.optional() }).optional(),
});

/** The serialised audit config as written (durations as text, e.g. `{ freshness: { warning: "4h" } }`). */
export type AuditConfigFile = z.input<typeof auditConfigFileSchema>;

/**
 * The one parser of the serialised audit config (the CLI's `--config` file, the Lambdas' `FLEETWATCH_AUDIT_CONFIG`):
 * validates {@link AuditConfigFile} and fills `DEFAULT_AUDIT_CONFIG` in, giving the audit's `AuditConfig`.
 * Issues carry their path (`freshness.critical: must be above freshness.warning`).
 */
export const auditConfigSchema = auditConfigFileSchema
  .transform((c): AuditConfig => {
    const d = DEFAULT_AUDIT_CONFIG;
    return {
      ...d,
      expectedStreams: [
        ...(c.prometheus?.groups ?? []).flatMap((g) => groupReplicas(g).map(prometheusExternalLabels)),
        ...(c.expectedStreams ?? d.expectedStreams),
      ],
      layoutLabels: c.layoutLabels ?? d.layoutLabels,
      replicaLabels: c.replicaLabels ?? d.replicaLabels,
      staleWarningMs: c.freshness?.warning ?? d.staleWarningMs,
      staleCriticalMs: c.freshness?.critical ?? d.staleCriticalMs,
      downsampling: c.downsampling ?? d.downsampling,
      deleteDelayMs: c.deleteDelay ?? d.deleteDelayMs,
      consistencyDelayMs: c.consistencyDelay ?? d.consistencyDelayMs,
      prometheus: c.prometheus ? watchedReplicas(c.prometheus) : d.prometheus,
      pressure: {
        warning: c.pressure?.warning ?? d.pressure.warning,
        critical: c.pressure?.critical ?? d.pressure.critical,
      },
      retentionMs: {
        raw: c.retention?.raw ?? d.retentionMs.raw,
        fiveMinutes: c.retention?.fiveMinutes ?? d.retentionMs.fiveMinutes,
        oneHour: c.retention?.oneHour ?? d.retentionMs.oneHour,
      },
    };
  })
  .refine((c) => c.staleCriticalMs > c.staleWarningMs, {
    path: ["freshness", "critical"],
    message: "must be above freshness.warning",
  })
  .refine((c) => c.pressure.critical > c.pressure.warning, {
    path: ["pressure", "critical"],
    message: "must be above pressure.warning",
  });

/**
 * The serialised audit config of a deployed stage: freshness and retention from the config, the compactor's
 * {@link COMPACTOR_DELAYS}, the stack's {@link REPLICA_LABELS} and {@link LAYOUT_LABELS}, one expected stream per
 * Ruler replica (`{fleetwatch_ruler="global", rule_replica="a"}`, ...), and the scrape groups with their shards,
 * replicas and task memory: the schema expands them to one expected stream per Prometheus replica
 * (`{fleetwatch_group="<name>", fleetwatch_shard="1", prometheus_replica="a"}`, ...) and the replicas the
 * `shard-pressure` check watches.
 */
export function renderAuditConfig(config: ResolvedConfig): AuditConfigFile {
  const { retention, downsampling } = config.thanos;
  return {
    expectedStreams: rulerReplicas(config).map((r) => rulerExternalLabels(r)),
    layoutLabels: [...LAYOUT_LABELS],
    replicaLabels: [...REPLICA_LABELS],
    freshness: { warning: config.freshness.warning, critical: config.freshness.critical },
    retention: { raw: retention.raw, fiveMinutes: retention.fiveMinutes, oneHour: retention.oneHour },
    downsampling,
    deleteDelay: COMPACTOR_DELAYS.deleteDelay,
    consistencyDelay: COMPACTOR_DELAYS.consistencyDelay,
    prometheus: {
      memory: config.tasks.prometheus.memory,
      groups: config.scrapeGroups.map(({ name, shards, replicas }) => ({ name, shards, replicas })),
    },
  };
}

/** The audit config of a deployed stage ({@link renderAuditConfig}, parsed), for scripts and tests in-process. */
export function auditConfigFromResolved(config: ResolvedConfig): AuditConfig {
  return auditConfigSchema.parse(renderAuditConfig(config));
}
