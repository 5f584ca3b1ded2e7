import { BucketFixture, HOUR, metaOf, NOW, ulidAt } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { missingFile } from "../../../packages/audit/src/checks/missing-file.js";
import { findingsOf, runCheck } from "../../support/audit";

describe("missing-file", () => {
  it.each([
    { name: "all files present", change: () => {}, evidence: undefined },
    {
      name: "chunks deleted",
      change: (f: BucketFixture, u: string) => f.objects.delete(`${u}/chunks/000001`),
      evidence: "chunks/000001 absent",
    },
    {
      name: "index truncated",
      change: (f: BucketFixture, u: string) => f.put(`${u}/index`, "", NOW, 10),
      evidence: "index is 10 bytes, meta.json says 200",
    },
  ])("$name", ({ change, evidence }) => {
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: NOW - 10 * HOUR, maxTime: NOW - 8 * HOUR });
    change(fixture, ulid);
    const findings = findingsOf(fixture, "missing-file");
    expect(findings.map((f) => f.evidence)).toEqual(evidence ? [evidence] : []);
    if (evidence) expect(findings[0]).toMatchObject({ severity: "critical", subject: ulid });
  });

  /** A block whose meta.json lists `files` (or none) and whose prefix holds `objects` (path -> size). */
  function blockWith(
    files: { rel_path: string; size_bytes?: number }[] | undefined,
    objects: Record<string, number>,
  ): [BucketFixture, string] {
    const fixture = new BucketFixture();
    const ulid = ulidAt(NOW - 7 * HOUR);
    const meta = metaOf({ ulid, minTime: NOW - 10 * HOUR, maxTime: NOW - 8 * HOUR });
    const thanos = { ...meta.thanos, files };
    if (!files) delete thanos.files;
    for (const [path, size] of Object.entries(objects))
      fixture.put(`${ulid}/${path}`, "", NOW - 7 * HOUR, size);
    fixture.put(`${ulid}/meta.json`, JSON.stringify({ ...meta, thanos }), NOW - 7 * HOUR);
    return [fixture, ulid];
  }

  it("has nothing to compare when meta.json lists no files (older uploaders)", () => {
    const [fixture] = blockWith(undefined, { index: 5 });
    expect(runCheck(missingFile, fixture)).toEqual([]);
  });

  it("checks only presence of a file listed without a size, and never meta.json itself", () => {
    const [fixture] = blockWith([{ rel_path: "index" }, { rel_path: "meta.json", size_bytes: 1 }], {
      index: 77,
    });
    expect(findingsOf(fixture, "missing-file")).toEqual([]);
  });

  it.each([
    { count: 3, evidence: "chunks/000001 absent; chunks/000002 absent; chunks/000003 absent" },
    { count: 5, evidence: "chunks/000001 absent; chunks/000002 absent; chunks/000003 absent; 2 more" },
  ])("names the first three of $count wrong files", ({ count, evidence }) => {
    const files = Array.from({ length: count }, (_, i) => ({
      rel_path: `chunks/00000${i + 1}`,
      size_bytes: 9,
    }));
    const [fixture, ulid] = blockWith(files, {});
    expect(findingsOf(fixture, "missing-file")).toEqual([
      {
        id: "missing-file",
        severity: "critical",
        subject: ulid,
        evidence,
        fix: "queries and compaction of this block fail: re-upload it from its source, or mark it for deletion",
      },
    ]);
  });
});
