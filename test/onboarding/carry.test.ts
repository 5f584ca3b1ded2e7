import { CARRY_KIND, carryBody, parseLaunchMessage } from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";
import { awsEvent } from "../support/aws-events";

describe("parseLaunchMessage", () => {
  const event = awsEvent("ec2-state-change-pending.docs");

  it.each([
    [1, 0],
    [2, 1],
    [5, 4],
    [0, 0],
  ])("counts an event received %i times as %i passes", (receives, passes) => {
    expect(parseLaunchMessage(event, receives)).toEqual([
      { id: "i-1234567890abcdef0", region: "us-east-1", account: "123456789012", state: "pending", passes },
    ]);
  });

  it("counts a first receive by default", () => {
    expect(parseLaunchMessage(event)[0]?.passes).toBe(0);
  });

  it("reads a carried message as running instances with their passes", () => {
    const body = carryBody([
      { id: "i-12345678", region: "us-gov-east-1", passes: 2 },
      { id: "i-1234567890abcdef0", region: "eu-west-1", passes: 1 },
    ]);
    expect(JSON.parse(body)).toEqual({
      kind: "fleetwatch.onboarding.carry",
      instances: [
        { id: "i-12345678", region: "us-gov-east-1", passes: 2 },
        { id: "i-1234567890abcdef0", region: "eu-west-1", passes: 1 },
      ],
    });
    expect(parseLaunchMessage(body, 7)).toEqual([
      { id: "i-12345678", region: "us-gov-east-1", passes: 2, state: "running" },
      { id: "i-1234567890abcdef0", region: "eu-west-1", passes: 1, state: "running" },
    ]);
  });

  it("carries a waiting instance's launch time, to the millisecond", () => {
    const launchedAt = new Date("2026-11-29T23:01:02.345Z");
    const body = carryBody([{ id: "i-12345678", region: "us-east-1", passes: 2, launchedAt }]);
    expect(JSON.parse(body).instances[0].launchedAt).toBe("2026-11-29T23:01:02.345Z");
    expect(parseLaunchMessage(body)).toEqual([
      { id: "i-12345678", region: "us-east-1", passes: 2, state: "running", launchedAt },
    ]);
  });

  const carried = (instance: Record<string, unknown>) =>
    JSON.stringify({
      kind: CARRY_KIND,
      instances: [{ id: "i-12345678", region: "us-east-1", passes: 1, ...instance }],
    });
  it.each([
    [{ id: "xi-12345678" }, "instances.0.id: not an EC2 instance id"],
    [{ id: "i-12345678x" }, "instances.0.id: not an EC2 instance id"],
    [{ region: "xus-east-1" }, "instances.0.region: not an AWS region"],
    [{ region: "us-east-1x" }, "instances.0.region: not an AWS region"],
    [{ passes: 0 }, "instances.0.passes: Too small: expected number to be >=1"],
    [{ extra: true }, 'instances.0: Unrecognized key: "extra"'],
    [{ launchedAt: "yesterday" }, "instances.0.launchedAt: Invalid ISO datetime"],
  ])("refuses a carried instance %j with its reason", (instance, reason) => {
    expect(() => parseLaunchMessage(carried(instance))).toThrow(
      `malformed carried onboarding message: ${reason}`,
    );
  });

  it.each([
    ["null", "(root): Invalid input: expected object, received null"],
    ["42", "(root): Invalid input: expected object, received number"],
    ['{"kind":"other"}', expect.anything()],
  ])("reads %s, which is not a carried message, as an EC2 event", (body, reason) => {
    expect(() => parseLaunchMessage(body)).toThrow("malformed EC2 state-change event: ");
    if (typeof reason === "string") expect(() => parseLaunchMessage(body)).toThrow(reason);
  });
});
