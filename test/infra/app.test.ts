import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { StageCost } from "@fleetwatch/cost";
import type { AppRun, PlanJson } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { ROOT, runStage } from "./harness";

const exec = promisify(execFile);

/** Cloud resource types the whole app may create today; a new type must be added here on purpose. */
const EXPECTED_TYPES = {
  "aws:s3/bucket:Bucket": 2,
  "aws:s3/bucketPolicy:BucketPolicy": 2,
  "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": 2,
  "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": 2,
  "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": 2,
  "aws:ec2/vpc:Vpc": 1,
  "aws:ec2/vpcEndpoint:VpcEndpoint": 1,
  "aws:ec2/natGateway:NatGateway": 2,
  // The monitoring stack (default config: one group of two replicas, two Rulers, seven singletons).
  "aws:ecs/cluster:Cluster": 1,
  "aws:ecs/service:Service": 11,
  "aws:ecs/taskDefinition:TaskDefinition": 11,
  "aws:servicediscovery/service:Service": 11,
  // A task and an execution role per service (22), a role per Lambda (7) and per schedule (3).
  "aws:iam/role:Role": 32,
  // One per component, the load balancer's, and one per scrape group.
  "aws:ec2/securityGroup:SecurityGroup": 12,
  "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": 25,
  "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": 10,
  "aws:lb/loadBalancer:LoadBalancer": 1,
  "aws:lb/listener:Listener": 3,
  "aws:lb/listenerRule:ListenerRule": 3,
  "aws:lb/targetGroup:TargetGroup": 3,
  // One per container (the main ones, and a config-init in every task but the Query Frontend's), one per Lambda.
  "aws:cloudwatch/logGroup:LogGroup": 35,
  // Every file renderAll renders for the default config (20), the version pointer, and each Lambda's code (7).
  "aws:s3/bucketObjectv2:BucketObjectv2": 28,
  "aws:ssm/parameter:Parameter": 1,
  // The health audits (2 functions, 2 schedules), onboarding (4 functions: launch, completion, the
  // reconcile's coordinator and worker; 1 schedule) and the monitoring stack's rollout check.
  "aws:lambda/function:Function": 7,
  "aws:scheduler/schedule:Schedule": 3,
  // Onboarding.
  "aws:ssm/document:Document": 1,
  // Launch, result and their DLQ; the reconcile's work queue and its DLQ.
  "aws:sqs/queue:Queue": 5,
  "aws:sqs/queuePolicy:QueuePolicy": 3,
  "aws:cloudwatch/eventRule:EventRule": 2,
  "aws:cloudwatch/eventTarget:EventTarget": 2,
  "aws:lambda/eventSourceMapping:EventSourceMapping": 3,
  // The reconcile and the rollout check after every deploy.
  "aws:lambda/invocation:Invocation": 2,
};

// SST registers its LambdaEncryptionKey once per process: a second run of the app in this file would lack it,
// so both describes share the first run.
let firstDevRun: Promise<AppRun> | undefined;
const devRun = () => {
  firstDevRun ??= runStage("dev");
  return firstDevRun;
};

describe("the whole app (sst.config.ts run) for stage dev", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await devRun();
  });

  it("creates the expected resource graph", () => {
    const counts = run.graph.countByType();
    for (const [type, count] of Object.entries(EXPECTED_TYPES)) expect(counts[type], type).toBe(count);
    expect(run.app).toMatchObject({ name: "fleetwatch", stage: "dev", removal: "remove", protect: false });
    expect(run.outputs).toMatchObject({ networkLayout: "private" });
    expect(run.outputs.thanosBucket).toEqual(expect.stringContaining("thanos"));
  });

  it("makes nothing public: no public bucket access, no public load balancer", () => {
    for (const block of run.graph.ofType("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock")) {
      expect(block.inputs.blockPublicPolicy).toBe(true);
    }
    expect(
      run.graph.ofType("aws:lb/loadBalancer:LoadBalancer").filter((lb) => lb.inputs.internal === false),
    ).toEqual([]);
  });
});

describe("npm run plan", () => {
  it("prints, as JSON, every cloud resource the app creates", async () => {
    // The same run: SST registers its LambdaEncryptionKey only in the first run of a process.
    const run = await devRun();
    const { stdout } = await exec("npx", ["tsx", "scripts/plan.ts", "--stage", "dev", "--json"], {
      cwd: ROOT,
    });
    const plan = JSON.parse(stdout) as PlanJson;
    expect(plan.stage).toBe("dev");
    expect(plan.region).toBe("us-east-1");
    const names = (rs: { type: string; name: string }[]) => rs.map((r) => `${r.type} ${r.name}`).sort();
    expect(names(plan.resources)).toEqual(names(run.graph.cloud));
    const bucket = plan.resources.find((r) => r.name === "ThanosBucketBucket");
    expect(bucket?.inputs.forceDestroy).toBe(true);
    expect(plan.removalMeaning).toBe(
      "removal: remove — `sst remove` deletes everything, buckets included (force-destroyed with their data)",
    );
    const { cost } = plan as PlanJson & { cost: StageCost };
    const fargate = cost.estimate.lines.filter((l) => l.item.startsWith("Fargate "));
    expect(fargate.map((l) => l.item.slice(8)).sort()).toEqual(
      run.graph
        .ofType("aws:ecs/service:Service")
        .map((s) => String(s.inputs.name))
        .sort(),
    );
    expect(cost.estimate.lines.find((l) => l.item === "NAT")?.detail).toBe("2 gateways, 0 instances, 10 GB");
    expect(cost.pricing).toMatchObject({ region: "us-east-1", overridden: [] });
  });

  it("prints a readable table with the settings that matter", async () => {
    const { stdout } = await exec("npx", ["tsx", "scripts/plan.ts", "--stage", "production"], { cwd: ROOT });
    expect(stdout).toContain(
      'fleetwatch plan: stage "production", region us-east-1, removal retain, protected',
    );
    expect(stdout).toContain(
      "removal: retain — buckets and data stay after `sst remove`; resources are protected (`sst remove` refuses the stage)",
    );
    expect(stdout).toMatch(
      /iam\/role:Role\s+HealthAuditRole\s+assumed by lambda\.amazonaws\.com; used by HealthAuditFunction \(Lambda\)/,
    );
    expect(stdout).toMatch(
      /iam\/role:Role\s+ThanosCompactorTaskRole\s+assumed by ecs-tasks\.amazonaws\.com; used by ThanosCompactorTask \(task role, ThanosCompactorService\)/,
    );
    expect(stdout).toMatch(
      /s3\/bucket:Bucket\s+ThanosBucketBucket\s+kept when not empty; protected; retained/,
    );
    expect(stdout).toMatch(
      /BucketPublicAccessBlock\s+ThanosBucketPublicAccessBlock\s+all public access blocked/,
    );
    expect(stdout).toMatch(/VpcEndpoint\s+S3GatewayEndpoint\s+Gateway; com\.amazonaws\.us-east-1\.s3/);
    expect(stdout).toMatch(/\d+ resources \(\d+ types\) would be created\. Nothing was sent to AWS\./);
    expect(stdout).toMatch(/ecs\/service:Service\s+ThanosCompactorService\s+desired 1; deploy 0-100%/);
    expect(stdout).toMatch(
      /SecurityGroupIngressRule\s+PrometheusFromQuery10901\s+in tcp\/10901 from querysecuritygroup-id/,
    );
    expect(stdout).toMatch(/BucketObjectv2\s+MonitoringConfigPointer\s+config\/current/);
    expect(stdout).toContain("Estimated monthly cost (us-east-1 prices as of 2025-06):");
    expect(stdout).toMatch(/ {2}Fargate PrometheusDefaultA +\$\d+\.\d\d {2}1 x 2 vCPU, 8 GB, 100 GB disk/);
    expect(stdout).toMatch(/Same ingest on Amazon Managed Service for Prometheus: \$\d+\.\d\d per month/);
  });

  it("fails with the config's own message, naming the key and the fix", async () => {
    const failed = await exec(
      "npx",
      ["tsx", "scripts/plan.ts", "--config", "test/fixtures/configs/invalid.ts"],
      {
        cwd: ROOT,
      },
    ).catch((error: { code: number; stderr: string }) => error);
    expect("code" in failed && failed.code).toBe(1);
    const stderr = "stderr" in failed ? failed.stderr : "";
    expect(stderr).toContain('Invalid fleetwatch config for stage "dev" (test/fixtures/configs/invalid.ts):');
    expect(stderr).toContain(
      "  - scrapeGroups[0].replicas: must be an integer from 1 to 4, got 0. Fix: set scrapeGroups[0].replicas to 2 for an HA pair, or 1.",
    );
    expect(stderr).not.toContain("AppRunError");
  });
});
