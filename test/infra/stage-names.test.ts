import { MAX_STAGE_LENGTH } from "@fleetwatch/config";
import type { AppRun } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { LONGEST_ROLE_NAME } from "../../packages/config/src/stage.js";
import { runStage } from "./harness";

// The stage length limit comes from SST's naming (<app>-<stage>-<LogicalName>-<8 random>, cut to AWS's limit by
// dropping app letters, then stage letters) and the longest IAM role name of the app: checked here on a real run.
const STAGE = "feature-123";

describe(`the app for a stage of ${MAX_STAGE_LENGTH} characters, the longest allowed`, () => {
  let run: AppRun;
  beforeAll(async () => {
    expect(STAGE).toHaveLength(MAX_STAGE_LENGTH);
    run = await runStage(STAGE);
  });

  it("has no IAM role with a longer logical name than the limit assumes", () => {
    const longest = Math.max(...run.graph.ofType("aws:iam/role:Role").map((r) => r.name.length));
    expect(longest).toBe(LONGEST_ROLE_NAME.length);
    expect(run.graph.ofType("aws:iam/role:Role", LONGEST_ROLE_NAME)).toHaveLength(1);
  });

  it("gives every IAM role its whole fleetwatch-<stage>-<LogicalName>-<8 random> name, within 64", () => {
    for (const role of run.graph.ofType("aws:iam/role:Role")) {
      const name = String(role.inputs.name);
      expect(name, role.name).toMatch(new RegExp(`^fleetwatch-${STAGE}-${role.name}-[a-z]{8}$`));
      expect(name.length, role.name).toBeLessThanOrEqual(64);
    }
  });

  it("keeps the stage whole in every bucket, function and queue name", () => {
    const types = ["aws:s3/bucket:Bucket", "aws:lambda/function:Function", "aws:sqs/queue:Queue"];
    for (const resource of run.graph.cloud.filter((r) => types.includes(r.type))) {
      const name = String(resource.inputs.bucket ?? resource.inputs.name);
      expect(name, resource.name).toContain(`-${STAGE}-`);
    }
  });
});
