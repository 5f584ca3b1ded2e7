import { type RetryOptions, withRetry } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";

/** The domain's own failures: only a `Transient` is worth another attempt. */
class Transient extends Error {}
const noSleep: RetryOptions = {
  attempts: 3,
  baseMs: 1,
  maxMs: 1,
  sleep: async () => {},
  random: () => 0,
  retryable: (error) => error instanceof Transient,
};

/** A call failing with `error` its first `failures` times, then answering "ok"; counts its calls. */
function failing(error: unknown, failures = 1) {
  let calls = 0;
  return {
    fn: async () => {
      calls++;
      if (calls <= failures) throw error;
      return "ok";
    },
    calls: () => calls,
  };
}

describe("withRetry", () => {
  it("retries what the predicate accepts and answers once the call succeeds", async () => {
    const call = failing(new Transient("busy"), 2);
    await expect(withRetry("get x", call.fn, noSleep)).resolves.toBe("ok");
    expect(call.calls()).toBe(3);
  });

  it("gives up at once on what the predicate rejects, keeping it as the cause", async () => {
    const denied = new Error("denied");
    const call = failing(denied);
    await expect(withRetry("get x", call.fn, noSleep)).rejects.toMatchObject({
      name: "BucketReadError",
      cause: denied,
    });
    expect(call.calls()).toBe(1);
  });

  it("gives up after `attempts`, and the next call retries afresh", async () => {
    const busy = new Transient("busy");
    const call = failing(busy, 3);
    await expect(withRetry("get x", call.fn, noSleep)).rejects.toMatchObject({ cause: busy });
    expect(call.calls()).toBe(3);
    await expect(withRetry("get x", call.fn, noSleep)).resolves.toBe("ok");
  });
});
