import { BucketFixture, HOUR, metaOf, NOW, ulidAt } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

describe("corrupt-meta", () => {
  it.each([
    { file: "meta.json", body: "{not json", severity: "critical", says: "not JSON" },
    { file: "meta.json", body: JSON.stringify({ version: 1 }), severity: "critical", says: "ulid" },
    {
      file: "deletion-mark.json",
      body: JSON.stringify({ version: 1, deletion_time: "soon" }),
      severity: "warning",
      says: "id",
    },
    { file: "no-compact-mark.json", body: "[]", severity: "warning", says: "(root)" },
  ])("$file with $body is $severity", ({ file, body, severity, says }) => {
    const fixture = new BucketFixture();
    const ulid =
      file === "meta.json"
        ? ulidAt(NOW - 5 * HOUR)
        : fixture.block({ minTime: NOW - 30 * HOUR, maxTime: NOW - 28 * HOUR });
    fixture.put(`${ulid}/${file}`, body, NOW - HOUR);
    const findings = findingsOf(fixture, "corrupt-meta");
    expect(findings).toHaveLength(1);
    expect(findings[0]).toMatchObject({ severity, subject: ulid });
    expect(findings[0]?.evidence).toContain(says);
  });

  it("reports a meta.json whose ulid is another block's", () => {
    const fixture = new BucketFixture();
    const a = fixture.block({ minTime: NOW - 4 * HOUR, maxTime: NOW - 2 * HOUR });
    const b = ulidAt(NOW - 3 * HOUR);
    fixture.put(`${b}/meta.json`, fixture.bodies.get(`${a}/meta.json`) as string, NOW - HOUR);
    expect(findingsOf(fixture, "corrupt-meta").map((f) => f.evidence)).toEqual([
      `${b}/meta.json: ulid ${a} does not match its prefix`,
    ]);
  });

  it.each([
    {
      file: "meta.json",
      severity: "critical",
      fix: "the block is invisible to queries and compaction: restore meta.json from the uploader, or delete the block",
    },
    {
      file: "deletion-mark.json",
      severity: "warning",
      fix: "rewrite or delete deletion-mark.json (thanos tools bucket mark writes a valid one)",
    },
  ])("tells how to repair a corrupt $file", ({ file, severity, fix }) => {
    const fixture = new BucketFixture();
    const ulid =
      file === "meta.json"
        ? ulidAt(NOW - 5 * HOUR)
        : fixture.block({ minTime: NOW - 30 * HOUR, maxTime: NOW - 28 * HOUR });
    fixture.put(`${ulid}/${file}`, "{not json", NOW - HOUR);
    const [finding] = findingsOf(fixture, "corrupt-meta");
    expect(finding).toEqual({
      id: "corrupt-meta",
      severity,
      subject: ulid,
      evidence: expect.stringMatching(new RegExp(`^${ulid}/${file}: .*JSON`)),
      fix,
    });
  });

  it("cuts the evidence at 300 characters", () => {
    const fixture = new BucketFixture();
    const ulid = ulidAt(NOW - 5 * HOUR);
    const meta = metaOf({ ulid, minTime: NOW - 7 * HOUR, maxTime: NOW - 5 * HOUR });
    const labels = { ["k".repeat(400)]: 5 };
    fixture.put(`${ulid}/meta.json`, JSON.stringify({ ...meta, thanos: { ...meta.thanos, labels } }), NOW);
    const [finding] = findingsOf(fixture, "corrupt-meta");
    expect(finding?.evidence).toHaveLength(300);
    expect(finding?.evidence.startsWith(`${ulid}/meta.json: thanos.labels.kkk`)).toBe(true);
  });
});
