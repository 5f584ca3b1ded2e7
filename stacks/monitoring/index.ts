import type { ResolvedConfig } from "@fleetwatch/config";
import {
  FILES,
  PORTS,
  prometheusReplicas,
  type RenderInput,
  renderFromInput,
  renderInputText,
  type StoredRenderOptions,
  stackTopology,
  type Topology,
} from "@fleetwatch/monitoring";
import type { Network } from "../network";
import type { Secrets } from "../secrets";
import type { Storage } from "../storage";
import { type DiscoveryAccounts, discoveryAccounts } from "./accounts";
import { createAlertmanager } from "./alertmanager";
import { createBucketWeb } from "./bucket-web";
import { createCluster } from "./cluster";
import { createCompactor } from "./compactor";
import { requireFiles, uploadConfig } from "./config-delivery";
import { createDiscoveryRefresh } from "./discovery-refresh";
import { createGrafana } from "./grafana";
import type { MonitoringLoadBalancer } from "./load-balancer";
import { attachment, createLoadBalancer, grafanaUrlOf } from "./load-balancer";
import { createPrometheusReplicas } from "./prometheus";
import { createQuery } from "./query";
import { createQueryFrontend } from "./query-frontend";
import { createRolloutCheck } from "./rollout-check";
import { createRulers } from "./ruler";
import { createTaskSecrets } from "./secrets";
import {
  admitLoadBalancer,
  createScrapeGroupSecurityGroups,
  createSecurityGroups,
  type SecurityGroups,
} from "./security-groups";
import type { MonitoringContext } from "./service";
import { createStore } from "./store";

export { type DiscoveryAccounts, discoveryAccounts } from "./accounts";
export type { RenderedFiles } from "./config-delivery";
export { SLACK_WEBHOOK_FILE, STACK_RENDER_OPTIONS } from "./names";

/** What the monitoring stack needs from the others. */
export interface MonitoringDeps {
  network: Network;
  storage: Storage;
  /**
   * The options @fleetwatch/monitoring's `renderAll` renders every config file with (`STACK_RENDER_OPTIONS`), the
   * accounts left out: the stack adds the accounts it discovers in, and renders with its topology, `grafanaUrl`
   * set to Grafana's address on the load balancer. In Organization mode the same input is stored beside the
   * files, for the discovery refresh.
   */
  renderOptions: Omit<StoredRenderOptions, "homeAccountId">;
  /** Grafana's admin password and, with Slack on, the webhook Alertmanager posts to. */
  secrets: Secrets;
  /**
   * The accounts Prometheus discovers in besides the home account.
   * @default discoveryAccounts(config)
   */
  accounts?: DiscoveryAccounts;
}

export interface Monitoring {
  cluster: sst.aws.Cluster;
  /** The Prometheus tasks' security group: admit the node_exporter port on instances from it. */
  prometheusSecurityGroupId: $util.Output<string>;
  /** Attach to a Lambda (the health audits) to reach the compactor's and the Query Frontend's HTTP port. */
  auditClientSecurityGroupId: $util.Output<string>;
  /** The accounts Prometheus discovers in (the plan's Discovery section reads the units' accounts). */
  accounts: DiscoveryAccounts;
  /** URL of Grafana on the monitoring load balancer. */
  grafanaUrl: $util.Output<string>;
  /** The config version (content hash) deployed. */
  configVersion: $util.Output<string>;
  /** The compactor's ECS cluster and service names (the audit reads the service's state). */
  compactor: { cluster: $util.Output<string>; service: $util.Output<string> };
  /** The Prometheus tasks' roles (every replica): the member role of every member account trusts them. */
  prometheusTaskRoleArns: $util.Output<string>[];
}

/** Files a service cannot start without. */
export function requiredFiles(config: ResolvedConfig) {
  return [
    ...prometheusReplicas(config).map((r) => ({ path: FILES.prometheus(r), neededBy: r.component })),
    { path: FILES.objstore, neededBy: "every Thanos component" },
    { path: FILES.queryEndpoints, neededBy: "ThanosQuery" },
    { path: FILES.rules("global.yml"), neededBy: "every ThanosRuler replica" },
    { path: FILES.rulerAlertmanagers, neededBy: "every ThanosRuler replica" },
    { path: FILES.rulerQuery, neededBy: "every ThanosRuler replica" },
    { path: FILES.alertmanager, neededBy: "Alertmanager" },
  ];
}

/** The load balancer reaches only the ports of the services behind it. */
function admitFromLoadBalancer(securityGroups: SecurityGroups, lb: MonitoringLoadBalancer): void {
  const from = lb.alb.securityGroupId;
  admitLoadBalancer(securityGroups.grafana, "grafana", from, PORTS.grafana);
  admitLoadBalancer(securityGroups.queryFrontend, "queryFrontend", from, PORTS.thanosHttp);
  if (lb.listeners.bucketWeb)
    admitLoadBalancer(securityGroups.bucketWeb, "bucketWeb", from, PORTS.thanosHttp);
}

/**
 * The monitoring stack: a Prometheus + Thanos sidecar service per scrape group and replica, Thanos Query,
 * Query Frontend, Store Gateway, Compactor, Ruler and Bucket Web, Alertmanager and Grafana, on one cluster,
 * with their configs delivered from the state bucket.
 */
export function createMonitoring(config: ResolvedConfig, deps: MonitoringDeps): Monitoring {
  const { network, storage } = deps;
  const topology = stackTopology(config, $app.name);
  const lb = createLoadBalancer(config, network);
  const grafanaUrl = grafanaUrlOf(lb);
  const input = (shown: Topology, homeAccountId?: string): RenderInput => ({
    config,
    topology: shown,
    options: { ...deps.renderOptions, ...(homeAccountId ? { homeAccountId } : {}) },
  });
  // The paths are known now (they do not depend on the load balancer's address); Slack messages link to Grafana.
  const structure = renderFromInput(input(topology), []);
  requireFiles(structure, requiredFiles(config));
  const paths = Object.keys(structure);
  const accounts = deps.accounts ?? discoveryAccounts(config);
  const rendered = $util
    .all([grafanaUrl, accounts.homeAccountId])
    .apply(([url, homeAccountId]) => input({ ...topology, grafanaUrl: url }, homeAccountId));
  const files = $util
    .all([rendered, accounts.unitAccounts])
    .apply(([from, memberAccounts]) => renderFromInput(from, memberAccounts));
  const organization = config.accounts.organization !== undefined;
  const delivery = uploadConfig(
    storage.stateBucket,
    paths,
    files,
    config.homeRegion,
    organization ? rendered.apply(renderInputText) : undefined,
  );
  if (organization) createDiscoveryRefresh(storage);
  const cluster = createCluster(network);
  const ctx: MonitoringContext = {
    config,
    cluster,
    network,
    topology,
    delivery,
    thanosBucket: storage.thanosBucket,
    stateBucket: storage.stateBucket,
    taskSecrets: createTaskSecrets(deps.secrets),
    services: [],
    accounts,
  };
  const securityGroups = createSecurityGroups(network.vpcId);
  admitFromLoadBalancer(securityGroups, lb);
  const replicas = createPrometheusReplicas(
    ctx,
    securityGroups,
    createScrapeGroupSecurityGroups(config, network.vpcId, securityGroups),
  );
  createQuery(ctx, securityGroups);
  // Liveness, not readiness: the frontend's /-/ready follows Query's, and the target would be replaced whenever
  // Query is briefly unready.
  createQueryFrontend(
    ctx,
    securityGroups,
    attachment(lb, "queryFrontend", "thanos-query-frontend", PORTS.thanosHttp, "/-/healthy"),
  );
  createStore(ctx, securityGroups);
  const compactor = createCompactor(ctx, securityGroups);
  createRulers(ctx, securityGroups);
  createBucketWeb(
    ctx,
    securityGroups,
    lb.listeners.bucketWeb
      ? attachment(lb, "bucketWeb", "thanos-bucket-web", PORTS.thanosHttp, "/-/healthy")
      : undefined,
  );
  createAlertmanager(ctx, securityGroups);
  createGrafana(ctx, securityGroups, attachment(lb, "grafana", "grafana", PORTS.grafana, "/api/health"));
  createRolloutCheck(config, cluster, ctx.services);
  return {
    cluster,
    prometheusSecurityGroupId: securityGroups.prometheus.id,
    auditClientSecurityGroupId: securityGroups.auditClient.id,
    accounts,
    grafanaUrl,
    configVersion: delivery.version,
    compactor: { cluster: cluster.nodes.cluster.name, service: compactor.nodes.service.name },
    prometheusTaskRoleArns: replicas.map((r) => r.service.nodes.taskRole.arn),
  };
}
