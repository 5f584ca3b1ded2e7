import { isActiveAccount } from "@fleetwatch/config";
import { describe, expect, it } from "vitest";

describe("isActiveAccount", () => {
  it.each([
    [{ state: "ACTIVE" }, true],
    [{ status: "ACTIVE" }, true],
    [{ state: "ACTIVE", status: "SUSPENDED" }, true],
    [{ state: "SUSPENDED" }, false],
    [{ state: "PENDING_CLOSURE" }, false],
    [{ state: "CLOSED" }, false],
    [{ status: "SUSPENDED" }, false],
    [{ state: "", status: "ACTIVE" }, true],
    [{}, false],
  ])(
    "takes %j as ACTIVE: %s (State first, the retired Status of older answers otherwise)",
    (account, active) => {
      expect(isActiveAccount(account)).toBe(active);
    },
  );
});
