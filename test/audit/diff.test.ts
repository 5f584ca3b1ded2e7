import { diffReports, type Finding } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";

const f = (id: Finding["id"], subject: string, severity: Finding["severity"]): Finding => ({
  id,
  subject,
  severity,
  evidence: "e",
  fix: "f",
});

describe("diffReports", () => {
  it.each([
    {
      name: "first run",
      before: undefined,
      after: [f("overlap", "A", "critical")],
      raised: ["overlap A"],
      resolved: [],
    },
    {
      name: "nothing changed",
      before: [f("overlap", "A", "critical")],
      after: [f("overlap", "A", "critical")],
      raised: [],
      resolved: [],
    },
    {
      name: "escalated",
      before: [f("stream-stale", "s", "warning")],
      after: [f("stream-stale", "s", "critical")],
      raised: ["stream-stale s"],
      resolved: [],
    },
    {
      name: "de-escalated (not news)",
      before: [f("stream-stale", "s", "critical")],
      after: [f("stream-stale", "s", "warning")],
      raised: [],
      resolved: [],
    },
    {
      name: "resolved",
      before: [f("overlap", "A", "critical")],
      after: [],
      raised: [],
      resolved: ["overlap A"],
    },
    { name: "info only", before: [], after: [f("no-compact-mark", "B", "info")], raised: [], resolved: [] },
  ])("$name", ({ before, after, raised, resolved }) => {
    const change = diffReports(before ? { findings: before } : undefined, { findings: after });
    expect(change.raised.map((x) => `${x.id} ${x.subject}`)).toEqual(raised);
    expect(change.resolved.map((x) => `${x.id} ${x.subject}`)).toEqual(resolved);
  });
});
