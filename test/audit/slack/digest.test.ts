import { type DigestOnboarding, digestMessage, mergeOnboarding } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../support/report";

const textOf = (m: ReturnType<typeof digestMessage>) => m.blocks.map((b) => JSON.stringify(b)).join("\n");

describe("digestMessage", () => {
  it("carries status, the freshness table, compactor, onboarding, top findings, picture and links", () => {
    const message = digestMessage(sampleReport(), {
      links: { grafana: "https://grafana.example/d/fleet", bucketWeb: "https://bucketweb.example" },
      onboarding: { instancesByStatus: { onboarded: 41, failed: 2 }, targetsDown: 3, targetsTotal: 43 },
      timelineUrl: "https://state.s3.amazonaws.com/timeline.png?X-Amz-Signature=abc",
    });
    expect(message.text).toBe("fleetwatch digest: critical (3 critical, 0 warning)");
    const text = textOf(message);
    expect(text).toContain("STATUS   NEWEST   STREAM");
    expect(text).toContain('critical     10h  {fleetwatch_group=\\"default\\",prometheus_replica=\\"1\\"}');
    expect(text).toContain("*Compactor*");
    expect(text).toContain(
      "*Onboarding* instances by status: failed: 2, onboarded: 41; targets down: 3 of 43",
    );
    expect(text).toContain(
      "<https://grafana.example/d/fleet|Grafana> · <https://bucketweb.example|Bucket Web>",
    );
    expect(message.blocks.find((b) => b.type === "image")).toMatchObject({
      image_url: expect.stringContaining("X-Amz-Signature"),
    });
  });

  it("says onboarding is not reported without its input, and stays within Slack's limits", () => {
    const message = digestMessage(sampleReport());
    expect(textOf(message)).toContain("*Onboarding* not reported");
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const b of message.blocks)
      if (b.type === "section") expect(b.text.text.length).toBeLessThanOrEqual(3000);
  });

  it("escapes label values in the freshness table: no mrkdwn control characters, no way out of the code block", () => {
    const report = sampleReport();
    const [first] = report.streams;
    if (!first) throw new Error("sample report without streams");
    report.streams = [{ ...first, stream: '{team="a&b <!channel>```*bold* `x`"}' }];
    const table = digestMessage(report).blocks.find(
      (b) => b.type === "section" && b.text.text.startsWith("*Freshness*"),
    );
    const text = table?.type === "section" ? table.text.text : "";
    expect(text).toContain('{team="a&amp;b &lt;!channel&gt;ˋˋˋ*bold* ˋxˋ"}');
    // Only the table's own fences remain.
    expect(text.match(/`/g)).toHaveLength(6);
  });

  it("says how many streams and findings it left out for Slack's limits", () => {
    const report = sampleReport();
    const [stream] = report.streams;
    const [finding] = report.findings;
    if (!stream || !finding) throw new Error("sample report without streams or findings");
    report.streams = Array.from({ length: 200 }, (_, i) => ({
      ...stream,
      stream: `{instance="host-${String(i).padStart(3, "0")}.example.internal:9100",job="node"}`,
    }));
    report.findings = Array.from({ length: 60 }, (_, i) => ({ ...finding, subject: `01BLOCK${i}` }));
    const message = digestMessage(report, { topFindings: 100 });
    const texts = message.blocks.map((b) => (b.type === "section" ? b.text.text : ""));
    const table = texts.find((t) => t.startsWith("*Freshness*")) ?? "";
    const shownRows = table.split("\n").filter((l) => l.includes("host-")).length;
    expect(table.length).toBeLessThanOrEqual(3000);
    expect(table).toMatch(new RegExp(`…and ${200 - shownRows} more streams \\(see report.json\\)_$`));
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    const shownFindings = texts.filter((t) => t.includes("01BLOCK")).length;
    expect(texts).toContain(`_…and ${60 - shownFindings} more warnings and criticals (see report.json)_`);
  });

  it("says how many findings beyond topFindings it left out, and nothing when it left none out", () => {
    const report = sampleReport();
    const serious = report.findings.filter((f) => f.severity !== "info").length;
    expect(serious).toBeGreaterThan(1);
    const texts = (m: ReturnType<typeof digestMessage>) =>
      m.blocks.map((b) => (b.type === "section" ? b.text.text : ""));
    expect(texts(digestMessage(report, { topFindings: 1 }))).toContain(
      `_…and ${serious - 1} more warnings and criticals (see report.json)_`,
    );
    expect(textOf(digestMessage(report))).not.toContain("more warnings");
  });

  it.each<[string, DigestOnboarding, string]>([
    [
      "both parts",
      { instancesByStatus: { installed: 40, none: 1 }, targetsDown: 1, targetsTotal: 40 },
      "*Onboarding* instances by status: installed: 40, none: 1; targets down: 1 of 40",
    ],
    [
      "Thanos unreadable",
      { instancesByStatus: { installed: 40 }, targetsError: "GET http://q:10902 up: HTTP 503" },
      "*Onboarding* instances by status: installed: 40; targets down: unknown (Thanos not readable: GET http://q:10902 up: HTTP 503)",
    ],
    [
      "a region the reconcile could not read",
      { instancesByStatus: { installed: 3 }, failedRegions: ["eu-west-1"], targetsDown: 0, targetsTotal: 3 },
      "*Onboarding* instances by status: installed: 3 (regions not read: eu-west-1); targets down: 0 of 3",
    ],
    [
      "a partial run (a region still being paged)",
      {
        instancesByStatus: { installed: 3 },
        failedRegions: ["eu-west-1"],
        pendingRegions: ["ap-southeast-2"],
      },
      "*Onboarding* instances by status: installed: 3 (regions not read: eu-west-1) (partial run, not finished in: ap-southeast-2); targets down: not reported",
    ],
    [
      "instances AWS refused (the others went on)",
      {
        instancesByStatus: { installed: 3, none: 1 },
        refused: [
          { id: "i-0abc", region: "us-east-1", operation: "ec2:CreateTags", code: "TagLimitExceeded" },
          {
            id: "i-0def",
            region: "us-east-1",
            operation: "ssm:SendCommand",
            code: "UnsupportedPlatformType",
          },
        ],
      },
      "*Onboarding* instances by status: installed: 3, none: 1 (refused by AWS: 2, e.g. i-0abc in us-east-1: ec2:CreateTags TagLimitExceeded); targets down: not reported",
    ],
    [
      "member accounts whose role could not be assumed (the others went on)",
      {
        instancesByStatus: { installed: 3 },
        unreachableAccounts: [
          { account: "210987654321", code: "AccessDenied" },
          { account: "333333333333", code: "AccessDenied" },
        ],
      },
      "*Onboarding* instances by status: installed: 3 (account-unreachable: 2 accounts, e.g. 210987654321: sts:AssumeRole AccessDenied); targets down: not reported",
    ],
    [
      "no status file yet",
      { targetsDown: 0, targetsTotal: 12 },
      "*Onboarding* instances by status: not reported; targets down: 0 of 12",
    ],
    [
      "a status file that is not valid",
      {
        statusError: "onboarding/status.json is not a valid status (generatedAt: Invalid ISO datetime)",
        targetsDown: 1,
      },
      "*Onboarding* instances by status: unknown: onboarding/status.json is not a valid status (generatedAt: Invalid ISO datetime); targets down: 1",
    ],
    [
      "no running instances, Thanos not asked",
      { instancesByStatus: {} },
      "*Onboarding* instances by status: none; targets down: not reported",
    ],
  ])("shows onboarding with %s", (_, onboarding, line) => {
    expect(textOf(digestMessage(sampleReport(), { onboarding }))).toContain(line);
  });
});

describe("mergeOnboarding", () => {
  const ok = <T>(value: T) => ({ ok: true as const, value });

  it.each<[string, Parameters<typeof mergeOnboarding>, DigestOnboarding | undefined]>([
    ["neither", [undefined, undefined], undefined],
    [
      "only the file",
      [ok({ instancesByStatus: { installed: 2 } }), undefined],
      { instancesByStatus: { installed: 2 } },
    ],
    [
      "file and targets",
      [ok({ instancesByStatus: { installed: 2 } }), { ok: true, value: { down: 1, total: 2 } }],
      { instancesByStatus: { installed: 2 }, targetsDown: 1, targetsTotal: 2 },
    ],
    [
      "a failed region",
      [ok({ instancesByStatus: {}, failedRegions: ["eu-west-1"] }), undefined],
      { instancesByStatus: {}, failedRegions: ["eu-west-1"] },
    ],
    [
      "an unreachable member account",
      [
        ok({
          instancesByStatus: {},
          unreachableAccounts: [{ account: "210987654321", code: "AccessDenied" }],
        }),
        undefined,
      ],
      { instancesByStatus: {}, unreachableAccounts: [{ account: "210987654321", code: "AccessDenied" }] },
    ],
    [
      "keeps the regions of a partial run",
      [
        ok({ instancesByStatus: { installed: 2 }, failedRegions: [], pendingRegions: ["eu-west-1"] }),
        undefined,
      ],
      { instancesByStatus: { installed: 2 }, pendingRegions: ["eu-west-1"] },
    ],
    [
      "keeps the instances AWS refused, drops an empty list",
      [
        ok({
          instancesByStatus: { installed: 2 },
          refused: [
            { id: "i-1", region: "us-east-1", operation: "ec2:CreateTags", code: "TagLimitExceeded" },
          ],
        }),
        undefined,
      ],
      {
        instancesByStatus: { installed: 2 },
        refused: [{ id: "i-1", region: "us-east-1", operation: "ec2:CreateTags", code: "TagLimitExceeded" }],
      },
    ],
    [
      "an empty refused list",
      [ok({ instancesByStatus: {}, refused: [] }), undefined],
      { instancesByStatus: {} },
    ],
    ["targets unreadable", [undefined, { ok: false, error: "HTTP 502" }], { targetsError: "HTTP 502" }],
    [
      "a file that is not valid, with targets",
      [
        { ok: false, error: "bad status" },
        { ok: true, value: { down: 0, total: 3 } },
      ],
      { statusError: "bad status", targetsDown: 0, targetsTotal: 3 },
    ],
    [
      "a file that is not valid alone",
      [{ ok: false, error: "bad status" }, undefined],
      { statusError: "bad status" },
    ],
  ])("%s", (_, args, expected) => {
    expect(mergeOnboarding(...args)).toEqual(expected);
  });
});
