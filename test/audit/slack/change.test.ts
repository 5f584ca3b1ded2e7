import { changeMessage, diffReports } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../support/report";

describe("changeMessage", () => {
  it("says nothing when nothing changed", () => {
    const report = sampleReport();
    expect(changeMessage(diffReports(report, report), report)).toBeUndefined();
  });

  it("lists new findings with their fixes, then resolutions", () => {
    const report = sampleReport();
    const previous = {
      findings: [
        {
          id: "partial-upload" as const,
          severity: "warning" as const,
          subject: "01OLD",
          evidence: "e",
          fix: "f",
        },
      ],
    };
    const message = changeMessage(diffReports(previous, report), report);
    expect(message?.text).toBe("fleetwatch critical: 3 new, 1 resolved on s3://thanos");
    const texts = message?.blocks.map((b) => ("text" in b ? b.text.text : "")) ?? [];
    expect(texts.some((t) => t.includes("*stream-stale*") && t.includes("_Fix:_"))).toBe(true);
    expect(texts.at(-1)).toBe(":white_check_mark: *Resolved*\n• partial-upload `01OLD`");
  });

  it("escapes Slack's control characters in subjects", () => {
    const report = sampleReport();
    const odd = {
      ...report,
      findings: [{ ...report.findings[0], subject: "<!channel> & co" }],
    } as typeof report;
    const message = changeMessage(diffReports(undefined, odd), odd);
    expect(JSON.stringify(message)).toContain("&lt;!channel&gt; &amp; co");
  });

  it("keeps backticks in subjects inside their code span", () => {
    const report = sampleReport();
    const odd = { ...report, findings: [{ ...report.findings[0], subject: "a` *b* `c" }] } as typeof report;
    const text = JSON.stringify(changeMessage(diffReports(undefined, odd), odd));
    expect(text).toContain("`aˋ *b* ˋc`");
  });

  it("says how many new and resolved findings it left out", () => {
    const report = sampleReport();
    const [finding] = report.findings;
    if (!finding) throw new Error("sample report without findings");
    const many = (prefix: string, n: number) =>
      Array.from({ length: n }, (_, i) => ({ ...finding, subject: `${prefix}${i}` }));
    const message = changeMessage(
      diffReports({ findings: many("01GONE", 45) }, { ...report, findings: many("01NEW", 26) }),
      report,
    );
    const texts = message?.blocks.map((b) => ("text" in b ? b.text.text : "")) ?? [];
    expect(texts).toContain("_…and 6 more new findings (see report.json)_");
    expect(texts.at(-1)).toMatch(/\n_…and 15 more resolved_$/);
  });
});
