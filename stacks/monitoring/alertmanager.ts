import { address, FILES, PORTS, type Topology } from "@fleetwatch/monitoring";
import { NOBODY, taskContainers } from "./containers";
import { oneMoreAtATime } from "./deployment";
import { configRead } from "./iam";
import { ALERTMANAGER_IMAGE } from "./images";
import { configPath } from "./names";
import { admitItself, type SecurityGroups } from "./security-groups";
import { createTaskService, type MonitoringContext } from "./service";

export const ALERTMANAGER_DATA = "/alertmanager";
/** The rendered directory of alertmanager.yml and its templates. */
const ALERTMANAGER_DIR = FILES.alertmanager.split("/")[0] as string;

/**
 * The peer every replica joins: the service's Cloud Map name, which has one A record per running task.
 *
 * Facts of prometheus/alertmanager v0.28.1 this relies on:
 * - `cluster.Create` resolves each `--cluster.peer` host with `net.Resolver.LookupIPAddr` and joins every address
 *   it returns (`resolvePeers` in cluster/cluster.go); a name that does not resolve yet (the first task of a new
 *   service) is kept as is, the join fails with a warning and Alertmanager starts anyway.
 * - `Peer.refresh` resolves the names again every 15 s (`DefaultRefreshInterval`) and joins every address that is
 *   not a member yet, so replicas started later are found too (Cloud Map's A records have a TTL of 60 s).
 * - A join is memberlist's push-pull: the new member receives the silences and the notification log of the
 *   members it joins before its web server (and `/-/healthy`) is up (`peer.Join` runs first in cmd/alertmanager).
 */
export function clusterPeer(topology: Topology): string {
  return address(topology, "Alertmanager", PORTS.alertmanagerCluster);
}

/**
 * Alertmanager's flags: clustered by gossip on {@link PORTS.alertmanagerCluster} with every other replica.
 *
 * No `--cluster.advertise-address`: listening on 0.0.0.0, Alertmanager advertises the private IP (RFC 6890) of
 * the interface with the default route (`calculateAdvertiseAddress` -> `sockaddr.GetPrivateIP`,
 * cluster/advertise.go) with the listen port. On Fargate (awsvpc) that is the task ENI's private address, which is
 * also what Cloud Map registers; a public IP is mapped outside the task and never chosen.
 */
export function alertmanagerFlags(topology: Topology): string[] {
  return [
    `--config.file=${configPath(FILES.alertmanager)}`,
    `--storage.path=${ALERTMANAGER_DATA}`,
    `--web.listen-address=0.0.0.0:${PORTS.alertmanager}`,
    `--cluster.listen-address=0.0.0.0:${PORTS.alertmanagerCluster}`,
    `--cluster.peer=${clusterPeer(topology)}`,
  ];
}

/** Gossip between the replicas: memberlist probes and gossips over UDP, and syncs full state over TCP. */
function admitGossip(securityGroups: SecurityGroups): void {
  for (const protocol of ["tcp", "udp"] as const) {
    admitItself(
      securityGroups.alertmanager,
      "alertmanager",
      PORTS.alertmanagerCluster,
      protocol,
      "Alertmanager replicas gossip (silences, notification log)",
    );
  }
}

/**
 * Alertmanager, `alertmanager.replicas` tasks of one service clustered by gossip; with Slack on, the webhook URL
 * (sst secret SlackWebhookUrl) is written to a file at start. Each task keeps its state on its task-local volume
 * and gets the rest from the others when it joins. A deployment starts one new task at a time and stops an old
 * one only once the new one is healthy (see {@link oneMoreAtATime}): the cluster never loses its last member.
 */
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
        command: alertmanagerFlags(ctx.topology),
        user: NOBODY,
        health: { port: PORTS.alertmanager, path: "/-/healthy" },
      },
    ],
  );
  admitGossip(securityGroups);
  const replicas = config.alertmanager.replicas;
  return createTaskService(ctx, {
    name: "Alertmanager",
    size: config.tasks.alertmanager,
    containers,
    volumes,
    securityGroup: securityGroups.alertmanager,
    statements: configRead(stateBucket.arn),
    registryPort: PORTS.alertmanager,
    singleton: false,
    replicas,
    deployment: oneMoreAtATime(replicas),
  });
}
