import { BucketFixture, HOUR, NOW, ulidAt } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

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

  /** A prefix without meta.json, its ULID and its one object both `ageMs` old. */
  function partialAged(ageMs: number): [BucketFixture, string] {
    const fixture = new BucketFixture();
    const ulid = ulidAt(NOW - ageMs);
    fixture.put(`${ulid}/chunks/000001`, "x", NOW - ageMs);
    return [fixture, ulid];
  }

  it.each([
    { age: "exactly 2h", ageMs: 2 * HOUR, severity: undefined },
    { age: "2h + 1 ms", ageMs: 2 * HOUR + 1, severity: "warning" },
    { age: "exactly 48h + 6h", ageMs: 54 * HOUR, severity: "warning" },
    { age: "54h + 1 ms", ageMs: 54 * HOUR + 1, severity: "critical" },
  ])("a prefix $age old: $severity", ({ ageMs, severity }) => {
    const [fixture] = partialAged(ageMs);
    expect(findingsOf(fixture, "partial-upload").map((f) => f.severity)).toEqual(severity ? [severity] : []);
  });

  it("dates a prefix by its newest object, not its ULID, while an old block is being uploaded", () => {
    const fixture = new BucketFixture();
    const ulid = ulidAt(NOW - 50 * HOUR);
    fixture.put(`${ulid}/chunks/000001`, "x", NOW - HOUR);
    expect(findingsOf(fixture, "partial-upload")).toEqual([]);
  });

  it.each([
    {
      ageH: 3,
      severity: "warning",
      evidence: "1 object(s) and no meta.json, newest written 3h ago",
      fix: "an upload was interrupted: check the uploader's logs; the compactor deletes the prefix after 48h",
    },
    {
      ageH: 60,
      severity: "critical",
      evidence:
        "1 object(s) and no meta.json, newest written 2d12h ago; the compactor removes these after 48h and has not",
      fix: "the compactor is not cleaning: check it runs; the prefix can be deleted by hand",
    },
  ])("says what a $severity partial upload needs", ({ ageH, severity, evidence, fix }) => {
    const [fixture, ulid] = partialAged(ageH * HOUR);
    expect(findingsOf(fixture, "partial-upload")).toEqual([
      { id: "partial-upload", severity, subject: ulid, evidence, fix },
    ]);
  });
});
