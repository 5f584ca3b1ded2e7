import {
  MalformedEventError,
  newRun,
  nextItem,
  parseWorkItem,
  scopeOf,
  workItemBody,
} from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

const run = newRun("deploy", ["us-east-1"], new Date("2026-11-21T09:00:00Z"));

describe("work items", () => {
  it("round-trips through a message body, with the next page's token", () => {
    const next = nextItem({ run, region: "us-east-1", page: 0 }, "tok");
    expect(parseWorkItem(workItemBody(next))).toEqual({ run, region: "us-east-1", page: 1, token: "tok" });
    expect(run.id).toBe("2026-11-21T09:00:00.000Z-deploy");
  });

  it("keeps an account's scope apart from the region's", () => {
    expect(scopeOf({ region: "us-east-1" })).toBe("us-east-1");
    expect(scopeOf({ region: "us-east-1", account: "210987654321" })).toBe("210987654321.us-east-1");
    const item = { run, region: "us-east-1", account: "210987654321", page: 0 };
    expect(parseWorkItem(workItemBody(item))).toEqual(item);
  });

  it.each([
    ["not JSON", "{", "the message body is not JSON"],
    ["an unknown key", JSON.stringify({ run, region: "us-east-1", page: 0, extra: 1 }), "(root)"],
    ["a bad region", JSON.stringify({ run, region: "US", page: 0 }), "region: not an AWS region"],
    ["a negative page", JSON.stringify({ run, region: "us-east-1", page: -1 }), "page"],
  ])("rejects %s with a one-line reason", (_, body, reason) => {
    expect(() => parseWorkItem(body)).toThrow(MalformedEventError);
    expect(() => parseWorkItem(body)).toThrow(reason);
  });
});
