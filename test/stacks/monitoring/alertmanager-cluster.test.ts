import { type AppRun, plannedUsage } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runStage } from "../../infra/harness";
import { container, ECS_SERVICE, ecsService, flag, flags, INGRESS_RULE, uploadedTree } from "./tasks";

/** ECS's rule: at least ceil(n × min%) tasks stay running, at most floor(n × max%) run. */
function rollout(service: Record<string, unknown>): { running: number; most: number } {
  const desired = Number(service.desiredCount);
  return {
    running: Math.ceil((desired * Number(service.deploymentMinimumHealthyPercent)) / 100),
    most: Math.floor((desired * Number(service.deploymentMaximumPercent)) / 100),
  };
}

describe("Alertmanager, two replicas clustered by gossip (the default)", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await runStage("dev", "two-groups.ts");
  });

  it("runs two tasks of one service, registered under one Cloud Map name", () => {
    const service = ecsService(run, "Alertmanager").inputs;
    expect(service.desiredCount).toBe(2);
    expect(run.graph.ofType(ECS_SERVICE).filter((s) => /alertmanager/i.test(s.name))).toHaveLength(1);
    const cloudMap = run.graph.one("aws:servicediscovery/service:Service", "AlertmanagerCloudmapService");
    expect((cloudMap.inputs.dnsConfig as { dnsRecords: { type: string }[] }).dnsRecords).toContainEqual(
      expect.objectContaining({ type: "A" }),
    );
  });

  it("replaces one task at a time and never stops one before its replacement runs", () => {
    const service = ecsService(run, "Alertmanager").inputs;
    expect(service.deploymentMinimumHealthyPercent).toBe(100);
    expect(service.deploymentMaximumPercent).toBe(150);
    expect(rollout(service)).toEqual({ running: 2, most: 3 });
  });

  it("clusters every replica with the others through the service's Cloud Map name on 9094", () => {
    const command = container(run, "Alertmanager", "alertmanager").command;
    expect(flag(command, "cluster.listen-address")).toBe("0.0.0.0:9094");
    expect(flags(command, "cluster.peer")).toEqual(["Alertmanager.dev.fleetwatch.sst:9094"]);
    expect(flag(command, "cluster.advertise-address")).toBeUndefined();
    expect(flag(command, "storage.path")).toBe("/alertmanager");
  });

  it("opens 9094 over TCP and UDP between the Alertmanager tasks only", () => {
    const gossip = run.graph.ofType(INGRESS_RULE).filter((r) => r.inputs.fromPort === 9094);
    expect(gossip.map((r) => [r.name, r.inputs.ipProtocol, r.inputs.toPort]).sort()).toEqual([
      ["AlertmanagerFromItself9094Tcp", "tcp", 9094],
      ["AlertmanagerFromItself9094Udp", "udp", 9094],
    ]);
    for (const rule of gossip) {
      expect(rule.inputs.securityGroupId).toBe("alertmanagersecuritygroup-id");
      expect(rule.inputs.referencedSecurityGroupId).toBe("alertmanagersecuritygroup-id");
      expect(rule.inputs.cidrIpv4).toBeUndefined();
    }
  });

  it("has Prometheus and the Ruler send to every address of the name", () => {
    const tree = uploadedTree(run);
    const prometheus = parse(tree["prometheus/web-a/prometheus.yml"] ?? "") as {
      alerting: { alertmanagers: unknown[] };
    };
    expect(prometheus.alerting.alertmanagers).toEqual([
      {
        api_version: "v2",
        dns_sd_configs: [
          { names: ["Alertmanager.dev.fleetwatch.sst"], type: "A", port: 9093, refresh_interval: "30s" },
        ],
      },
    ]);
    const ruler = parse(tree["thanos/ruler-alertmanagers.yml"] ?? "") as {
      alertmanagers: { static_configs: string[] }[];
    };
    expect(ruler.alertmanagers.flatMap((a) => a.static_configs)).toEqual([
      "dns+Alertmanager.dev.fleetwatch.sst:9093",
    ]);
  });

  it("counts both tasks in the cost estimate's usage", () => {
    const usage = plannedUsage(run);
    expect(usage.tasks.find((t) => t.name === "Alertmanager")).toMatchObject({ count: 2, vcpu: 0.25 });
  });
});

describe("Alertmanager with alertmanager.replicas 1", () => {
  it("runs one task and starts its replacement before stopping it, to hand over silences by gossip", async () => {
    const run = await runStage("dev", "minimal.ts");
    const service = ecsService(run, "Alertmanager").inputs;
    expect(service.desiredCount).toBe(1);
    expect(rollout(service)).toEqual({ running: 1, most: 2 });
    const command = container(run, "Alertmanager", "alertmanager").command;
    expect(flags(command, "cluster.peer")).toEqual(["Alertmanager.dev.fleetwatch.sst:9094"]);
    expect(plannedUsage(run).tasks.find((t) => t.name === "Alertmanager")?.count).toBe(1);
  });
});
