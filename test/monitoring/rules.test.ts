import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { RUNBOOK_URL } from "../../packages/monitoring/src/options.js";
import { allRuleFiles } from "../../packages/monitoring/src/rules/index.js";
import { ALERT_CASES, type AlertCase, type Scenario } from "./rule-cases.js";
import { config, render, runTool, tempDir, writeTree } from "./tools.js";

const resolved = config({
  scrapeGroups: [
    { name: "default", selector: { tags: { tier: "core" } } },
    { name: "edge", shards: 2, selector: { tags: { tier: "edge" } } },
  ],
});
const tree = render(resolved);
const dir = tempDir("rules");
afterAll(() => dir.remove());

interface RuleYml {
  groups: { name: string; rules: { alert: string; annotations: Record<string, string> }[] }[];
}

/**
 * promtool compares annotations too: the test copies keep only `runbook_url` (fixed text), so each case also
 * proves the runbook link. Summary and description templates are checked by `promtool check rules` and expanded
 * for real in the end-to-end test.
 */
function withRunbookOnly(contents: string): string {
  const yml = parse(contents) as RuleYml;
  for (const group of yml.groups) {
    for (const rule of group.rules) rule.annotations = { runbook_url: rule.annotations.runbook_url ?? "" };
  }
  return stringify(yml);
}

beforeAll(() => {
  writeTree(dir.path, tree);
  for (const file of allRuleFiles(resolved)) {
    writeFileSync(
      join(dir.path, `runbook-only-${file.file}`),
      withRunbookOnly(tree[`rules/${file.file}`] ?? ""),
    );
  }
});

function testGroup(alert: string, scenario: Scenario, expected: Readonly<Record<string, string>>[]) {
  return {
    interval: scenario.interval ?? "1m",
    input_series: scenario.series,
    alert_rule_test: [
      {
        eval_time: scenario.at,
        alertname: alert,
        exp_alerts: expected.map((labels) => ({
          exp_labels: labels,
          exp_annotations: { runbook_url: `${RUNBOOK_URL}#${alert.toLowerCase()}` },
        })),
      },
    ],
  };
}

function promtoolTest(testCase: AlertCase) {
  return {
    rule_files: [`runbook-only-${testCase.file}`],
    evaluation_interval: "1m",
    tests: [
      testGroup(testCase.alert, testCase.firing, testCase.firing.labels),
      ...(testCase.alsoFiring ?? []).map((scenario) =>
        testGroup(testCase.alert, scenario, testCase.firing.labels),
      ),
      ...(testCase.alsoFiringWith ?? []).map((scenario) =>
        testGroup(testCase.alert, scenario, scenario.labels),
      ),
      ...testCase.quiet.map((scenario) => testGroup(testCase.alert, scenario, [])),
    ],
  };
}

describe("rule files", () => {
  it("pass promtool check rules", () => {
    const files = Object.keys(tree).filter((path) => path.startsWith("rules/"));
    expect(files.sort()).toEqual(
      allRuleFiles(resolved)
        .map((f) => `rules/${f.file}`)
        .sort(),
    );
    const result = runTool("promtool", ["check", "rules", ...files.map((f) => join(dir.path, f))]);
    expect(result.status, result.output).toBe(0);
  });

  it("have a firing and a quiet promtool case for every alert, and no case for an alert that does not exist", () => {
    const alerts = allRuleFiles(resolved).flatMap((file) =>
      file.rules.map((rule) => `${file.file}:${rule.alert}`),
    );
    const cased = ALERT_CASES.filter((c) => c.firing.labels.length > 0 && c.quiet.length > 0).map(
      (c) => `${c.file}:${c.alert}`,
    );
    expect(new Set(cased)).toEqual(new Set(alerts));
    expect(cased).toHaveLength(new Set(cased).size);
  });

  it("give every alert a summary, a description, a severity and a runbook link", () => {
    for (const file of allRuleFiles(resolved)) {
      for (const rule of file.rules) {
        expect(rule.summary.length, rule.alert).toBeGreaterThan(10);
        expect(rule.description.length, rule.alert).toBeGreaterThan(20);
      }
      const yml = parse(tree[`rules/${file.file}`] ?? "") as RuleYml;
      for (const rule of yml.groups[0]?.rules ?? []) {
        expect(rule.annotations.runbook_url).toBe(`${RUNBOOK_URL}#${rule.alert.toLowerCase()}`);
      }
    }
  });

  it("link to a runbook section (docs/runbook.md) that exists for every alert", () => {
    const runbook = readFileSync(new URL("../../docs/runbook.md", import.meta.url), "utf8");
    const sections = [...runbook.matchAll(/^### (\w+)$/gm)].map((m) => m[1]);
    const alerts = allRuleFiles(resolved).flatMap((file) => file.rules.map((rule) => rule.alert));
    expect(sections.sort()).toEqual([...alerts].sort());
    for (const section of runbook.split(/^### /m).slice(1)) {
      expect(section, section.split("\n")[0]).toMatch(/\*\*Means\*\*:[\s\S]*\*\*Check/);
      expect(section, section.split("\n")[0]).toMatch(/\*\*Fix\*\*:|\*\*Check \/ Fix\*\*:/);
    }
  });

  it.each(ALERT_CASES.map((c) => [c.alert, c] as const))(
    "%s fires, and stays quiet otherwise (promtool test rules)",
    (alert, testCase) => {
      const file = join(dir.path, `test-${alert}.yml`);
      writeFileSync(file, stringify(promtoolTest(testCase)));
      const result = runTool("promtool", ["test", "rules", file], { cwd: dir.path });
      expect(result.status, `promtool test rules for ${alert}:\n${result.output}`).toBe(0);
      expect(result.stdout).toMatch(/SUCCESS/);
    },
  );
});
