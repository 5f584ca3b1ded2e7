import { SHARED_COMPONENTS } from "@fleetwatch/monitoring";
import type { AppRun } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { IMAGES } from "../../../stacks/monitoring/images";
import { runStage } from "../../infra/harness";
import { KNOWN_FLAGS } from "./known-flags";
import {
  type ContainerDefinition,
  cloudMapNames,
  container,
  containersOf,
  ecsService,
  flag,
  flags,
  serviceNames,
  TASK_DEFINITION,
  taskDefinition,
} from "./tasks";

const PROMETHEUS = ["PrometheusWebA", "PrometheusWebB", "PrometheusDataEuA", "PrometheusDataEuB"];
/** The Ruler's replicas (`ruler.replicas` defaults to 2). */
const RULERS = ["ThanosRulerA", "ThanosRulerB"];
/** Every shared component of the renderer's topology (the naming contract) must exist as a service. */
const SINGLETONS: readonly string[] = [...SHARED_COMPONENTS, ...RULERS];
/** Services that carry external labels, and the compactor: never two tasks at once. */
const STOP_FIRST = [...PROMETHEUS, "ThanosCompactor", ...RULERS];

/** The command (key of KNOWN_FLAGS) a container runs, from its image and first arguments. */
function commandOf(c: ContainerDefinition): string | undefined {
  if (c.image === IMAGES.thanos) {
    const words = (c.command ?? []).filter((arg) => !arg.startsWith("--"));
    return `thanos ${words.join(" ")}`;
  }
  if (c.image === IMAGES.prometheus) return "prometheus";
  if (c.image === IMAGES.alertmanager) return "alertmanager";
  return undefined;
}

describe("the monitoring services for two groups of two replicas in two regions", () => {
  let run: AppRun;
  let names: string[];
  beforeAll(async () => {
    run = await runStage("dev", "two-groups.ts");
    names = cloudMapNames(run);
  });

  it("creates one service per group and replica, and every singleton, each with desired count 1 but Alertmanager", () => {
    expect(serviceNames(run).sort()).toEqual([...PROMETHEUS, ...SINGLETONS].sort());
    for (const name of serviceNames(run)) {
      expect(ecsService(run, name).inputs.desiredCount, name).toBe(name === "Alertmanager" ? 2 : 1);
    }
    expect(serviceNames(run).filter((n) => /compact/i.test(n))).toEqual(["ThanosCompactor"]);
  });

  it("runs only pinned official images", () => {
    const pinned: string[] = Object.values(IMAGES);
    for (const task of run.graph.ofType(TASK_DEFINITION)) {
      for (const c of JSON.parse(String(task.inputs.containerDefinitions)) as ContainerDefinition[]) {
        expect(pinned, `${task.name}/${c.name}`).toContain(c.image);
      }
    }
    for (const image of pinned) expect(image).toMatch(/:v?\d+\.\d+\.\d+$/);
  });

  it("passes every component only flags its pinned version knows", () => {
    let checked = 0;
    for (const task of run.graph.ofType(TASK_DEFINITION)) {
      for (const c of JSON.parse(String(task.inputs.containerDefinitions)) as ContainerDefinition[]) {
        const command = commandOf(c);
        if (!command) continue;
        const known = KNOWN_FLAGS[command];
        expect(known, `${task.name}/${c.name}: ${command}`).toBeDefined();
        for (const arg of (c.command ?? []).filter((a) => a.startsWith("--"))) {
          const name = arg.slice(2).split("=")[0] ?? "";
          expect(known, `${task.name}/${c.name}: ${arg.split("\n")[0]}`).toContain(name);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(80);
  });

  it.each(PROMETHEUS)("%s: Prometheus and its sidecar share a task-local TSDB volume, never EFS", (name) => {
    const task = taskDefinition(run, name);
    const volumes = task.inputs.volumes as Record<string, unknown>[];
    expect(volumes.map((v) => v.name).sort()).toEqual(["config", "data"]);
    for (const volume of volumes) {
      expect(volume.efsVolumeConfiguration).toBeUndefined();
      expect(volume.hostPath).toBeUndefined();
    }
    expect(task.inputs.ephemeralStorage).toEqual({ sizeInGib: 50 });
    const prometheus = container(run, name, "prometheus");
    const sidecar = container(run, name, "thanos-sidecar");
    const tsdb = flag(prometheus.command, "storage.tsdb.path");
    expect(flag(sidecar.command, "tsdb.path")).toBe(tsdb);
    for (const c of [prometheus, sidecar]) {
      expect(c.mountPoints).toContainEqual({ sourceVolume: "data", containerPath: tsdb, readOnly: false });
    }
    expect(flag(prometheus.command, "storage.tsdb.min-block-duration")).toBe("2h");
    expect(flag(prometheus.command, "storage.tsdb.max-block-duration")).toBe("2h");
    // scrapeGroups[].localRetention: the default 2d, 12h for the data-eu group of the fixture.
    expect(flag(prometheus.command, "storage.tsdb.retention.time")).toBe(
      name.includes("DataEu") ? "12h" : "2d",
    );
    expect(flag(prometheus.command, "storage.tsdb.retention.size")).toBe("35GB");
    expect(prometheus.command).toContain("--web.enable-lifecycle");
    expect(flag(sidecar.command, "prometheus.url")).toBe("http://127.0.0.1:9090");
    expect(flag(sidecar.command, "grpc-address")).toBe("0.0.0.0:10901");
  });

  it("starts the main containers after the config init container succeeded, and the sidecar after Prometheus", () => {
    const containers = containersOf(run, "PrometheusWebB");
    expect(containers.map((c) => c.name)).toEqual([
      "config-init",
      "prometheus",
      "thanos-sidecar",
      "config-reloader",
    ]);
    const [init, prometheus, sidecar, reloader] = containers;
    expect(init?.essential).toBe(false);
    // SST writes `entrypoint`; ECS (Go JSON decoding) matches keys case-insensitively.
    expect(init?.entrypoint).toEqual(["/bin/sh", "-c"]);
    expect(prometheus?.dependsOn).toEqual([{ containerName: "config-init", condition: "SUCCESS" }]);
    expect(sidecar?.dependsOn).toEqual([
      { containerName: "config-init", condition: "SUCCESS" },
      { containerName: "prometheus", condition: "HEALTHY" },
    ]);
    expect(reloader?.essential).toBe(false);
    const env = Object.fromEntries((reloader?.environment ?? []).map((e) => [e.name, e.value]));
    expect(env.RELOAD_URL).toBe("http://127.0.0.1:9090/-/reload");
    expect(env.AWS_REGION).toBe("us-east-1");
    expect(env.CONFIG_PATHS).toBe("prometheus/web-b rules thanos");
    expect(flag(prometheus?.command, "config.file")).toBe("/etc/fleetwatch/prometheus/web-b/prometheus.yml");
    expect(prometheus?.mountPoints).toContainEqual({
      sourceVolume: "config",
      containerPath: "/etc/fleetwatch",
      readOnly: true,
    });
  });

  it.each<[string, string, number, string | undefined, number]>([
    ["PrometheusWebA", "prometheus", 9090, undefined, 9090],
    ["PrometheusWebA", "thanos-sidecar", 10902, "10901", 9090],
    ["ThanosQuery", "thanos-query", 10902, "10901", 10902],
    ["ThanosQueryFrontend", "thanos-query-frontend", 10902, undefined, 10902],
    ["ThanosStore", "thanos-store", 10902, "10901", 10901],
    ["ThanosCompactor", "thanos-compact", 10902, undefined, 10902],
    ["ThanosRulerA", "thanos-rule", 10902, "10901", 10901],
    ["ThanosRulerB", "thanos-rule", 10902, "10901", 10901],
    ["ThanosBucketWeb", "thanos-bucket-web", 10902, undefined, 10902],
    ["Alertmanager", "alertmanager", 9093, undefined, 9093],
  ])(
    "%s/%s listens on HTTP %i (gRPC %s) and registers port %i in Cloud Map",
    (name, c, http, grpc, registered) => {
      const command = container(run, name, c).command;
      const httpFlag = c === "prometheus" || c === "alertmanager" ? "web.listen-address" : "http-address";
      expect(flag(command, httpFlag)).toBe(`0.0.0.0:${http}`);
      expect(flag(command, "grpc-address")).toBe(grpc === undefined ? undefined : `0.0.0.0:${grpc}`);
      expect(container(run, name, c).healthCheck?.command.join(" ")).toContain(`:${http}/`);
      const registries = ecsService(run, name).inputs.serviceRegistries as { port: number };
      expect(registries.port).toBe(registered);
    },
  );

  it("health-checks every long-running container on /-/ready, /-/healthy or Grafana's /api/health", () => {
    for (const name of [...PROMETHEUS, ...SINGLETONS]) {
      for (const c of containersOf(run, name).filter((c) => c.essential !== false)) {
        const probe = c.healthCheck?.command.join(" ") ?? "";
        expect(probe, `${name}/${c.name}`).toMatch(
          /http:\/\/127\.0\.0\.1:\d+(\/-\/ready|\/-\/healthy|\/api\/health) /,
        );
      }
    }
  });

  it("stops the old task before starting the new one where two would corrupt the bucket", () => {
    for (const name of [...PROMETHEUS, ...SINGLETONS]) {
      const service = ecsService(run, name).inputs;
      const stopFirst = STOP_FIRST.includes(name);
      // Alertmanager's replicas are replaced one at a time (alertmanager-cluster.test.ts).
      const most = name === "Alertmanager" ? 150 : 200;
      expect(service.deploymentMinimumHealthyPercent, name).toBe(stopFirst ? 0 : 100);
      expect(service.deploymentMaximumPercent, name).toBe(stopFirst ? 100 : most);
      expect(service.enableExecuteCommand, name).toBe(false);
    }
  });

  it("keeps every task's logs for the configured days", () => {
    const groups = run.graph.ofType("aws:cloudwatch/logGroup:LogGroup", /LogGroup/);
    expect(groups.length).toBeGreaterThanOrEqual(30);
    for (const group of groups) expect(group.inputs.retentionInDays, group.name).toBe(14);
  });

  it("points Query at its rendered endpoints and deduplicates on both replica labels", () => {
    const query = container(run, "ThanosQuery", "thanos-query");
    expect(flags(query.command, "query.replica-label")).toEqual(["prometheus_replica", "rule_replica"]);
    expect(query.command?.some((a) => a.startsWith("--store="))).toBe(false);
    expect(flag(query.command, "endpoint.sd-config-file")).toBe("/etc/fleetwatch/thanos/query-endpoints.yml");
    expect(flag(query.command, "endpoint.sd-config")).toBeUndefined();
  });

  it("gives the Ruler its rendered rules, Alertmanager and Query configs, and the Query Frontend Query's name", () => {
    for (const [name, replica] of [
      ["ThanosRulerA", "a"],
      ["ThanosRulerB", "b"],
    ]) {
      const ruler = container(run, name ?? "", "thanos-rule");
      expect(flag(ruler.command, "rule-file"), name).toBe("/etc/fleetwatch/rules/global.yml");
      expect(flag(ruler.command, "alertmanagers.config-file"), name).toBe(
        "/etc/fleetwatch/thanos/ruler-alertmanagers.yml",
      );
      expect(flag(ruler.command, "query.config-file"), name).toBe("/etc/fleetwatch/thanos/ruler-query.yml");
      // Its own replica label, and a stream label that is left once the compactor removed the replica label.
      expect(flags(ruler.command, "label"), name).toEqual([
        'fleetwatch_ruler="global"',
        `rule_replica="${replica}"`,
      ]);
      expect(flags(ruler.command, "alert.label-drop"), name).toEqual(["rule_replica", "fleetwatch_ruler"]);
    }
    const frontend = container(run, "ThanosQueryFrontend", "thanos-query-frontend");
    const downstream = new URL(flag(frontend.command, "query-frontend.downstream-url") ?? "");
    // DNS is case-insensitive; URL lower-cases the host.
    expect(names.map((n) => n.toLowerCase())).toContain(downstream.hostname);
    expect(downstream.hostname.startsWith("thanosquery.")).toBe(true);
    expect(flag(frontend.command, "query-range.split-interval")).toBe("24h");
    expect(flag(frontend.command, "query-range.response-cache-config")).toContain("type: IN-MEMORY");
  });

  it("gives every Thanos component the rendered objstore.yml and the bucket it names", () => {
    const thanos = [
      ...PROMETHEUS.map((name) => [name, "thanos-sidecar"]),
      ["ThanosStore", "thanos-store"],
      ["ThanosCompactor", "thanos-compact"],
      ...RULERS.map((name) => [name, "thanos-rule"] as const),
      ["ThanosBucketWeb", "thanos-bucket-web"],
    ] as const;
    for (const [name, c] of thanos) {
      const main = container(run, name, c);
      expect(flag(main.command, "objstore.config-file"), name).toBe("/etc/fleetwatch/thanos/objstore.yml");
      expect(flag(main.command, "objstore.config"), name).toBeUndefined();
      const env = Object.fromEntries((main.environment ?? []).map((e) => [e.name, e.value]));
      expect(env.THANOS_BUCKET, name).toBe(String(run.outputs.thanosBucket));
    }
  });

  it("runs exactly one compactor, with retention and downsampling from the config and HA deduplication", () => {
    const compact = container(run, "ThanosCompactor", "thanos-compact");
    expect(compact.command?.[0]).toBe("compact");
    expect(compact.command).toContain("--wait");
    expect(flag(compact.command, "delete-delay")).toBe("48h");
    expect(flag(compact.command, "retention.resolution-raw")).toBe("14d");
    expect(flag(compact.command, "retention.resolution-5m")).toBe("90d");
    expect(flag(compact.command, "retention.resolution-1h")).toBe("1y");
    expect(flags(compact.command, "deduplication.replica-label")).toEqual([
      "prometheus_replica",
      "rule_replica",
    ]);
    expect(compact.command).not.toContain("--downsampling.disable");
    expect(taskDefinition(run, "ThanosCompactor").inputs.ephemeralStorage).toEqual({ sizeInGib: 100 });
    expect(flag(container(run, "ThanosStore", "thanos-store").command, "data-dir")).toBe("/data/store");
    expect(container(run, "ThanosBucketWeb", "thanos-bucket-web").command).toContain(
      "--disable-admin-operations",
    );
  });

  it("hands secrets to tasks through SSM parameters, never in the task definition", () => {
    const grafana = container(run, "Grafana", "grafana");
    const password = grafana.secrets?.find((s) => s.name === "GF_SECURITY_ADMIN_PASSWORD")?.valueFrom;
    const parameter = run.graph.one("aws:ssm/parameter:Parameter", "GrafanaAdminPasswordParameter");
    expect(parameter.inputs).toMatchObject({ type: "SecureString", value: "test-password" });
    expect(password).toBe(`arn:aws:ssm:us-east-1:123456789012:parameter${String(parameter.inputs.name)}`);
    expect(JSON.stringify(grafana.environment)).not.toContain("test-password");
    const init = container(run, "Alertmanager", "config-init");
    expect(init.secrets?.map((s) => s.name)).toEqual(["SLACK_WEBHOOK_URL"]);
    for (const task of run.graph.ofType(TASK_DEFINITION)) {
      expect(String(task.inputs.containerDefinitions), task.name).not.toContain("hooks.slack.invalid");
    }
  });
});
