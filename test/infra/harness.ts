import { resolve } from "node:path";
import {
  type AppRun,
  type PolicyDocument,
  type RecordedResource,
  type RunAppOptions,
  runApp,
} from "@fleetwatch/sst-offline";

export const ROOT = resolve(import.meta.dirname, "..", "..");

const SECRETS = {
  SlackWebhookUrl: "https://hooks.slack.invalid/test",
  GrafanaAdminPassword: "test-password",
};

function useConfigFixture(configFixture: string | undefined) {
  if (configFixture) process.env.FLEETWATCH_CONFIG = resolve(ROOT, "test/fixtures/configs", configFixture);
  else delete process.env.FLEETWATCH_CONFIG;
}

/** The secrets' values the stack tests run with, by sst.Secret name. */
export type TestSecrets = typeof SECRETS;

/**
 * Runs the real sst.config.ts for a stage under Pulumi mocks, optionally with a fixture config and other values
 * of some secrets.
 */
export async function runStage(
  stage: string,
  configFixture?: string,
  secrets: Partial<TestSecrets> = {},
): Promise<AppRun> {
  useConfigFixture(configFixture);
  return runApp({ root: ROOT, stage, secrets: { ...SECRETS, ...secrets } });
}

/**
 * Runs one stack on its own (`program` instead of the app's `run()`), for a stage and optional fixture config;
 * `stageConfig` from stacks/config.ts gives the program its config.
 */
export async function runProgram(
  stage: string,
  program: NonNullable<RunAppOptions["program"]>,
  configFixture?: string,
): Promise<AppRun> {
  useConfigFixture(configFixture);
  return runApp({ root: ROOT, stage, secrets: SECRETS, program });
}

/** The IAM policy document a resource carries in `key` (a JSON string). */
export function policyOf(resource: RecordedResource, key = "policy"): PolicyDocument {
  const raw = resource.inputs[key];
  if (typeof raw !== "string") throw new Error(`${resource.name} has no ${key} string`);
  return JSON.parse(raw) as PolicyDocument;
}

/** The resource whose `bucket` input names the given bucket. */
export function forBucket(run: AppRun, type: string, bucketName: unknown): RecordedResource {
  const found = run.graph.ofType(type).filter((r) => r.inputs.bucket === bucketName);
  if (found.length !== 1)
    throw new Error(`expected one ${type} for bucket ${String(bucketName)}, got ${found.length}`);
  return found[0] as RecordedResource;
}
