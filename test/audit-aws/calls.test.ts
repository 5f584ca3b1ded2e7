import { join } from "node:path";
import { ECSClient } from "@aws-sdk/client-ecs";
import { S3Client } from "@aws-sdk/client-s3";
import type { Report } from "@fleetwatch/audit";
import {
  EcsRolloutReader,
  putJson,
  readEcsService,
  readOnboardingStatus,
  S3AuditCache,
  S3Bucket,
  S3ConfigStore,
  S3PictureStore,
  S3RefreshStatusStore,
  S3ReportStore,
} from "@fleetwatch/audit-aws";
import { AUDIT_ADAPTER_CALLS } from "@fleetwatch/audit-aws/calls";
import { digestKey } from "@fleetwatch/state-layout";
import { mockClient } from "aws-sdk-client-mock";
import { describe, expect, it } from "vitest";
import { ROOT } from "../infra/harness";
import { commandsConstructedIn } from "../support/sdk-commands";

const SRC = join(ROOT, "packages/audit-aws/src");
const listed = new Set(AUDIT_ADAPTER_CALLS.flatMap((c) => (c.sdkCommand ? [c.sdkCommand] : [])));

describe("the audit adapters' call list", () => {
  it("lists every command the adapter sources construct", () => {
    const sent = commandsConstructedIn(SRC);
    expect(sent.length).toBeGreaterThan(5);
    expect(sent.filter((c) => !listed.has(c))).toEqual([]);
  });

  it("lists every command the adapters send through their clients", async () => {
    const s3Mock = mockClient(S3Client);
    const ecsMock = mockClient(ECSClient);
    s3Mock.onAnyCommand().resolves({});
    ecsMock.onAnyCommand().resolves({ services: [{ status: "ACTIVE" }], taskArns: ["arn:task"], tasks: [] });
    const s3 = new S3Client({ region: "eu-west-1", credentials: { accessKeyId: "a", secretAccessKey: "b" } });
    const bucket = new S3Bucket(s3, "thanos");
    await bucket.listPage({});
    await bucket.get("01J/meta.json");
    await new S3ReportStore(s3, "state").latest();
    await new S3ReportStore(s3, "state").save({ generatedAt: "2026-01-01T00:00:00.000Z" } as Report);
    await new S3ReportStore(s3, "state").readDelivery().catch(() => undefined);
    await new S3ReportStore(s3, "state")
      .writeDelivery({ version: 1, delivered: {} }, undefined)
      .catch(() => undefined);
    await new S3AuditCache(s3, "state").load();
    await new S3AuditCache(s3, "state").save({ version: 1, metas: {}, markers: {}, boundaries: [] });
    await new S3PictureStore(s3, "state").put(
      new Date("2026-01-01T06:00:00Z"),
      "timeline.png",
      Buffer.from(""),
    );
    await readOnboardingStatus(s3, "state");
    const config = new S3ConfigStore(s3, "state");
    await config.pointer().catch(() => undefined);
    await config.read("config/v1/render-input.json");
    await config.write("config/v1/prometheus/default-a/prometheus.yml", "");
    await config.movePointer("v1", '"e1"');
    const refreshStatus = new S3RefreshStatusStore(s3, "state");
    await refreshStatus.read();
    await refreshStatus.write({
      lastRunAt: "2026-01-01T00:00:00.000Z",
      outcome: "no-config",
      level: "expected",
    });
    await putJson(s3, "state", digestKey(new Date("2026-01-01T06:00:00Z")), {});
    await readEcsService(new ECSClient({ region: "eu-west-1" }), "cluster", "service");
    const rollouts = new EcsRolloutReader(new ECSClient({ region: "eu-west-1" }), "cluster");
    await rollouts.deployments(["service"]);
    await rollouts.stoppedTasks("service");
    const sent = [...s3Mock.calls(), ...ecsMock.calls()].map((c) => (c.args[0] as object).constructor.name);
    s3Mock.restore();
    ecsMock.restore();
    expect(new Set(sent)).toEqual(
      new Set([
        "ListObjectsV2Command",
        "GetObjectCommand",
        "PutObjectCommand",
        "DescribeServicesCommand",
        "ListTasksCommand",
        "DescribeTasksCommand",
      ]),
    );
    expect(sent.filter((c) => !listed.has(c))).toEqual([]);
  });

  it("maps each SDK command to its IAM action explicitly (ListObjectsV2 is s3:ListBucket)", () => {
    const pairs = new Set(AUDIT_ADAPTER_CALLS.map((c) => `${c.sdkCommand} ${c.action}`));
    expect([...pairs].sort()).toEqual([
      "DescribeServicesCommand ecs:DescribeServices",
      "DescribeTasksCommand ecs:DescribeTasks",
      "GetObjectCommand s3:GetObject",
      "ListObjectsV2Command s3:ListBucket",
      "ListTasksCommand ecs:ListTasks",
      "PutObjectCommand s3:PutObject",
    ]);
  });

  it("sends ListTasks with the compactor's cluster in ecs:cluster, on *", () => {
    const listTasks = AUDIT_ADAPTER_CALLS.find((c) => c.action === "ecs:ListTasks");
    expect(listTasks?.target).toBe("*");
    expect(listTasks?.context?.["ecs:cluster"]).toEqual({ plan: "the compactor's cluster" });
  });
});
