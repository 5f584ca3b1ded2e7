import { FILES, PORTS } from "@fleetwatch/monitoring";
import { versionOf } from "./config-delivery";
import { taskContainers } from "./containers";
import { configRead } from "./iam";
import { GRAFANA_IMAGE } from "./images";
import type { LoadBalancerAttachment } from "./load-balancer";
import { configPath } from "./names";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

/** The rendered directory of Grafana's provisioning and dashboards. */
const GRAFANA_DIR = FILES.grafanaProvisioning.split("/")[0] as string;

/** Grafana's environment: provisioning from the rendered files, no sign-up, no anonymous access, no phoning home. */
export function grafanaEnvironment(version: $util.Input<string>): Record<string, $util.Input<string>> {
  return {
    GF_PATHS_PROVISIONING: configPath(FILES.grafanaProvisioning),
    GF_SECURITY_ADMIN_USER: "admin",
    GF_USERS_ALLOW_SIGN_UP: "false",
    GF_AUTH_ANONYMOUS_ENABLED: "false",
    GF_ANALYTICS_REPORTING_ENABLED: "false",
    GF_ANALYTICS_CHECK_FOR_UPDATES: "false",
    GF_SERVER_HTTP_PORT: String(PORTS.grafana),
    // Grafana keeps nothing of its own (datasources and dashboards are provisioned), so a new version of its
    // files simply replaces its task: a rolling update behind the load balancer.
    FLEETWATCH_GRAFANA_FILES: version,
  };
}

/** Grafana behind the load balancer; its admin password is the sst secret GrafanaAdminPassword. */
export function createGrafana(
  ctx: MonitoringContext,
  securityGroups: SecurityGroups,
  loadBalancer: LoadBalancerAttachment,
): sst.aws.Service {
  const { config, stateBucket, delivery } = ctx;
  const { containers, volumes } = taskContainers(ctx, { paths: [GRAFANA_DIR] }, [
    {
      name: "grafana",
      image: GRAFANA_IMAGE,
      environment: grafanaEnvironment(delivery.files.apply((files) => versionOf(files, [GRAFANA_DIR]))),
      ssm: { GF_SECURITY_ADMIN_PASSWORD: ctx.taskSecrets.grafanaAdminPassword },
      health: { port: PORTS.grafana, path: "/api/health" },
    },
  ]);
  return createTaskService(ctx, {
    name: "Grafana",
    size: config.tasks.grafana,
    containers,
    volumes,
    securityGroup: securityGroups.grafana,
    statements: configRead(stateBucket.arn),
    registryPort: PORTS.grafana,
    singleton: false,
    loadBalancer,
  });
}
