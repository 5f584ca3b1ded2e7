import { resolveConfig } from "@fleetwatch/config";
import { FakeAws } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { FakeQueue } from "@fleetwatch/devkit/fakes/queue";
import { type BatchDeps, handleStateChanges, onboardingSettings } from "@fleetwatch/onboarding";
import { beforeAll, describe, expect, it } from "vitest";
import { awsEvent, sqsEnvelope } from "../../support/aws-events";
import { linkResources } from "./events";

/** The captured sample comes from ap-southeast-2: a fleet that onboards there. */
const SETTINGS = onboardingSettings(
  resolveConfig({ regions: ["ap-southeast-2"] }, "dev"),
  "fleetwatch-dev-NodeExporter",
);

let queueMessages: typeof import("../../../functions/onboarding/context")["queueMessages"];

beforeAll(async () => {
  linkResources();
  ({ queueMessages } = await import("../../../functions/onboarding/context"));
});

/** The fake AWS with the captured sample's instance (registered), and the handler's dependencies. */
function setup() {
  const clock = new FakeClock();
  const aws = new FakeAws({ clock, random: seededRandom(5), tagLagMs: 0 });
  aws.launch({ id: "i-0533ccc4be7f511af", region: "ap-southeast-2", registersAfterMs: 0 });
  const queue = new FakeQueue(clock, {
    visibilityTimeoutS: 750,
    maxReceiveCount: 24,
    batchSize: 10,
    windowS: 0,
  });
  const warnings: string[] = [];
  const deps: BatchDeps = {
    ports: aws.ports,
    settings: SETTINGS,
    now: clock.now,
    queue,
    log: { warn: (_, extra) => warnings.push(String(extra.reason)) },
  };
  return { aws, queue, deps, warnings };
}

describe("functions/onboarding/context queueMessages", () => {
  it("reads the documented SQS record: id, receipt handle, body and receive count", () => {
    const record = JSON.parse(awsEvent("sqs-record-envelope.docs"));
    expect(queueMessages(sqsEnvelope([record.body]))).toEqual([
      {
        messageId: "059f36b4-87a3-44ab-83d2-661975830a7d",
        receiptHandle: "AQEBwJnKyrHigUMZj6rYigCgxlaS3SLy0a...",
        body: "<the EventBridge event JSON, as a string>",
        receiveCount: 1,
      },
    ]);
  });

  it("hands the captured running event in the documented record to handleStateChanges, which installs", async () => {
    const { aws, deps } = setup();
    const event = sqsEnvelope([awsEvent("ec2-state-change-running.captured")]);
    const result = await handleStateChanges(queueMessages(event), deps);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(aws.sent.get("i-0533ccc4be7f511af")?.map((s) => s.action)).toEqual(["install"]);
    expect(aws.tagsOf("i-0533ccc4be7f511af")["fleetwatch:status"]).toBe("installing");
  });

  it("acknowledges the documented pending event without touching the instance", async () => {
    const { aws, deps } = setup();
    const result = await handleStateChanges(
      queueMessages(sqsEnvelope([awsEvent("ec2-state-change-pending.docs")])),
      deps,
    );
    expect(result).toEqual({ batchItemFailures: [] });
    expect(aws.totalCalls()).toBe(0);
  });

  it("dead-letters the record's placeholder body and an SSM event with their reasons, and still installs beside them", async () => {
    const { aws, queue, deps, warnings } = setup();
    const record = JSON.parse(awsEvent("sqs-record-envelope.docs"));
    const event = sqsEnvelope([
      record.body,
      awsEvent("ssm-command-status.docs"),
      awsEvent("ec2-state-change-running.captured"),
    ]);
    const result = await handleStateChanges(queueMessages(event), deps);
    expect(result).toEqual({ batchItemFailures: [] });
    expect(queue.deadLetters.map((d) => d.reason)).toEqual([
      "malformed EC2 state-change event: the message body is not JSON",
      'malformed EC2 state-change event: source: Invalid input: expected "aws.ec2"',
    ]);
    expect(warnings).toEqual(queue.deadLetters.map((d) => d.reason));
    expect(queue.calls).toEqual({ "sqs:SendMessageBatch": 1 });
    expect(aws.sent.get("i-0533ccc4be7f511af")).toHaveLength(1);
  });
});
