import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { stackRuleFiles } from "../../packages/monitoring/src/rules/index.js";
import { CONFIGS, config, render } from "./tools.js";

// Rules and dashboards select on job names: each must be one the rendered scrape configs produce.

const tree = render(config(CONFIGS["two groups, two regions, Slack"]));
const scrapedJobs = new Set(
  Object.entries(tree)
    .filter(([path]) => path.startsWith("prometheus/"))
    .flatMap(([, text]) => (parse(text) as { scrape_configs: { job_name: string }[] }).scrape_configs)
    .map((scrape) => scrape.job_name),
);

const selectors = Object.entries(tree)
  .filter(([path]) => path.startsWith("rules/") || path.startsWith("grafana/dashboards/"))
  .flatMap(([path, text]) =>
    [...text.replaceAll('\\"', '"').matchAll(/\bjob(=~?)"([^"]*)"/g)].map((m) => ({
      path,
      op: m[1],
      value: m[2] ?? "",
    })),
  );

describe("job names", () => {
  it("are produced by the scrape configs, for every job selector of rules and dashboards", () => {
    expect(selectors.length).toBeGreaterThan(50);
    for (const { path, op, value } of selectors) {
      if (op === "=") {
        expect(scrapedJobs, `${path}: job="${value}"`).toContain(value);
      } else {
        const regex = new RegExp(`^(?:${value})$`);
        expect(
          [...scrapedJobs].filter((job) => regex.test(job)).length,
          `${path}: job=~"${value}"`,
        ).toBeGreaterThan(0);
      }
    }
  });

  it("in rules only the first group loads, select only the shared services only that group scrapes", () => {
    const everyGroup = ["node", "prometheus", "thanos-sidecar"];
    const stackOnly = stackRuleFiles().map((file) => `rules/${file.file}`);
    const selected = selectors.filter((s) => stackOnly.includes(s.path));
    expect(selected.length).toBeGreaterThan(5);
    for (const { path, op, value } of selected) {
      const regex = op === "=" ? new RegExp(`^${value}$`) : new RegExp(`^(?:${value})$`);
      expect(
        everyGroup.filter((job) => regex.test(job)),
        `${path}: job${op}"${value}"`,
      ).toEqual([]);
    }
  });

  it("cover every scraped job in some rule", () => {
    const selected = (job: string) =>
      selectors.some(
        (s) =>
          s.path.startsWith("rules/") &&
          (s.op === "=" ? s.value === job : new RegExp(`^(?:${s.value})$`).test(job)),
      );
    expect([...scrapedJobs].filter((job) => !selected(job))).toEqual([]);
  });
});
