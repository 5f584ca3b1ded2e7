import type { AppRun } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { secretFingerprint, secretVersionVariable } from "../../../stacks/monitoring/secrets";
import { runStage } from "../../infra/harness";
import { containersOf, TASK_DEFINITION } from "./tasks";

/**
 * Every task definition's inputs, by resource name, with SST's random name suffixes (`-<8 random letters>`, drawn
 * anew in every mock run; a real deploy keeps them in its state) made equal.
 */
function taskDefinitions(run: AppRun): Map<string, string> {
  return new Map(
    run.graph
      .ofType(TASK_DEFINITION)
      .map((t) => [t.name, JSON.stringify(t.inputs).replace(/-[a-z]{8}(?=[-/"\\])/g, "-random")]),
  );
}

/** The task definitions whose inputs differ between two runs. */
function changed(before: AppRun, after: AppRun): string[] {
  const a = taskDefinitions(before);
  const b = taskDefinitions(after);
  expect([...b.keys()].sort()).toEqual([...a.keys()].sort());
  return [...a.keys()].filter((name) => a.get(name) !== b.get(name)).sort();
}

describe("rotating a secret", () => {
  let base: AppRun;
  let password: AppRun;
  let webhook: AppRun;
  beforeAll(async () => {
    base = await runStage("dev", "two-groups.ts");
    password = await runStage("dev", "two-groups.ts", { GrafanaAdminPassword: "rotated-password" });
    webhook = await runStage("dev", "two-groups.ts", {
      SlackWebhookUrl: "https://hooks.slack.invalid/rotated",
    });
  });

  it("changes only Grafana's task definition when the Grafana password changes", () => {
    expect(changed(base, password)).toEqual(["GrafanaTask"]);
  });

  it("changes only Alertmanager's task definition when the Slack webhook changes", () => {
    expect(changed(base, webhook)).toEqual(["AlertmanagerTask"]);
  });

  it("changes nothing when the secrets stay the same (the fingerprint is stable)", async () => {
    expect(changed(base, await runStage("dev", "two-groups.ts"))).toEqual([]);
  });

  it("puts the secret's fingerprint, never its value, beside the container that injects it", () => {
    const grafana = containersOf(base, "Grafana").find((c) => c.name === "grafana");
    const variable = secretVersionVariable("GrafanaAdminPassword");
    expect(variable).toBe("FLEETWATCH_SECRET_VERSION_GRAFANA_ADMIN_PASSWORD");
    expect(grafana?.environment).toContainEqual({
      name: variable,
      value: secretFingerprint("dev", "GrafanaAdminPassword", "test-password"),
    });
    const init = containersOf(base, "Alertmanager").find((c) => c.name === "config-init");
    expect((init?.environment ?? []).map((e) => e.name)).toContain(
      "FLEETWATCH_SECRET_VERSION_SLACK_WEBHOOK_URL",
    );
    for (const run of [base, password, webhook]) {
      const text = JSON.stringify(run.graph.ofType(TASK_DEFINITION).map((t) => t.inputs));
      for (const value of ["test-password", "rotated-password", "hooks.slack.invalid"])
        expect(text).not.toContain(value);
    }
  });
});

describe("secretFingerprint", () => {
  it("is 16 hex characters that differ by value, stage and secret", () => {
    const fingerprint = secretFingerprint("dev", "GrafanaAdminPassword", "a");
    expect(fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(secretFingerprint("dev", "GrafanaAdminPassword", "a")).toBe(fingerprint);
    expect(secretFingerprint("dev", "GrafanaAdminPassword", "b")).not.toBe(fingerprint);
    expect(secretFingerprint("production", "GrafanaAdminPassword", "a")).not.toBe(fingerprint);
    expect(secretFingerprint("dev", "SlackWebhookUrl", "a")).not.toBe(fingerprint);
  });
});
