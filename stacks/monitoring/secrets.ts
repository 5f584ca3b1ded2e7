import { scryptSync } from "node:crypto";
import type { Secrets } from "../secrets";

/**
 * A secret handed to tasks: the sst.Secret's value in an SSM SecureString parameter, injected by ECS at start
 * (never written into a task definition; the execution role may read only the parameters its task injects).
 * ECS reads a parameter only when a task starts, so {@link createTaskService} writes `version` into the task
 * definition of every task that injects the secret: a changed value replaces exactly those tasks.
 */
export interface TaskSecret {
  /** The sst.Secret's name, e.g. `GrafanaAdminPassword`. */
  name: string;
  /** The parameter's ARN, what a container's `secrets[].valueFrom` names. */
  arn: $util.Output<string>;
  /** {@link secretFingerprint} of the value: changes with it, and does not give it away. */
  version: $util.Output<string>;
}

/** The monitoring stack's task secrets, each one parameter shared by every task that reads it. */
export interface TaskSecrets {
  /** Read by Grafana (`GF_SECURITY_ADMIN_PASSWORD`). */
  grafanaAdminPassword: TaskSecret;
  /** Read by Alertmanager's init container (written to a file), only when `slack.enabled`. */
  slackWebhookUrl?: TaskSecret;
}

/** scrypt cost: about 50 ms and 16 MB per fingerprint, so that guessing a weak password from one is slow. */
const SCRYPT_COST = 2 ** 14;

/**
 * A 16-hex-character fingerprint of a secret's value: scrypt, salted with the stage and the secret's name, so
 * that a task definition (readable with ecs:DescribeTaskDefinition) shows that the value changed, not what it is.
 */
export function secretFingerprint(stage: string, name: string, value: string): string {
  return scryptSync(value, `fleetwatch/${stage}/${name}`, 8, { N: SCRYPT_COST }).toString("hex");
}

/** The environment variable carrying a secret's fingerprint: `GrafanaAdminPassword` -> `FLEETWATCH_SECRET_VERSION_GRAFANA_ADMIN_PASSWORD`. */
export function secretVersionVariable(name: string): string {
  return `FLEETWATCH_SECRET_VERSION_${name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}`;
}

/** One task secret: its parameter and the fingerprint of its value. */
export function taskSecret(name: string, secret: sst.Secret): TaskSecret {
  const parameter = new aws.ssm.Parameter(`${name}Parameter`, {
    name: `/fleetwatch/${$app.stage}/${name}`,
    type: "SecureString",
    value: secret.value,
    description: `fleetwatch ${name}, from sst secret ${name}`,
  });
  const version = $util.unsecret(secret.value.apply((value) => secretFingerprint($app.stage, name, value)));
  return { name, arn: parameter.arn, version };
}

/** The parameters of the app's secrets that tasks read, created once. */
export function createTaskSecrets(secrets: Secrets): TaskSecrets {
  return {
    grafanaAdminPassword: taskSecret("GrafanaAdminPassword", secrets.grafanaAdminPassword),
    ...(secrets.slackWebhookUrl
      ? { slackWebhookUrl: taskSecret("SlackWebhookUrl", secrets.slackWebhookUrl) }
      : {}),
  };
}
