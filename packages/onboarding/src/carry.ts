import { z } from "zod";
import { parseBody, parseStateChange } from "./events.js";
import type { InstanceRef } from "./instance.js";

/**
 * Instances a launch pass carries over to a later pass (not Online with SSM yet, or throttled): one message on
 * the launch queue for many instances, instead of one visibility change per event message. Its own format, so
 * it can never be mistaken for an EventBridge event.
 */
export const CARRY_KIND = "fleetwatch.onboarding.carry";

/**
 * Instances per carried message: about 70 bytes each (90 with a member account, 130 with a launch time), so a
 * message stays far below SQS's 256 KiB.
 */
export const CARRY_MAX_INSTANCES = 1000;

/** What a launch-queue message asks for: an instance, its state, and how many passes already looked at it. */
export interface LaunchItem extends InstanceRef {
  state: string;
  /** Passes that already carried it over (0 for an EC2 event seen for the first time). */
  passes: number;
  /**
   * When it was launched, as the pass that carried it saw it (carried `waiting` instances only): a later pass
   * asks SSM first and describes the instance only once it is Online or past the readiness bound (see
   * `readiness.ts`). Absent on EC2 events and on instances carried for another reason.
   */
  launchedAt?: Date;
}

const carried = z.strictObject({
  kind: z.literal(CARRY_KIND),
  instances: z
    .array(
      z.strictObject({
        id: z.string().regex(/^i-[0-9a-f]{8,17}$/, "not an EC2 instance id"),
        region: z.string().regex(/^[a-z]{2}(-[a-z]+)+-\d$/, "not an AWS region"),
        account: z
          .string()
          .regex(/^\d{12}$/, "not an account id")
          .optional(),
        passes: z.number().int().min(1),
        launchedAt: z.iso.datetime().optional(),
      }),
    )
    .min(1)
    .max(CARRY_MAX_INSTANCES),
});

/** The body of a carried message for these instances (each with the passes that carried it, this one included). */
export function carryBody(
  instances: readonly (InstanceRef & { passes: number; launchedAt?: Date | undefined })[],
): string {
  return JSON.stringify({
    kind: CARRY_KIND,
    instances: instances.map(({ id, region, account, passes, launchedAt }) => ({
      id,
      region,
      ...(account ? { account } : {}),
      passes,
      ...(launchedAt ? { launchedAt: launchedAt.toISOString() } : {}),
    })),
  });
}

/**
 * What a launch-queue message names: an EC2 state-change event (its receives beyond the first count as passes,
 * for a message retried by visibility) or a carried message. @throws MalformedEventError
 */
export function parseLaunchMessage(body: string, receiveCount = 1): LaunchItem[] {
  if (isCarried(body))
    return parseBody(carried, "carried onboarding message", body).instances.map(({ launchedAt, ...i }) => ({
      ...i,
      state: "running",
      ...(launchedAt ? { launchedAt: new Date(launchedAt) } : {}),
    }));
  return [{ ...parseStateChange(body), passes: Math.max(0, receiveCount - 1) }];
}

function isCarried(body: string): boolean {
  try {
    return (JSON.parse(body) as { kind?: unknown } | null)?.kind === CARRY_KIND;
  } catch {
    return false;
  }
}
