import {
  MalformedEventError,
  parseCommandResult,
  parseStateChange,
  retryDelaySeconds,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";
import { awsEvent, awsEventWith, memberAccountRunning } from "../support/aws-events";
import { HAND_MADE } from "../support/hand-made-events";

describe("parseStateChange", () => {
  it.each([
    ["not JSON", "{", "malformed EC2 state-change event: the message body is not JSON"],
    [
      "an SSM event",
      awsEvent("ssm-command-invocation-status.docs"),
      'malformed EC2 state-change event: source: Invalid input: expected "aws.ec2"',
    ],
    [
      "an event without an instance id",
      HAND_MADE.runningWithoutId,
      "malformed EC2 state-change event: detail.instance-id: Invalid input: expected string, received undefined",
    ],
  ])("refuses %s with a reason", (_, body, message) => {
    expect(() => parseStateChange(body)).toThrow(MalformedEventError);
    expect(() => parseStateChange(body)).toThrow(message);
  });
});

describe("the documented AWS event samples", () => {
  it("reads the EC2 User Guide's pending event, which has no version key", () => {
    expect(JSON.parse(awsEvent("ec2-state-change-pending.docs"))).not.toHaveProperty("version");
    expect(parseStateChange(awsEvent("ec2-state-change-pending.docs"))).toEqual({
      id: "i-1234567890abcdef0",
      region: "us-east-1",
      account: "123456789012",
      state: "pending",
    });
  });

  it("keeps the account of an event a member account forwarded", () => {
    expect(parseStateChange(memberAccountRunning())).toEqual({
      id: "i-1234567890abcdef0",
      region: "us-east-1",
      account: "210987654321",
      state: "running",
    });
  });

  it("reads a running event captured from a real account", () => {
    expect(parseStateChange(awsEvent("ec2-state-change-running.captured"))).toEqual({
      id: "i-0533ccc4be7f511af",
      region: "ap-southeast-2",
      account: "776347453069",
      state: "running",
    });
  });

  it("reads the Systems Manager guide's command invocation event, with its 8-hex instance id", () => {
    expect(parseCommandResult(awsEvent("ssm-command-invocation-status.docs"))).toEqual({
      id: "i-9bb89e2b",
      region: "us-east-2",
      account: "123456789012",
      commandId: "e8d3c0e4-71f7-4491-898f-c9b35bee5f3b",
      documentName: "AWS-RunPowerShellScript",
      requestedAt: new Date("2016-07-10T21:51:30.049Z"),
      status: "Success",
    });
  });

  it("refuses an invocation event whose status SSM does not report, naming the key", () => {
    const body = awsEventWith("ssm-command-invocation-status.docs", { status: "Succeeded" });
    expect(() => parseCommandResult(body)).toThrow(MalformedEventError);
    expect(() => parseCommandResult(body)).toThrow(
      /^malformed SSM command invocation event: detail\.status: /,
    );
  });

  it.each(["InProgress", "DeliveryTimedOut", "Cancelling"] as const)(
    "reads the status %s as typed",
    (status) => {
      expect(parseCommandResult(awsEventWith("ssm-command-invocation-status.docs", { status })).status).toBe(
        status,
      );
    },
  );

  it("refuses the command-level status event as a result, saying which event it expected", () => {
    const body = awsEvent("ssm-command-status.docs");
    expect(() => parseCommandResult(body)).toThrow(MalformedEventError);
    expect(() => parseCommandResult(body)).toThrow(
      'malformed SSM command invocation event: detail-type: Invalid input: expected "EC2 Command Invocation Status-change Notification"',
    );
  });

  it("refuses an EC2 sample as a command result and an SSM sample as a state change", () => {
    expect(() => parseCommandResult(awsEvent("ec2-state-change-running.captured"))).toThrow(
      MalformedEventError,
    );
    expect(() => parseStateChange(awsEvent("ssm-command-invocation-status.docs"))).toThrow(
      MalformedEventError,
    );
  });
});

describe("retryDelaySeconds", () => {
  const at = (s: string) => new Date(`2026-11-21T10:00:${s}Z`);
  it.each([
    [1, at("00"), 30],
    [1, at("10"), 50],
    [2, at("00"), 60],
    [3, at("00"), 120],
    [9, at("00"), 300],
  ])(
    "receive %i at %o waits %i s (backoff, aligned to 30 s slots, at most 5 minutes)",
    (count, now, seconds) => {
      expect(retryDelaySeconds(count, now)).toBe(seconds);
    },
  );
});

/** The fields of an EC2 state-change event a test changes. */
interface StateChange {
  id: string;
  region: string;
  account: string;
  detail: Record<string, string>;
  extra?: number;
}
type Change = (e: StateChange) => unknown;

describe("parseStateChange, field by field", () => {
  const base = () => JSON.parse(awsEvent("ec2-state-change-pending.docs"));
  const reason = (change: Change) => {
    const event = base();
    change(event);
    try {
      parseStateChange(JSON.stringify(event));
    } catch (error) {
      return (error as Error).message;
    }
    return "parsed";
  };
  it.each<[string, Change, unknown]>([
    [
      "an instance id with a prefix",
      (e) => (e.detail["instance-id"] = "xi-1234567890abcdef0"),
      "detail.instance-id: not an EC2 instance id",
    ],
    [
      "an instance id with a suffix",
      (e) => (e.detail["instance-id"] = "i-1234567890abcdef0x"),
      "detail.instance-id: not an EC2 instance id",
    ],
    [
      "a short instance id",
      (e) => (e.detail["instance-id"] = "i-1234567"),
      "detail.instance-id: not an EC2 instance id",
    ],
    ["an 8-digit instance id", (e) => (e.detail["instance-id"] = "i-12345678"), "parsed"],
    ["a region with a prefix", (e) => (e.region = "xus-east-1"), "region: not an AWS region"],
    ["a region with a suffix", (e) => (e.region = "us-east-1x"), "region: not an AWS region"],
    ["a region of three parts", (e) => (e.region = "us-gov-east-1"), "parsed"],
    ["an account with a prefix", (e) => (e.account = "x123456789012"), "account: not an account id"],
    ["an account with a suffix", (e) => (e.account = "123456789012x"), "account: not an account id"],
    ["an empty id", (e) => (e.id = ""), "id: Too small: expected string to have >=1 characters"],
    [
      "an unknown state",
      (e) => (e.detail.state = "rebooting"),
      expect.stringContaining("detail.state: Invalid option"),
    ],
    ["an extra envelope key", (e) => (e.extra = 1), "parsed"],
  ])("%s", (_, change, expected) => {
    const got = reason(change);
    expect(got).toEqual(
      expected === "parsed"
        ? "parsed"
        : typeof expected === "string"
          ? `malformed EC2 state-change event: ${expected}`
          : expected,
    );
  });

  it("names the root when the body is not an object", () => {
    expect(() => parseStateChange("42")).toThrow(
      "malformed EC2 state-change event: (root): Invalid input: expected object, received number",
    );
  });

  it("accepts each state EC2 reports", () => {
    const states = ["pending", "running", "stopping", "stopped", "shutting-down", "terminated"];
    expect(
      states.map((state) => {
        const event = base();
        event.detail.state = state;
        return parseStateChange(JSON.stringify(event)).state;
      }),
    ).toEqual(states);
  });
});
