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

/** A sample's text, byte for byte as stored. */
export function awsEvent(name: AwsEventSample): string {
  const path = resolve(AWS_EVENTS_DIR, `${name}.json`);
  if (!existsSync(path))
    throw new Error(
      `AWS event sample ${path} not found: link the shared directory next to the checkout (../shared)`,
    );
  return readFileSync(path, "utf8");
}

/** An SQS event of the documented record (`sqs-record-envelope.docs`), one record per body. */
export function sqsEnvelope(bodies: readonly string[]): SQSEvent {
  const record = JSON.parse(awsEvent("sqs-record-envelope.docs")) as SQSRecord;
  return {
    Records: bodies.map((body, i) => ({
      ...record,
      ...(bodies.length > 1
        ? { messageId: `${record.messageId}-${i}`, receiptHandle: `${record.receiptHandle}${i}` }
        : {}),
      body,
    })),
  };
}
