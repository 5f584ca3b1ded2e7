import type { ResolvedConfig } from "@fleetwatch/config";
import type { Topology } from "@fleetwatch/monitoring";
import { logRetention } from "../defaults";
import type { Network } from "../network";
import type { DiscoveryAccounts } from "./accounts";
import type { ConfigDelivery } from "./config-delivery";
import { type Deployment, START_FIRST, STOP_FIRST } from "./deployment";
import { inlinePolicies, parametersRead, type Statement } from "./iam";
import type { LoadBalancerAttachment } from "./load-balancer";
import { secretVersionVariable, type TaskSecret, type TaskSecrets } from "./secrets";

/** What every monitoring service is built from. */
export interface MonitoringContext {
  config: ResolvedConfig;
  cluster: sst.aws.Cluster;
  network: Network;
  topology: Topology;
  delivery: ConfigDelivery;
  thanosBucket: sst.aws.Bucket;
  stateBucket: sst.aws.Bucket;
  /** The secrets tasks read; a container names those it injects in its `ssm`. */
  taskSecrets: TaskSecrets;
  /** Every service created so far, in order (the post-deploy rollout check reads them all). */
  services: sst.aws.Service[];
  /** The accounts discovery reads besides the home account (stacks/monitoring/accounts.ts). */
  accounts: DiscoveryAccounts;
}

/** A task-local volume (no host path, no EFS): lives as long as the task, on its ephemeral storage. */
export interface Mount {
  volume: string;
  path: string;
  readOnly?: boolean;
}

/** ECS container dependency conditions. */
export type StartCondition = "START" | "COMPLETE" | "SUCCESS" | "HEALTHY";

/** One container of a task. */
export interface ContainerSpec {
  name: string;
  image: string;
  command?: $util.Input<string[]>;
  entrypoint?: string[];
  environment?: Record<string, $util.Input<string>>;
  /**
   * Secrets ECS injects as environment variables, by variable name. The one place that says which task reads
   * which secret: the execution role's grant and the task definition's secret versions follow from it.
   */
  ssm?: Record<string, TaskSecret>;
  /**
   * An HTTP endpoint probed from inside the container (busybox wget): a liveness check, so `/-/healthy` rather
   * than `/-/ready`; a Prometheus replaying its WAL or a Store Gateway syncing a large bucket is alive but not
   * ready, and ECS would kill it in a loop. Readiness gates the load balancer's target health instead.
   */
  health?: { port: number; path: string };
  mounts?: Mount[];
  /** Containers of the task that must reach a condition before this one starts. */
  after?: { container: string; condition: StartCondition }[];
  /** Whether the task stops when this container stops. Init and reloader containers are not essential. */
  essential?: boolean;
  /** Run as this uid (the data directories are handed to it by the init container). */
  user?: string;
}

/** One ECS service of the monitoring stack (desired count 1 unless `replicas` says otherwise). */
export interface TaskServiceSpec {
  /** The SST component name; also the Cloud Map name. */
  name: string;
  size: { cpu: string; memory: string; storage: string };
  containers: ContainerSpec[];
  /** Task-local volumes shared by the containers. */
  volumes: string[];
  securityGroup: aws.ec2.SecurityGroup;
  /** Further security groups of the task (a Prometheus task's scrape group). */
  extraSecurityGroups?: aws.ec2.SecurityGroup[];
  /** The task role's statements. */
  statements: Statement[];
  /** The port registered in Cloud Map (SRV record). */
  registryPort: number;
  /**
   * Stop the old task before starting the new one (minimum healthy 0%, maximum 100%): for tasks with external
   * labels and the compactor, never two at once.
   */
  singleton: boolean;
  /** How many tasks the service runs (one Cloud Map A record each). @default 1 */
  replicas?: number;
  /** How ECS replaces the tasks; instead of what `singleton` implies. */
  deployment?: Deployment;
  /** A service this one is updated after (the previous replica of a Prometheus group). */
  after?: sst.aws.Service;
  /** Behind the monitoring load balancer: SST's arg, and how long ECS ignores a new task's target health. */
  loadBalancer?: LoadBalancerAttachment;
}

/** Every secret the containers of a task inject, once each. */
export function secretsOf(containers: ContainerSpec[]): TaskSecret[] {
  const byName = new Map<string, TaskSecret>();
  for (const c of containers)
    for (const secret of Object.values(c.ssm ?? {})) byName.set(secret.name, secret);
  return [...byName.values()];
}

/**
 * A container's environment with the version of each secret it injects: ECS reads secrets only at task start,
 * so a changed secret must change the task definition for the running tasks to be replaced.
 */
export function environmentWithSecretVersions(
  c: ContainerSpec,
): Record<string, $util.Input<string>> | undefined {
  const versions = Object.fromEntries(
    Object.values(c.ssm ?? {}).map((secret) => [secretVersionVariable(secret.name), secret.version]),
  );
  const environment = { ...c.environment, ...versions };
  return Object.keys(environment).length > 0 ? environment : undefined;
}

/** The `wget` health check of a container. */
function healthCheck(health: { port: number; path: string }) {
  return {
    command: ["CMD-SHELL", `wget -q -O /dev/null http://127.0.0.1:${health.port}${health.path} || exit 1`],
    startPeriod: "60 seconds" as const,
    interval: "30 seconds" as const,
    timeout: "5 seconds" as const,
    retries: 3,
  };
}

/** What SST's container args cannot say: mounts of task-local volumes, start order, essential, user. */
export function patchContainerDefinitions(json: string, containers: ContainerSpec[]): string {
  const definitions = JSON.parse(json) as Record<string, unknown>[];
  for (const definition of definitions) {
    const spec = containers.find((c) => c.name === definition.name);
    if (!spec) continue;
    definition.mountPoints = (spec.mounts ?? []).map((m) => ({
      sourceVolume: m.volume,
      containerPath: m.path,
      readOnly: m.readOnly ?? false,
    }));
    if (spec.after?.length) {
      definition.dependsOn = spec.after.map((a) => ({ containerName: a.container, condition: a.condition }));
    }
    definition.essential = spec.essential ?? true;
    if (spec.user) definition.user = spec.user;
  }
  return JSON.stringify(definitions);
}

/** One Fargate service with its task role, security group, logs and deployment settings. */
export function createTaskService(ctx: MonitoringContext, spec: TaskServiceSpec): sst.aws.Service {
  const { config, network, delivery } = ctx;
  const retention = logRetention(config.logRetentionDays) as "1 month";
  const secrets = secretsOf(spec.containers);
  const service = new sst.aws.Service(spec.name, {
    cluster: ctx.cluster,
    architecture: "arm64",
    cpu: spec.size.cpu as "1 vCPU",
    memory: spec.size.memory as "2 GB",
    storage: spec.size.storage as "20 GB",
    serviceRegistry: { port: spec.registryPort },
    ...(spec.replicas ? { scaling: { min: spec.replicas, max: spec.replicas } } : {}),
    // Every service: `sst deploy` waits until its deployment is stable (or rolled back, which the rollout check
    // then reports), so a replica is updated only once the one before it runs again.
    wait: true,
    ...(spec.loadBalancer ? { loadBalancer: spec.loadBalancer.args } : {}),
    containers: spec.containers.map((c) => {
      const environment = environmentWithSecretVersions(c);
      return {
        name: c.name,
        image: c.image,
        ...(c.command ? { command: c.command } : {}),
        ...(c.entrypoint ? { entrypoint: c.entrypoint } : {}),
        ...(environment ? { environment } : {}),
        ...(c.ssm
          ? { ssm: Object.fromEntries(Object.entries(c.ssm).map(([key, secret]) => [key, secret.arn])) }
          : {}),
        ...(c.health ? { health: healthCheck(c.health) } : {}),
        logging: { retention },
      };
    }),
    transform: {
      taskDefinition: (args) => {
        args.volumes = $util
          .output(args.volumes ?? [])
          .apply((volumes) => [...volumes, ...spec.volumes.map((name) => ({ name }))]);
        args.containerDefinitions = $util
          .output(args.containerDefinitions)
          .apply((json) => patchContainerDefinitions(json, spec.containers));
      },
      taskRole: (args) => {
        args.inlinePolicies = inlinePolicies(spec.statements);
      },
      executionRole: (args) => {
        const parameters = secrets.map((secret) => secret.arn);
        args.inlinePolicies = inlinePolicies(parameters.length ? [parametersRead(parameters)] : []);
      },
      service: (args, opts) => {
        args.networkConfiguration = {
          subnets: network.taskSubnets,
          securityGroups: [spec.securityGroup, ...(spec.extraSecurityGroups ?? [])].map((g) => g.id),
          assignPublicIp: network.assignPublicIp,
        };
        args.enableExecuteCommand = false;
        args.waitForSteadyState = true;
        args.deploymentCircuitBreaker = { enable: true, rollback: true };
        const deployment = spec.deployment ?? (spec.singleton ? STOP_FIRST : START_FIRST);
        args.deploymentMinimumHealthyPercent = deployment.minimumHealthyPercent;
        args.deploymentMaximumPercent = deployment.maximumPercent;
        if (spec.loadBalancer)
          args.healthCheckGracePeriodSeconds = spec.loadBalancer.healthCheckGracePeriodSeconds;
        const after = spec.after ? [spec.after.nodes.service] : [];
        opts.dependsOn = [delivery.pointer, ...after];
      },
    },
  });
  ctx.services.push(service);
  return service;
}
