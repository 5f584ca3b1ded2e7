import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import type { SQSEvent, SQSRecord } from "aws-lambda";

/**
 * The shared real AWS event samples (`<checkout>/../shared/fixtures/aws-events`, see its README): CI links the
 * shared directory next to the checkout. Read as they are, never copied into tests.
 */
export const AWS_EVENTS_DIR = resolve(import.meta.dirname, "../../../shared/fixtures/aws-events");

/** The samples by file name (without `.json`). */
export type AwsEventSample =
  | "ec2-state-change-pending.docs"
  | "ec2-state-change-running.captured"
  | "ssm-command-invocation-status.docs"
  | "ssm-command-status.docs"
  | "sqs-record-envelope.docs";

/** Samples derived from the shared ones (see `test/fixtures/aws-events/README.md` for what each changes). */
export const DERIVED_EVENTS_DIR = resolve(import.meta.dirname, "../fixtures/aws-events");

/** A derived sample: the EC2 User Guide's state-change event, forwarded from member account 210987654321. */
export const memberAccountRunning = (): string =>
  readFileSync(resolve(DERIVED_EVENTS_DIR, "ec2-state-change-running.member-account.json"), "utf8");

/** A sample's text, byte for byte as stored. */
export function awsEvent(name: AwsEventSample): string {
  const path = resolve(AWS_EVENTS_DIR, `${name}.json`);
  if (!existsSync(path))
    throw new Error(
      `AWS event sample ${path} not found: link the shared directory next to the checkout (../shared)`,
    );
  return readFileSync(path, "utf8");
}

/**
 * An SQS event of the documented record (`sqs-record-envelope.docs`), one record per body; `receiveCount` sets
 * the records' `ApproximateReceiveCount` (the sample's is 1).
 */
export function sqsEnvelope(bodies: readonly string[], options: { receiveCount?: number } = {}): SQSEvent {
  const record = JSON.parse(awsEvent("sqs-record-envelope.docs")) as SQSRecord;
  const attributes =
    options.receiveCount === undefined
      ? record.attributes
      : { ...record.attributes, ApproximateReceiveCount: String(options.receiveCount) };
  return {
    Records: bodies.map((body, i) => ({
      ...record,
      ...(bodies.length > 1
        ? { messageId: `${record.messageId}-${i}`, receiptHandle: `${record.receiptHandle}${i}` }
        : {}),
      attributes,
      body,
    })),
  };
}

/** The fields of an EC2 or SSM sample a test may vary, by what they mean. */
export interface SampleChanges {
  /** `detail.instance-id`, and the instance in the ARNs of `resources`. */
  instanceId?: string;
  /** `region`, and the region in the ARNs of `resources`. */
  region?: string;
  /** `detail.state` (EC2 state change). */
  state?: string;
  /** `detail.status` (SSM command invocation). */
  status?: string;
  /** `detail.command-id`. */
  commandId?: string;
  /** `detail.document-name`. */
  documentName?: string;
  /** `detail.requested-date-time`. */
  requestedAt?: string;
}

const DETAIL_KEYS = {
  instanceId: "instance-id",
  state: "state",
  status: "status",
  commandId: "command-id",
  documentName: "document-name",
  requestedAt: "requested-date-time",
} as const;

/**
 * A sample with the named fields changed and everything else as AWS wrote it. A field the sample does not have
 * is a mistake in the test (e.g. `state` on an SSM event) and throws, naming the field and the sample.
 */
export function awsEventWith(name: AwsEventSample, changes: SampleChanges): string {
  const event = JSON.parse(awsEvent(name)) as {
    region: string;
    resources: string[];
    detail: Record<string, unknown>;
  };
  for (const [field, key] of Object.entries(DETAIL_KEYS) as [keyof typeof DETAIL_KEYS, string][]) {
    const value = changes[field];
    if (value === undefined) continue;
    if (!(key in event.detail)) throw new Error(`${name} has no detail.${key}: ${field} cannot be changed`);
    event.detail[key] = value;
  }
  const region = changes.region ?? event.region;
  event.region = region;
  event.resources = event.resources.map((arn) => {
    const [, partition, service, , account, resource] = arn.split(":");
    const id = changes.instanceId ?? resource?.split("/")[1];
    return `arn:${partition}:${service}:${region}:${account}:instance/${id}`;
  });
  return JSON.stringify(event);
}
