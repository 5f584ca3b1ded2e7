import { z } from "zod";
import { MalformedEventError } from "./errors.js";
import type { InstanceRef } from "./instance.js";

const instanceId = z.string().regex(/^i-[0-9a-f]{8,17}$/, "not an EC2 instance id");
const region = z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not an AWS region");

/** EventBridge envelope: AWS may add fields, so unknown keys pass; the ones read are checked. */
const envelope = <S extends string, D extends string, T extends z.ZodType>(
  source: S,
  detailType: D,
  detail: T,
) =>
  z.looseObject({
    id: z.string().min(1),
    source: z.literal(source),
    "detail-type": z.literal(detailType),
    account: z.string().regex(/^\d{12}$/, "not an account id"),
    region,
    time: z.iso.datetime(),
    detail,
  });

export const stateChangeEvent = envelope(
  "aws.ec2",
  "EC2 Instance State-change Notification",
  z.looseObject({
    "instance-id": instanceId,
    state: z.enum(["pending", "running", "stopping", "stopped", "shutting-down", "terminated"]),
  }),
);

/**
 * The statuses an SSM command invocation reports: SSM's `CommandInvocationStatus` (Pending, InProgress, Delayed,
 * Success, Cancelled, TimedOut, Failed, Cancelling), and the detailed statuses that name why an invocation ended
 * (DeliveryTimedOut, ExecutionTimedOut, Undeliverable, Terminated).
 */
export const COMMAND_STATUSES = [
  "Pending",
  "InProgress",
  "Delayed",
  "Success",
  "Cancelled",
  "Cancelling",
  "TimedOut",
  "Failed",
  "DeliveryTimedOut",
  "ExecutionTimedOut",
  "Undeliverable",
  "Terminated",
] as const;

/** One of {@link COMMAND_STATUSES}. */
export type CommandStatus = (typeof COMMAND_STATUSES)[number];

export const commandInvocationEvent = envelope(
  "aws.ssm",
  "EC2 Command Invocation Status-change Notification",
  z.looseObject({
    "command-id": z.string().min(1),
    "document-name": z.string().min(1),
    "instance-id": instanceId,
    "requested-date-time": z.string().refine((v) => Number.isFinite(Date.parse(v)), "not a date-time"),
    status: z.enum(COMMAND_STATUSES),
  }),
);

/** A finished command invocation of fleetwatch's document on one instance. */
export interface CommandResult extends InstanceRef {
  commandId: string;
  documentName: string;
  /** When the command was requested (orders results against the instance's `since` tag). */
  requestedAt: Date;
  /** SSM's status of the invocation. */
  status: CommandStatus;
}

/** A JSON message body checked against `schema`; the first issue becomes the reason. @throws MalformedEventError */
export function parseBody<T extends z.ZodType>(schema: T, what: string, body: string): z.output<T> {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (cause) {
    throw new MalformedEventError(what, "the message body is not JSON", { cause });
  }
  const result = schema.safeParse(json);
  if (!result.success) {
    const issue = result.error.issues[0];
    const at = issue?.path.length ? issue.path.join(".") : "(root)";
    throw new MalformedEventError(what, `${at}: ${issue?.message ?? "invalid"}`, { cause: result.error });
  }
  return result.data;
}

/**
 * The instance a state-change event names (in the event's account: forwarded events of member accounts keep
 * theirs), and its new state. @throws MalformedEventError
 */
export function parseStateChange(body: string): Required<InstanceRef> & { state: string } {
  const event = parseBody(stateChangeEvent, "EC2 state-change event", body);
  return {
    id: event.detail["instance-id"],
    region: event.region,
    account: event.account,
    state: event.detail.state,
  };
}

/** The result a command invocation event reports, in the event's account. @throws MalformedEventError */
export function parseCommandResult(body: string): CommandResult {
  const event = parseBody(commandInvocationEvent, "SSM command invocation event", body);
  return {
    id: event.detail["instance-id"],
    region: event.region,
    account: event.account,
    commandId: event.detail["command-id"],
    documentName: event.detail["document-name"],
    requestedAt: new Date(event.detail["requested-date-time"]),
    status: event.detail.status,
  };
}
