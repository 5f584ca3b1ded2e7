import type { ResolvedConfig } from "@fleetwatch/config";
import { LABELS } from "./jobs.js";
import {
  address,
  PORTS,
  prometheusReplicas,
  type RulerReplica,
  rulerReplicas,
  type Topology,
} from "./topology.js";

/** The environment variable holding the Thanos bucket's name in every Thanos task; Thanos expands `$(VAR)`. */
export const THANOS_BUCKET_ENV = "THANOS_BUCKET";

/**
 * The bucket config of every Thanos component. No keys: the SDK takes the ECS task role's credentials. The
 * bucket name is known only at deploy time: the stack sets {@link THANOS_BUCKET_ENV} in each Thanos container.
 */
export function renderObjstoreConfig(config: ResolvedConfig, bucket = `$(${THANOS_BUCKET_ENV})`) {
  return {
    type: "S3",
    config: {
      bucket,
      endpoint: `s3.${config.homeRegion}.amazonaws.com`,
      region: config.homeRegion,
      // Never the default: bucket policy demands TLS.
      insecure: false,
      sse_config: { type: "SSE-S3" },
    },
  };
}

/** The `fleetwatch_ruler` value of the Ruler that evaluates `rules/global.yml`. */
export const GLOBAL_RULER = "global";

/**
 * The external labels of a Ruler replica (`--label`): `rule_replica` tells the replicas apart, and
 * `fleetwatch_ruler="global"` stays once Query or the compactor removed it. Without a label besides the replica
 * label, Thanos's compactor would find none left and group the blocks as `prometheus_replica="deduped"`
 * (see `compactorLabels` in @fleetwatch/thanos).
 */
export function rulerExternalLabels(replica: Pick<RulerReplica, "replica">): Record<string, string> {
  return { [LABELS.ruler]: GLOBAL_RULER, [LABELS.ruleReplica]: replica.replica };
}

/** `--endpoint.sd-config-file` of Thanos Query: every sidecar, the Store Gateway and every Ruler (gRPC). */
export function renderQueryEndpoints(config: ResolvedConfig, topology: Topology) {
  const components = [
    ...prometheusReplicas(config).map((replica) => replica.component),
    "ThanosStore",
    ...rulerReplicas(config).map((replica) => replica.component),
  ];
  return {
    endpoints: components.map((component) => ({
      address: `dns+${address(topology, component, PORTS.thanosGrpc)}`,
    })),
  };
}

/**
 * `--alertmanagers.config-file` of the Thanos Ruler, one file for every replica: `dns+` resolves the Cloud Map
 * name to every Alertmanager task (A records), and the Ruler posts each batch to every resolved address
 * (`Sender.Send`, pkg/alert/alert.go), refreshing the addresses every `--alertmanagers.sd-dns-interval` (30s).
 */
export function renderRulerAlertmanagers(topology: Topology) {
  return {
    alertmanagers: [
      {
        static_configs: [`dns+${address(topology, "Alertmanager", PORTS.alertmanager)}`],
        scheme: "http",
        timeout: "10s",
        api_version: "v2",
      },
    ],
  };
}

/** `--query.config-file` of the Thanos Ruler: it evaluates global rules through Thanos Query (HTTP). */
export function renderRulerQuery(topology: Topology) {
  return [{ static_configs: [`dns+${address(topology, "ThanosQuery", PORTS.thanosHttp)}`], scheme: "http" }];
}
