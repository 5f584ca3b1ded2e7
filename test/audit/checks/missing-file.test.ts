import { describe, expect, it } from "vitest";
import { findingsOf } from "../../support/audit";
import { BucketFixture, HOUR, NOW } from "../../support/blocks";

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
});
