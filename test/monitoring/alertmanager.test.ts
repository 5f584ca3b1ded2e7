import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { CONFIGS, config, render, runTool, tempDir, writeTree } from "./tools.js";

const dirs: (() => void)[] = [];
afterAll(() => {
  for (const remove of dirs) remove();
});

function renderedAlertmanager(slack: boolean) {
  const tree = render(config(slack ? CONFIGS["two groups, two regions, Slack"] : CONFIGS.minimal));
  const dir = tempDir("alertmanager");
  dirs.push(dir.remove);
  writeTree(dir.path, tree);
  return { tree, file: join(dir.path, "alertmanager/alertmanager.yml") };
}

/** `amtool config routes test`: exits 0 when the labels route to exactly `receiver`. */
function routesTo(file: string, receiver: string, labels: string[]) {
  return runTool("amtool", [
    "config",
    "routes",
    "test",
    `--config.file=${file}`,
    `--verify.receivers=${receiver}`,
    ...labels,
  ]);
}

const withSlack = renderedAlertmanager(true);
const withoutSlack = renderedAlertmanager(false);

describe("renderAlertmanagerConfig", () => {
  it.each([
    ["Slack on", withSlack, /3 receivers[\s\S]*1 templates/],
    ["Slack off", withoutSlack, /1 receivers[\s\S]*0 templates/],
  ] as const)("passes amtool check-config (%s)", (_, rendered, found) => {
    const result = runTool("amtool", ["check-config", rendered.file]);
    expect(result.status, result.output).toBe(0);
    expect(result.output).toMatch(found);
    expect(result.output).toMatch(/2 inhibit rules/);
  });

  it.each([
    ["critical", "slack-critical"],
    ["warning", "slack-warning"],
    ["info", "slack-info"],
  ])("routes severity=%s to %s (amtool config routes test)", (severity, receiver) => {
    const result = routesTo(withSlack.file, receiver, [
      "alertname=NodeTargetDown",
      "fleetwatch_group=default",
      `severity=${severity}`,
    ]);
    expect(result.status, result.output).toBe(0);
    expect(result.stdout.trim()).toBe(receiver);
  });

  it("sends an alert without a known severity to the warning receiver, not nowhere", () => {
    const result = routesTo(withSlack.file, "slack-warning", ["alertname=Unexpected"]);
    expect(result.status, result.output).toBe(0);
  });

  it("rejects a wrong receiver: the routing test can fail", () => {
    const result = routesTo(withSlack.file, "slack-info", ["severity=critical"]);
    expect(result.status).toBe(1);
  });

  it.each(["critical", "warning", "info"])(
    "routes severity=%s to the null receiver when Slack is off",
    (severity) => {
      const result = routesTo(withoutSlack.file, "null", [`severity=${severity}`]);
      expect(result.status, result.output).toBe(0);
    },
  );

  it("reads the webhook URL from a file, posts to the configured channel, groups by alertname and group", () => {
    const yml = parse(withSlack.tree["alertmanager/alertmanager.yml"] ?? "") as {
      route: { group_by: string[] };
      receivers: {
        name: string;
        slack_configs: { api_url_file: string; channel: string; api_url?: string }[];
      }[];
    };
    expect(yml.route.group_by).toEqual(["alertname", "fleetwatch_group"]);
    for (const receiver of yml.receivers) {
      expect(receiver.slack_configs[0]?.api_url_file).toBe("/run/secrets/slack-webhook-url");
      expect(receiver.slack_configs[0]?.api_url).toBeUndefined();
      expect(receiver.slack_configs[0]?.channel).toBe("#ops-alerts");
    }
  });

  it("inhibits an instance's node alerts while it is down, matched on group and instance id", () => {
    const yml = parse(withSlack.tree["alertmanager/alertmanager.yml"] ?? "") as {
      inhibit_rules: { source_matchers: string[]; target_matchers: string[]; equal: string[] }[];
    };
    const [down] = yml.inhibit_rules;
    expect(down?.source_matchers).toEqual(['alertname=~"NodeTargetDown|FleetTargetDown"']);
    expect(down?.equal).toEqual(["fleetwatch_group", "instance_id"]);
    for (const alert of ["NodeFilesystemAlmostFull", "NodeMemoryPressure", "NodeHighLoad", "NodeClockSkew"]) {
      expect(down?.target_matchers[0]).toContain(alert);
    }
    expect(down?.target_matchers[0]).not.toContain("NodeTargetDown");
  });
});
