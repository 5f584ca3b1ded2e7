import { FILES, PORTS } from "@fleetwatch/monitoring";
import { NOBODY, taskContainers } from "./containers";
import { configRead } from "./iam";
import { ALERTMANAGER_IMAGE } from "./images";
import { configPath } from "./names";
import type { SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

export const ALERTMANAGER_DATA = "/alertmanager";
/** The rendered directory of alertmanager.yml and its templates. */
const ALERTMANAGER_DIR = FILES.alertmanager.split("/")[0] as string;

/** Alertmanager's flags: one instance, so gossip clustering is off. */
export function alertmanagerFlags(): string[] {
  return [
    `--config.file=${configPath(FILES.alertmanager)}`,
    `--storage.path=${ALERTMANAGER_DATA}`,
    `--web.listen-address=0.0.0.0:${PORTS.alertmanager}`,
    "--cluster.listen-address=",
  ];
}

/** Alertmanager; with Slack on, the webhook URL (sst secret SlackWebhookUrl) is written to a file at start. */
export function createAlertmanager(ctx: MonitoringContext, securityGroups: SecurityGroups): sst.aws.Service {
  const { config, stateBucket } = ctx;
  const slack = ctx.taskSecrets.slackWebhookUrl;
  const { containers, volumes } = taskContainers(
    ctx,
    {
      paths: [ALERTMANAGER_DIR],
      dataPath: ALERTMANAGER_DATA,
      reloadUrl: `http://127.0.0.1:${PORTS.alertmanager}/-/reload`,
      ...(slack ? { ssm: { SLACK_WEBHOOK_URL: slack } } : {}),
    },
    [
      {
        name: "alertmanager",
        image: ALERTMANAGER_IMAGE,
        command: alertmanagerFlags(),
        user: NOBODY,
        health: { port: PORTS.alertmanager, path: "/-/healthy" },
      },
    ],
  );
  return createTaskService(ctx, {
    name: "Alertmanager",
    size: config.tasks.alertmanager,
    containers,
    volumes,
    securityGroup: securityGroups.alertmanager,
    statements: configRead(stateBucket.arn),
    registryPort: PORTS.alertmanager,
    singleton: false,
  });
}
