import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, HOUR, NOW, ulidAt } from "../../support/blocks";

describe("partial-upload", () => {
  it.each([
    { ageH: 1, severity: undefined },
    { ageH: 3, severity: "warning" },
    { ageH: 49, severity: "warning" },
    { ageH: 60, severity: "critical" },
  ])("a prefix without meta.json written $ageH h ago: $severity", ({ ageH, severity }) => {
    const fixture = new BucketFixture();
    const ulid = ulidAt(NOW - ageH * HOUR);
    fixture.put(`${ulid}/chunks/000001`, "x", NOW - ageH * HOUR);
    const findings = findingsOf(fixture, "partial-upload");
    expect(findings.map((f) => f.severity)).toEqual(severity ? [severity] : []);
    if (severity) expect(findings[0]?.subject).toBe(ulid);
  });

  it("does not report a block being deleted (deletion mark, meta.json already gone)", () => {
    const fixture = new BucketFixture();
    const ulid = ulidAt(NOW - 10 * HOUR);
    fixture.put(`${ulid}/chunks/000001`, "x", NOW - 10 * HOUR);
    fixture.marker(ulid, "deletion-mark.json", { deletion_time: Math.floor(NOW / 1000) - 3600 }, NOW - HOUR);
    expect(findingsOf(fixture, "partial-upload")).toEqual([]);
  });

  it("ignores prefixes that are not ULIDs, as Thanos does", () => {
    const fixture = new BucketFixture();
    fixture.put("debug/metas/x.json", "{}", NOW - 100 * HOUR);
    fixture.put("bucket-web-cache/file", "", NOW - 100 * HOUR);
    expect(findingsOf(fixture, "partial-upload")).toEqual([]);
  });
});
