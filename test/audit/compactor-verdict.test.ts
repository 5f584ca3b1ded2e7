import { digestMessage } from "@fleetwatch/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { describe, expect, it } from "vitest";
import { renderTable } from "../../packages/cli/src/table.js";
import { reportOf } from "../support/audit";

const T = NOW - 48 * HOUR;

function healthy(): BucketFixture {
  const fixture = new BucketFixture();
  rawBlocks(fixture, STREAM_A0, NOW - 6 * HOUR, NOW - 2 * HOUR);
  return fixture;
}

describe("the report's compactor state", () => {
  it.each([
    { name: "a healthy bucket", fixture: healthy, state: "healthy", status: "healthy" },
    {
      name: "an overlap (the compactor will halt)",
      fixture: () => {
        const f = healthy();
        f.block({ minTime: T, maxTime: T + 2 * HOUR });
        f.block({ minTime: T + HOUR, maxTime: T + 3 * HOUR });
        return f;
      },
      state: "halting",
      status: "critical",
    },
    {
      name: "an overdue deletion (the compactor is not deleting)",
      fixture: () => {
        const f = healthy();
        const ulid = f.block({ minTime: NOW - 400 * HOUR, maxTime: NOW - 398 * HOUR });
        f.marker(ulid, "deletion-mark.json", { deletion_time: Math.floor((NOW - 300 * HOUR) / 1000) }, NOW);
        return f;
      },
      state: "not-deleting",
      status: "warning",
    },
    {
      name: "an empty bucket, no metrics",
      fixture: () => new BucketFixture(),
      state: "unknown",
      status: "warning",
    },
  ])("$name: $state ($status)", ({ fixture, state, status }) => {
    const report = reportOf(fixture());
    expect(report.compactor.state).toBe(state);
    expect(report.compactor.status).toBe(status);
  });

  it("is unknown when the bucket cannot be read and no other source is configured", () => {
    const report = reportOf(new BucketFixture(), { bucketError: "list: AccessDenied" });
    expect(report.compactor).toMatchObject({ state: "unknown", status: "warning" });
  });

  it("is healthy from metrics alone when the bucket is empty", () => {
    const report = reportOf(new BucketFixture(), {
      compactor: { metrics: { ok: true, value: { halted: 0, iterations: 3 } } },
    });
    expect(report.compactor.state).toBe("healthy");
  });

  it("prefers halting to the other states", () => {
    const report = reportOf(healthy(), {
      compactor: { metrics: { ok: true, value: { halted: 1, iterations: 3 } } },
    });
    expect(report.compactor).toMatchObject({ state: "halting", status: "critical" });
  });

  it("shows the state, never healthy, in the CLI header and the digest when findings say it will halt", () => {
    const fixture = healthy();
    fixture.block({ minTime: T, maxTime: T + 2 * HOUR });
    fixture.block({ minTime: T + HOUR, maxTime: T + 3 * HOUR });
    const report = reportOf(fixture);
    expect(renderTable(report).split("\n")[2]).toMatch(/^compactor: halting \(/);
    expect(JSON.stringify(digestMessage(report))).toMatch(/\*Compactor\* \S+ halting /);
  });
});
