import type { ResolvedConfig } from "@fleetwatch/config";
import { address, PORTS, prometheusReplicas, type Topology } from "./topology.js";

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

/** `--endpoint.sd-config-file` of Thanos Query: every sidecar, the Store Gateway and the Ruler (gRPC). */
export function renderQueryEndpoints(config: ResolvedConfig, topology: Topology) {
  const components = [
    ...prometheusReplicas(config).map((replica) => replica.component),
    "ThanosStore",
    "ThanosRuler",
  ];
  return {
    endpoints: components.map((component) => ({
      address: `dns+${address(topology, component, PORTS.thanosGrpc)}`,
    })),
  };
}

/**
 * `--alertmanagers.config-file` of the Thanos Ruler: `dns+` resolves the Cloud Map name to every Alertmanager
 * task (A records), and the Ruler posts each batch to every resolved address (`Sender.Send`, pkg/alert/alert.go),
 * refreshing the addresses every `--alertmanagers.sd-dns-interval` (30s).
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
