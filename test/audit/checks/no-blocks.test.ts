import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0, ulidAt } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";

describe("no-blocks", () => {
  it.each([
    { expected: [], severity: "warning" },
    { expected: [STREAM_A0], severity: "critical" },
  ])(
    "reports an empty bucket, $severity with $expected.length expected stream(s)",
    ({ expected, severity }) => {
      const findings = findingsOf(new BucketFixture(), "no-blocks", {
        config: { expectedStreams: expected },
      });
      expect(findings).toEqual([
        expect.objectContaining({ severity, subject: "bucket", evidence: "the bucket is empty (0 objects)" }),
      ]);
      expect(findings[0]?.fix).toContain("sidecars upload to this bucket");
    },
  );

  it("names what a bucket of junk holds instead of blocks", () => {
    const fixture = new BucketFixture();
    for (const key of [
      "bin/ls",
      "bin/cat",
      "lib/x.so",
      "README",
      "share/doc/a",
      "src/b",
      "games/c",
      "local/d",
    ])
      fixture.put(key, "x", NOW);
    const [finding, ...rest] = findingsOf(fixture, "no-blocks");
    expect(rest).toEqual([]);
    expect(finding?.evidence).toBe(
      "8 object(s) and no loadable block: 8 object(s) outside <ULID>/ prefixes, e.g. README, bin/, games/, lib/, local/",
    );
    expect(finding?.fix).toContain("not a Thanos bucket");
  });

  it("counts partial, corrupt and deletion-marked blocks as no blocks", () => {
    const fixture = new BucketFixture();
    fixture.put(`${ulidAt(NOW - 5 * HOUR)}/chunks/000001`, "x", NOW - 5 * HOUR);
    fixture.put(`${ulidAt(NOW - 4 * HOUR)}/meta.json`, "{", NOW - 4 * HOUR);
    const [finding] = findingsOf(fixture, "no-blocks");
    expect(finding?.evidence).toBe(
      "2 object(s) and no loadable block: 1 block prefix(es) without meta.json; 1 with an unreadable meta.json",
    );
  });

  it("stays quiet with one live block, or when the bucket could not be read", () => {
    const fixture = new BucketFixture();
    rawBlocks(fixture, STREAM_A0, NOW - 4 * HOUR, NOW - 2 * HOUR);
    expect(findingsOf(fixture, "no-blocks")).toEqual([]);
    expect(findingsOf(new BucketFixture(), "no-blocks", { bucketError: "list: denied" })).toEqual([]);
  });

  it("counts every prefix without meta.json and every unreadable meta.json", () => {
    const fixture = new BucketFixture();
    for (const ageH of [5, 6])
      fixture.put(`${ulidAt(NOW - ageH * HOUR)}/chunks/000001`, "x", NOW - ageH * HOUR);
    for (const ageH of [3, 4]) fixture.put(`${ulidAt(NOW - ageH * HOUR)}/meta.json`, "{", NOW - ageH * HOUR);
    expect(findingsOf(fixture, "no-blocks").map((f) => f.evidence)).toEqual([
      "4 object(s) and no loadable block: 2 block prefix(es) without meta.json; 2 with an unreadable meta.json",
    ]);
  });

  it("does not count a corrupt marker as an unreadable meta.json", () => {
    const fixture = new BucketFixture();
    const ulid = ulidAt(NOW - 5 * HOUR);
    fixture.put(`${ulid}/chunks/000001`, "x", NOW - 5 * HOUR);
    fixture.put(`${ulid}/no-compact-mark.json`, "{", NOW - 5 * HOUR);
    expect(findingsOf(fixture, "no-blocks").map((f) => f.evidence)).toEqual([
      "2 object(s) and no loadable block: 1 block prefix(es) without meta.json",
    ]);
  });

  it("counts blocks marked for deletion apart from deletions whose meta.json is already gone", () => {
    const fixture = new BucketFixture();
    const marked = fixture.block({ minTime: NOW - 40 * HOUR, maxTime: NOW - 38 * HOUR });
    const deleting = ulidAt(NOW - 30 * HOUR);
    fixture.put(`${deleting}/index`, "x", NOW - 30 * HOUR);
    for (const ulid of [marked, deleting])
      fixture.marker(
        ulid,
        "deletion-mark.json",
        { deletion_time: Math.floor(NOW / 1000) - 3600 },
        NOW - HOUR,
      );
    expect(findingsOf(fixture, "no-blocks")).toEqual([
      {
        id: "no-blocks",
        severity: "warning",
        subject: "bucket",
        evidence:
          "6 object(s) and no loadable block: 1 block prefix(es) without meta.json; 1 marked for deletion",
        fix: "check that the sidecars upload to this bucket and prefix (their objstore config and upload logs)",
      },
    ]);
  });

  it("cuts the evidence at 300 characters", () => {
    const fixture = new BucketFixture();
    for (const c of "abcdef") fixture.put(`${c.repeat(80)}/x`, "x", NOW);
    const [finding] = findingsOf(fixture, "no-blocks");
    expect(finding?.evidence).toHaveLength(300);
    expect(finding?.evidence).toMatch(
      /^6 object\(s\) and no loadable block: 6 object\(s\) outside <ULID>\/ prefixes/,
    );
  });

  it("takes a bucket with block prefixes besides other objects for a Thanos bucket", () => {
    const fixture = new BucketFixture();
    fixture.put(`${ulidAt(NOW - 5 * HOUR)}/chunks/000001`, "x", NOW - 5 * HOUR);
    fixture.put("debug/metas/x.json", "{}", NOW);
    const [finding] = findingsOf(fixture, "no-blocks");
    expect(finding?.fix).toBe(
      "check that the sidecars upload to this bucket and prefix (their objstore config and upload logs)",
    );
  });
});
