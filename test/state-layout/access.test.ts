import { AUDIT_ADAPTER_CALLS } from "@fleetwatch/audit-aws/calls";
import type { AwsCall } from "@fleetwatch/conformance";
import { RESERVATION_LEDGER_CALLS, STATUS_STORE_CALLS } from "@fleetwatch/onboarding-aws/calls";
import {
  CONFIG_POINTER_KEY,
  configFileKey,
  DISCOVERY_REFRESH_STATUS_KEY,
  healthAccess,
  LATEST_REPORT_KEY,
  REPORTS_PREFIX,
  reportKey,
  STATE_ACCESS,
  STATE_EXPIRY,
  type StateWorkload,
  under,
} from "@fleetwatch/state-layout";
import { describe, expect, it } from "vitest";
import { CONFIG_FETCH_CALLS } from "../../stacks/monitoring/calls";

/** The state bucket's keys the calls of `action` touch. */
function stateKeys(calls: readonly AwsCall[], action: AwsCall["action"]): string[] {
  return calls.flatMap((c) => {
    const target = c.target as { bucket?: string; key?: string } | string;
    return c.action === action && typeof target === "object" && target.bucket === "state" && target.key
      ? [target.key]
      : [];
  });
}

const workloads = Object.keys(STATE_ACCESS) as StateWorkload[];
const writers = (key: string) => workloads.filter((w) => under(STATE_ACCESS[w].readWrite, key));
const readers = (key: string) =>
  workloads.filter((w) => under([...STATE_ACCESS[w].readWrite, ...STATE_ACCESS[w].read], key));

const ADAPTER_CALLS = [...AUDIT_ADAPTER_CALLS, ...STATUS_STORE_CALLS, ...RESERVATION_LEDGER_CALLS];

describe("STATE_ACCESS", () => {
  const written = stateKeys(ADAPTER_CALLS, "s3:PutObject");

  it("finds the keys the adapters write in their call lists", () => {
    expect(written.length).toBeGreaterThanOrEqual(7);
  });

  it.each(written)("lets a Lambda write %s", (key) => {
    expect(writers(key).filter((w) => w !== "deploy")).not.toEqual([]);
  });

  it.each(stateKeys([...ADAPTER_CALLS, ...CONFIG_FETCH_CALLS], "s3:GetObject"))(
    "lets someone read %s",
    (key) => {
      expect(readers(key)).not.toEqual([]);
    },
  );

  it.each([CONFIG_POINTER_KEY, configFileKey("0123", "prometheus/prometheus.yml")])(
    "leaves the rendered config (%s) to the deploy and the discovery refresh: the monitoring tasks only read it",
    (key) => {
      expect(writers(key)).toEqual(["discoveryRefresh", "deploy"]);
      expect(readers(key)).toContain("monitoringConfig");
    },
  );

  it("gives every prefix a trailing slash, so a grant never spills into a sibling (reports-old/)", () => {
    const prefixes = workloads.flatMap((w) => [...STATE_ACCESS[w].readWrite, ...STATE_ACCESS[w].read]);
    expect(prefixes.filter((p) => !p.endsWith("/"))).toEqual([]);
  });
});

describe("healthAccess", () => {
  it("lets the health Lambdas read the discovery refresh's status in Organization mode only, and never write it", () => {
    expect(healthAccess(false)).toBe(STATE_ACCESS.health);
    expect(under(healthAccess(false).read, DISCOVERY_REFRESH_STATUS_KEY)).toBe(false);
    expect(under(healthAccess(true).read, DISCOVERY_REFRESH_STATUS_KEY)).toBe(true);
    expect(healthAccess(true).readWrite).toEqual(STATE_ACCESS.health.readWrite);
    expect(writers(DISCOVERY_REFRESH_STATUS_KEY)).toEqual(["discoveryRefresh"]);
  });
});

describe("STATE_EXPIRY", () => {
  it("expires the reports, and only under reports/", () => {
    const covering = (key: string) => STATE_EXPIRY.filter((r) => key.startsWith(r.prefix));
    expect(covering(reportKey("2026-01-01T00:00:00.000Z"))).toEqual([
      { id: "expire-old-reports", prefix: REPORTS_PREFIX, days: 90 },
    ]);
    expect(covering(LATEST_REPORT_KEY)).toHaveLength(1);
    expect(covering(CONFIG_POINTER_KEY)).toEqual([]);
  });

  it("gives every rule its own id and a positive number of days", () => {
    expect(new Set(STATE_EXPIRY.map((r) => r.id)).size).toBe(STATE_EXPIRY.length);
    expect(STATE_EXPIRY.every((r) => Number.isInteger(r.days) && r.days > 0)).toBe(true);
  });
});
