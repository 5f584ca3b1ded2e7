import { describe, expect, it } from "vitest";
import { runStage } from "../../infra/harness";
import { container, ECS_SERVICE, serviceNames } from "./tasks";

describe("the monitoring stack for the minimal one-group config", () => {
  it("renders one Prometheus replica, every Thanos component, one Ruler, with downsampling off", async () => {
    const run = await runStage("dev", "minimal.ts");
    expect(serviceNames(run).filter((n) => n.startsWith("Prometheus"))).toEqual(["PrometheusSoloA"]);
    expect(serviceNames(run).filter((n) => n.startsWith("ThanosRuler"))).toEqual(["ThanosRulerA"]);
    expect(serviceNames(run)).toHaveLength(9);
    // A single Ruler is waited on like every service, and still carries the stream label beside its replica label.
    expect(run.graph.one(ECS_SERVICE, "ThanosRulerAService").inputs.waitForSteadyState).toBe(true);
    expect(
      container(run, "ThanosRulerA", "thanos-rule").command?.filter((a) => a.startsWith("--label=")),
    ).toEqual(['--label=fleetwatch_ruler="global"', '--label=rule_replica="a"']);
    const solo = run.graph.one(ECS_SERVICE, "PrometheusSoloAService").inputs;
    expect(solo.deploymentMinimumHealthyPercent).toBe(0);
    // Every service is waited on, the last replica of a group too: the rollout check then reads what ran.
    expect(solo.waitForSteadyState).toBe(true);
    expect(container(run, "ThanosCompactor", "thanos-compact").command).toContain("--downsampling.disable");
    // Slack is off: no webhook secret is asked for or handed to Alertmanager.
    expect(run.graph.ofType("aws:ssm/parameter:Parameter").map((p) => p.name)).toEqual([
      "GrafanaAdminPasswordParameter",
    ]);
    expect(container(run, "Alertmanager", "config-init").secrets ?? []).toEqual([]);
  });

  it("keeps tasks closed in the no-NAT layout, where they have public IPs", async () => {
    const run = await runStage("dev", "public-network.ts");
    for (const name of serviceNames(run)) {
      const network = run.graph.one(ECS_SERVICE, `${name}Service`).inputs.networkConfiguration as {
        assignPublicIp: boolean;
      };
      expect(network.assignPublicIp, name).toBe(true);
    }
    for (const rule of run.graph.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")) {
      expect(rule.inputs.cidrIpv4, rule.name).toBeUndefined();
    }
    expect(run.graph.one("aws:lb/loadBalancer:LoadBalancer").inputs.internal).toBe(true);
  });
});
