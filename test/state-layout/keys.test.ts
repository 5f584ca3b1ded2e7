import {
  AUDIT_CACHE_KEY,
  CONFIG_POINTER_KEY,
  configFileKey,
  DELIVERED_KEY,
  digestKey,
  digestPictureKey,
  LATEST_REPORT_KEY,
  ONBOARDING_STATUS_KEY,
  type PartName,
  parsePartKey,
  partKey,
  reportKey,
  reservationsKey,
  runPrefix,
} from "@fleetwatch/state-layout";
import { describe, expect, it } from "vitest";

// Keys already in buckets of deployed stages: renaming one orphans what is there, so each is pinned here.
describe("the state bucket's keys", () => {
  const late = new Date("2026-11-21T23:59:59.999Z");
  it.each<[string, string, string]>([
    ["a report", reportKey("2026-11-21T06:00:00.000Z"), "reports/2026-11-21T06:00:00.000Z.json"],
    ["the latest report", LATEST_REPORT_KEY, "reports/latest.json"],
    ["the delivery state", DELIVERED_KEY, "reports/delivered.json"],
    ["the audit cache", AUDIT_CACHE_KEY, "audit/cache.json.gz"],
    ["a digest picture (UTC day)", digestPictureKey(late, "timeline.png"), "digests/2026-11-21/timeline.png"],
    ["a digest message", digestKey(late), "digests/2026-11-21/digest.json"],
    ["the onboarding status", ONBOARDING_STATUS_KEY, "onboarding/status.json"],
    ["a run's prefix", runPrefix("r1"), "onboarding/runs/r1/"],
    ["a ledger", reservationsKey("eu-west-1"), "onboarding/reservations/eu-west-1.json"],
    [
      "a member account's ledger",
      reservationsKey("eu-west-1", "210987654321"),
      "onboarding/reservations/210987654321/eu-west-1.json",
    ],
    ["the config pointer", CONFIG_POINTER_KEY, "config/current"],
    ["a config file", configFileKey("abc", "thanos/objstore.yml"), "config/abc/thanos/objstore.yml"],
  ])("names %s", (_, key, expected) => {
    expect(key).toBe(expected);
  });
});

describe("partKey and parsePartKey", () => {
  it.each<PartName>([
    { runId: "2026-11-21T09:00:00.000Z-schedule", scope: "us-east-1", page: 0, kind: "page" },
    { runId: "r", scope: "123456789012.eu-west-1", page: 12345, kind: "last" },
    { runId: "r", scope: "ap-south-1", page: 7, kind: "failed" },
  ])("reads back the part it named: %o", (part) => {
    expect(parsePartKey(partKey(part))).toEqual(part);
  });

  it("pads the page to five digits, so a listing sorts pages in order", () => {
    expect(partKey({ runId: "r", scope: "us-east-1", page: 3, kind: "page" })).toBe(
      "onboarding/runs/r/us-east-1/00003.page.json",
    );
  });

  it.each([
    ONBOARDING_STATUS_KEY,
    "onboarding/runs/r/us-east-1/3.page.json",
    "onboarding/runs/r/us-east-1/00003.done.json",
    "onboarding/runs/r/00003.page.json",
  ])("is undefined for %s", (key) => {
    expect(parsePartKey(key)).toBeUndefined();
  });
});
