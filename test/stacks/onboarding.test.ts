import {
  MIN_INSTALL_TIMEOUT_SECONDS,
  RESULT_MARGIN_SECONDS,
  SCRIPT_TIMEOUT_SECONDS,
  SSM_DELIVERY_TIMEOUT_SECONDS,
} from "@fleetwatch/config";
import type { AppRun, PolicyDocument, RecordedResource } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { runProgram } from "../infra/harness";

const VPC = "vpc-0f1ee7a11c0ffee00";
const PROMETHEUS_SG = "sg-0prometheus000000";

async function onboardingRun(stage: string, fixture?: string): Promise<AppRun> {
  return runProgram(
    stage,
    async () => {
      const { applyFunctionDefaults } = await import("../../stacks/defaults");
      const { stageConfig } = await import("../../stacks/config");
      const { createOnboarding } = await import("../../stacks/onboarding");
      const { createStorage } = await import("../../stacks/storage");
      const config = await stageConfig(stage);
      applyFunctionDefaults(config);
      const onboarding = createOnboarding(config, {
        vpcId: VPC,
        prometheusSecurityGroupId: PROMETHEUS_SG,
        storage: createStorage(config),
      });
      return { linkedSettings: onboarding.settingsLink.properties };
    },
    fixture,
  );
}

type Statement = PolicyDocument["Statement"][number];

/** The Lambda running `handler` and the statements of its role's inline policy. */
function lambda(run: AppRun, handler: string): { fn: RecordedResource; statements: Statement[] } {
  const fn = run.graph.ofType("aws:lambda/function:Function").find((f) => f.inputs.handler === handler);
  if (!fn) throw new Error(`no function runs ${handler}`);
  const role = run.graph
    .ofType("aws:iam/role:Role")
    .find((r) => String(fn.inputs.role).endsWith(`/${String(r.inputs.name)}`));
  const inline = (role?.inputs.inlinePolicies as { policy: string }[] | undefined) ?? [];
  return { fn, statements: inline.flatMap((p) => (JSON.parse(p.policy) as PolicyDocument).Statement) };
}

const actionsOf = (s: Statement) => [s.Action].flat();
const COORDINATOR = "functions/onboarding/reconcile.handler";
const WORKER = "functions/onboarding/reconcile-worker.handler";
/** The handlers that read and tag the fleet (the coordinator only enqueues). */
const HANDLERS = ["functions/onboarding/onboard.handler", "functions/onboarding/complete.handler", WORKER];

describe("onboarding stack, one region (defaults)", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await onboardingRun("dev");
  });

  it("routes running instances and fleetwatch's command results from the default bus to their queues", () => {
    const patterns = run.graph
      .ofType("aws:cloudwatch/eventRule:EventRule")
      .map((r) => [r.inputs.eventBusName, JSON.parse(String(r.inputs.eventPattern))]);
    expect(patterns).toEqual([
      [
        "default",
        {
          source: ["aws.ec2"],
          "detail-type": ["EC2 Instance State-change Notification"],
          detail: { state: ["running"] },
        },
      ],
      [
        "default",
        {
          source: ["aws.ssm"],
          "detail-type": ["EC2 Command Invocation Status-change Notification"],
          detail: {
            "document-name": ["fleetwatch-dev-NodeExporter"],
            status: ["Success", "Failed", "TimedOut", "Cancelled"],
          },
        },
      ],
    ]);
    for (const target of run.graph.ofType("aws:cloudwatch/eventTarget:EventTarget")) {
      expect(String(target.inputs.arn)).toMatch(/Onboarding(Launch|Result)QueueQueue/);
      expect(String((target.inputs.deadLetterConfig as { arn: string }).arn)).toContain(
        "OnboardingDeadLetterQueue",
      );
    }
  });

  it("retries through the queues 24 times before dead-lettering, and keeps dead letters 14 days", () => {
    const queues = Object.fromEntries(run.graph.ofType("aws:sqs/queue:Queue").map((q) => [q.name, q.inputs]));
    for (const name of ["OnboardingLaunchQueueQueue", "OnboardingResultQueueQueue"]) {
      expect(JSON.parse(String(queues[name]?.redrivePolicy))).toMatchObject({ maxReceiveCount: 24 });
    }
    // AWS's rule for a Lambda consumer: 6 x the 120 s timeout + the batching window (60 s launches, 5 s results).
    expect(queues.OnboardingLaunchQueueQueue?.visibilityTimeoutSeconds).toBe(780);
    expect(queues.OnboardingResultQueueQueue?.visibilityTimeoutSeconds).toBe(725);
    expect(queues.OnboardingDeadLetterQueueQueue?.messageRetentionSeconds).toBe(1_209_600);
  });

  it("delivers a result within the install timeout's margin: the result queue's window plus one consumer run", () => {
    const window = run.graph.one(
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "OnboardingCompleteEventSource",
    ).inputs.maximumBatchingWindowInSeconds;
    const timeout = lambda(run, "functions/onboarding/complete.handler").fn.inputs.timeout;
    expect(Number(window) + Number(timeout)).toBeLessThanOrEqual(RESULT_MARGIN_SECONDS);
    const doc = JSON.parse(String(run.graph.one("aws:ssm/document:Document").inputs.content));
    expect(doc.mainSteps[0].inputs.timeoutSeconds).toBe(String(SCRIPT_TIMEOUT_SECONDS));
    expect(MIN_INSTALL_TIMEOUT_SECONDS).toBe(
      SSM_DELIVERY_TIMEOUT_SECONDS + SCRIPT_TIMEOUT_SECONDS + RESULT_MARGIN_SECONDS,
    );
  });

  it("batches up to 1,000 messages with partial batch responses, at most 2 invocations at a time", () => {
    const mappings = run.graph
      .ofType("aws:lambda/eventSourceMapping:EventSourceMapping")
      .filter((m) => m.name !== "OnboardingReconcileWorkerEventSource");
    expect(mappings.map((m) => [m.name, m.inputs.maximumBatchingWindowInSeconds]).sort()).toEqual([
      ["OnboardingCompleteEventSource", 5],
      ["OnboardingLaunchEventSource", 60],
    ]);
    for (const m of mappings)
      expect(m.inputs).toMatchObject({
        batchSize: 1000,
        functionResponseTypes: ["ReportBatchItemFailures"],
        scalingConfig: { maximumConcurrency: 2 },
      });
  });

  it("delays launch events 90 s, so SSM agents have registered on the first pass", () => {
    const launch = run.graph.one("aws:sqs/queue:Queue", "OnboardingLaunchQueueQueue");
    expect(launch.inputs.delaySeconds).toBe(90);
    expect(run.graph.one("aws:sqs/queue:Queue", "OnboardingResultQueueQueue").inputs.delaySeconds).toBe(0);
  });

  it("lets only its own rules send to the queues", () => {
    for (const policy of run.graph.ofType("aws:sqs/queuePolicy:QueuePolicy")) {
      const doc = JSON.parse(String(policy.inputs.policy)) as PolicyDocument;
      expect(doc.Statement).toHaveLength(1);
      expect(doc.Statement[0]).toMatchObject({
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sqs:SendMessage",
        Condition: {
          ArnEquals: { "aws:SourceArn": expect.arrayContaining([expect.stringContaining("rule")]) },
        },
      });
    }
  });

  it.each(HANDLERS)("runs %s on nodejs24.x, outside the VPC", (handler) => {
    const { fn } = lambda(run, handler);
    expect(fn.inputs.runtime).toBe("nodejs24.x");
    expect(fn.inputs.vpcConfig).toBeUndefined();
  });

  it.each(HANDLERS)(
    "gives %s tag writes only for the prefix, on instances, and no write wildcard",
    (handler) => {
      const { statements } = lambda(run, handler);
      const tagging = statements.find((s) => actionsOf(s).includes("ec2:CreateTags"));
      expect(tagging).toEqual({
        Effect: "Allow",
        Action: ["ec2:CreateTags", "ec2:DeleteTags"],
        Resource: ["arn:aws:ec2:us-east-1:123456789012:instance/*"],
        Condition: {
          "ForAllValues:StringLike": { "aws:TagKeys": ["fleetwatch:*"] },
          Null: { "aws:TagKeys": ["false"] },
        },
      });
      for (const s of statements) {
        for (const action of actionsOf(s)) expect(action).not.toMatch(/\*/);
        if ([s.Resource].flat().includes("*"))
          expect(actionsOf(s).every((a) => /^(ec2:Describe|ssm:Describe|ssm:List)/.test(String(a)))).toBe(
            true,
          );
      }
    },
  );

  it("lets the reconcile write under onboarding/, the launch handler only the reservation ledgers", () => {
    const s3 = (h: string) =>
      lambda(run, h).statements.filter((s) => actionsOf(s).some((a) => String(a).startsWith("s3:")));
    const writes = (h: string) =>
      s3(h)
        .filter((s) => actionsOf(s).includes("s3:PutObject"))
        .map((s) => [actionsOf(s), [s.Resource].flat()]);
    const ledgers = [
      ["s3:GetObject", "s3:PutObject"],
      [expect.stringMatching(/^arn:aws:s3:::[^/]+\/onboarding\/reservations\/\*$/)],
    ];
    expect(writes(WORKER)).toEqual([
      ledgers,
      [["s3:GetObject", "s3:PutObject"], [expect.stringMatching(/^arn:aws:s3:::[^/]+\/onboarding\/\*$/)]],
    ]);
    expect(writes("functions/onboarding/onboard.handler")).toEqual([ledgers]);
    expect(s3("functions/onboarding/onboard.handler")).toHaveLength(1);
    for (const h of ["functions/onboarding/complete.handler", COORDINATOR]) expect(s3(h), h).toEqual([]);
  });

  it("allows SendCommand only with fleetwatch's document, on EC2 instances; never to the completion", () => {
    const send = (h: string) =>
      lambda(run, h).statements.filter((s) => actionsOf(s).includes("ssm:SendCommand"));
    for (const handler of ["functions/onboarding/onboard.handler", WORKER])
      expect(send(handler)).toEqual([
        {
          Effect: "Allow",
          Action: ["ssm:SendCommand"],
          Resource: [
            "arn:aws:ssm:us-east-1:123456789012:document/fleetwatch-dev-NodeExporter",
            "arn:aws:ec2:us-east-1:123456789012:instance/*",
          ],
        },
      ]);
    expect(send("functions/onboarding/complete.handler")).toEqual([]);
  });

  it("owns a schemaVersion 2.2 Command document that runs the install script", () => {
    const doc = run.graph.one("aws:ssm/document:Document");
    expect(doc.inputs).toMatchObject({
      name: "fleetwatch-dev-NodeExporter",
      documentType: "Command",
      documentFormat: "JSON",
    });
    const content = JSON.parse(String(doc.inputs.content));
    expect(content.schemaVersion).toBe("2.2");
    expect(content.mainSteps[0].action).toBe("aws:runShellScript");
    expect(content.mainSteps[0].inputs.runCommand.join("\n")).toContain("detect_family()");
    expect(Object.keys(content.parameters).sort()).toEqual(
      ["action", "collectors", "port", "sha256Amd64", "sha256Arm64", "source", "version"].sort(),
    );
  });

  it("fans the reconcile out through a work queue: 6 x the worker's timeout hidden, 3 receives, then its own DLQ", () => {
    const work = run.graph.one("aws:sqs/queue:Queue", "OnboardingReconcileQueueQueue");
    const { fn: worker } = lambda(run, WORKER);
    expect(worker.inputs.timeout).toBe(120);
    expect(work.inputs.visibilityTimeoutSeconds).toBe(6 * 120);
    expect(JSON.parse(String(work.inputs.redrivePolicy))).toMatchObject({
      maxReceiveCount: 3,
      deadLetterTargetArn: expect.stringContaining("OnboardingReconcileDeadLetterQueue"),
    });
    const dlq = run.graph.one("aws:sqs/queue:Queue", "OnboardingReconcileDeadLetterQueueQueue");
    expect(dlq.inputs.messageRetentionSeconds).toBe(1_209_600);
    const mapping = run.graph.one(
      "aws:lambda/eventSourceMapping:EventSourceMapping",
      "OnboardingReconcileWorkerEventSource",
    );
    expect(mapping.inputs).toMatchObject({ batchSize: 1, scalingConfig: { maximumConcurrency: 4 } });
    expect(String(mapping.inputs.eventSourceArn)).toContain("OnboardingReconcileQueue");
  });

  it("lets the coordinator only send to the work queue; the worker consumes it and dead-letters to its DLQ", () => {
    const { fn, statements } = lambda(run, COORDINATOR);
    expect(fn.inputs.timeout).toBe(60);
    expect(statements).toEqual([
      {
        Effect: "Allow",
        Action: ["sqs:SendMessage"],
        Resource: [expect.stringContaining("OnboardingReconcileQueue")],
      },
    ]);
    const sqs = lambda(run, WORKER).statements.filter((s) =>
      actionsOf(s).some((a) => String(a).startsWith("sqs:")),
    );
    expect(sqs.map((s) => [actionsOf(s), [s.Resource].flat().map(String)])).toEqual([
      [
        ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
        [expect.stringContaining("OnboardingReconcileQueue")],
      ],
      [
        ["sqs:SendMessage"],
        [
          expect.stringContaining("OnboardingReconcileQueue"),
          expect.stringContaining("OnboardingReconcileDeadLetterQueue"),
        ],
      ],
    ]);
  });

  it("reconciles every 30 minutes and once after a deploy that changes settings or document", () => {
    const schedule = run.graph.one("aws:scheduler/schedule:Schedule");
    expect(schedule.inputs.scheduleExpression).toBe("rate(30 minutes)");
    expect((schedule.inputs.target as { input: string }).input).toBe('{"trigger":"schedule"}');
    const invocation = run.graph.one("aws:lambda/invocation:Invocation");
    const reconcile = lambda(run, COORDINATOR).fn;
    expect(invocation.inputs).toMatchObject({
      functionName: reconcile.inputs.name,
      input: '{"trigger":"deploy"}',
    });
    expect((invocation.inputs.triggers as { settingsAndDocument: string }).settingsAndDocument).toMatch(
      /^[0-9a-f]{64}$/,
    );
  });
});

describe("onboarding stack, two regions and a custom tag prefix", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await onboardingRun("dev", "onboarding-regions.ts");
  });

  it("creates the document in both regions and forwards both kinds of events from the other region home", () => {
    expect(
      run.graph
        .ofType("aws:ssm/document:Document")
        .map((d) => d.name)
        .sort(),
    ).toEqual(["NodeExporterDocument", "NodeExporterDocument-us-east-1"]);
    const forwards = run.graph
      .ofType("aws:cloudwatch/eventTarget:EventTarget")
      .filter((t) => t.name.includes("Forward"));
    expect(forwards.map((t) => t.inputs.arn)).toEqual([
      "arn:aws:events:eu-west-1:123456789012:event-bus/default",
      "arn:aws:events:eu-west-1:123456789012:event-bus/default",
    ]);
    const role = run.graph.one("aws:iam/role:Role", "OnboardingForwardingRole");
    const policy = JSON.parse(
      (role.inputs.inlinePolicies as { policy: string }[])[0]?.policy ?? "{}",
    ) as PolicyDocument;
    expect(policy.Statement).toEqual([
      {
        Effect: "Allow",
        Action: "events:PutEvents",
        Resource: "arn:aws:events:eu-west-1:123456789012:event-bus/default",
      },
    ]);
  });

  it("defaults each region's document to that region's mirror, and links the source of every region", () => {
    const sources = Object.fromEntries(
      run.graph
        .ofType("aws:ssm/document:Document")
        .map((d) => [d.name, JSON.parse(String(d.inputs.content)).parameters.source.default]),
    );
    expect(sources).toEqual({
      NodeExporterDocument: "s3://acme-mirror-eu-west-1/node_exporter",
      "NodeExporterDocument-us-east-1": "s3://acme-mirror-us-east-1/node_exporter",
    });
    expect(run.outputs.linkedSettings).toMatchObject({
      exporter: {
        sources: {
          "eu-west-1": "s3://acme-mirror-eu-west-1/node_exporter",
          "us-east-1": "s3://acme-mirror-us-east-1/node_exporter",
        },
      },
    });
  });

  it("scopes tagging and SendCommand to both regions and the configured prefix", () => {
    const { statements } = lambda(run, "functions/onboarding/onboard.handler");
    const tagging = statements.find((s) => actionsOf(s).includes("ec2:CreateTags"));
    expect(tagging?.Condition).toMatchObject({ "ForAllValues:StringLike": { "aws:TagKeys": ["acme:fw:*"] } });
    expect(tagging?.Resource).toEqual([
      "arn:aws:ec2:eu-west-1:123456789012:instance/*",
      "arn:aws:ec2:us-east-1:123456789012:instance/*",
    ]);
  });
});

describe("onboarding stack, attachSecurityGroup on", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await onboardingRun("dev", "attach-security-group.ts");
  });

  it("creates one node-exporter group in the fleetwatch VPC, admitting only the exporter port from Prometheus", () => {
    const group = run.graph.one("aws:ec2/securityGroup:SecurityGroup", "NodeExporterSecurityGroup");
    expect(group.inputs).toMatchObject({ vpcId: VPC, egress: [] });
    expect(run.graph.ofType("aws:ec2/securityGroup:SecurityGroup")).toHaveLength(1);
    const rules = run.graph.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule");
    expect(rules.map((r) => r.inputs)).toEqual([
      expect.objectContaining({
        securityGroupId: "nodeexportersecuritygroup-id",
        referencedSecurityGroupId: PROMETHEUS_SG,
        ipProtocol: "tcp",
        fromPort: 9111,
        toPort: 9111,
      }),
    ]);
    expect(rules[0]?.inputs).not.toHaveProperty("cidrIpv4");
  });

  it("lets completion and reconcile change interfaces only in the fleetwatch VPC; never the launch handler", () => {
    const modify = (h: string) =>
      lambda(run, h).statements.filter((s) => actionsOf(s).includes("ec2:ModifyNetworkInterfaceAttribute"));
    for (const handler of ["functions/onboarding/complete.handler", WORKER])
      expect(modify(handler)).toEqual([
        {
          Effect: "Allow",
          Action: ["ec2:ModifyNetworkInterfaceAttribute"],
          Resource: [
            "arn:aws:ec2:eu-west-1:123456789012:network-interface/*",
            "arn:aws:ec2:us-east-1:123456789012:network-interface/*",
            // AWS authorizes the change on the interface's instance as well (instance/* in every region).
            "arn:aws:ec2:eu-west-1:123456789012:instance/*",
            "arn:aws:ec2:us-east-1:123456789012:instance/*",
            "arn:aws:ec2:eu-west-1:123456789012:security-group/*",
          ],
          // The instance resource type has no ec2:Vpc key: IfExists lets the condition hold there.
          Condition: {
            ArnEqualsIfExists: { "ec2:Vpc": [`arn:aws:ec2:eu-west-1:123456789012:vpc/${VPC}`] },
          },
        },
      ]);
    expect(modify("functions/onboarding/onboard.handler")).toEqual([]);
  });

  it("links the group and the VPC to the Lambdas in their settings", () => {
    expect(run.outputs.linkedSettings).toMatchObject({
      securityGroup: { id: "nodeexportersecuritygroup-id", vpcId: VPC },
      exporter: { port: 9111 },
    });
  });
});

describe("onboarding stack, attachSecurityGroup off (the default)", () => {
  it("creates no security group, grants no interface change and links no group", async () => {
    const run = await onboardingRun("dev");
    expect(run.graph.ofType("aws:ec2/securityGroup:SecurityGroup")).toEqual([]);
    expect(run.graph.ofType("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule")).toEqual([]);
    for (const handler of HANDLERS)
      expect(lambda(run, handler).statements.flatMap(actionsOf)).not.toContain(
        "ec2:ModifyNetworkInterfaceAttribute",
      );
    expect(run.outputs.linkedSettings).not.toHaveProperty("securityGroup");
    expect(run.outputs.linkedSettings).toHaveProperty("documentName", "fleetwatch-dev-NodeExporter");
  });
});

describe("onboarding stack, member accounts", () => {
  const ASSUMERS = [...HANDLERS];

  it("links the accounts with the home account's id and grants AssumeRole on exactly the member roles", async () => {
    const run = await onboardingRun("production", "onboarding-member-accounts.ts");
    expect(run.outputs.linkedSettings).toMatchObject({
      accounts: {
        home: expect.stringMatching(/^\d{12}$/),
        memberRoleName: "fleetwatch-member",
        members: [
          { id: "210987654321", name: "payments", regions: [] },
          { id: "333333333333", regions: ["eu-west-1"] },
        ],
        units: [],
      },
      groups: [expect.objectContaining({ name: "payments", accounts: ["210987654321"] }), expect.anything()],
    });
    for (const handler of ASSUMERS) {
      const assume = lambda(run, handler).statements.filter((s) => actionsOf(s).includes("sts:AssumeRole"));
      expect(assume, handler).toEqual([
        expect.objectContaining({
          Resource: [
            "arn:aws:iam::210987654321:role/fleetwatch-member",
            "arn:aws:iam::333333333333:role/fleetwatch-member",
          ],
        }),
      ]);
    }
    const coordinator = lambda(run, COORDINATOR).statements.flatMap(actionsOf);
    expect(coordinator.filter((a) => a?.startsWith("sts:") || a?.startsWith("organizations:"))).toEqual([]);
    for (const handler of ASSUMERS)
      expect(
        lambda(run, handler)
          .statements.flatMap(actionsOf)
          .filter((a) => a?.startsWith("organizations:")),
        handler,
      ).toEqual([]);
  });

  it("in Organization mode, conditions AssumeRole on the Organization and lets the coordinator, launch and complete list units", async () => {
    const run = await onboardingRun("production", "onboarding-organization.ts");
    for (const handler of ASSUMERS) {
      const assume = lambda(run, handler).statements.filter((s) => actionsOf(s).includes("sts:AssumeRole"));
      expect(assume, handler).toEqual([
        expect.objectContaining({
          Resource: ["arn:aws:iam::*:role/fleetwatch-member-role"],
          Condition: { StringEquals: { "aws:ResourceOrgID": ["o-a1b2c3d4e5"] } },
        }),
      ]);
    }
    const listing = (handler: string) =>
      lambda(run, handler)
        .statements.flatMap(actionsOf)
        .filter((a) => a?.startsWith("organizations:"))
        .sort();
    for (const handler of [COORDINATOR, ...HANDLERS.filter((h) => h !== WORKER)])
      expect(listing(handler), handler).toEqual([
        "organizations:ListAccountsForParent",
        "organizations:ListOrganizationalUnitsForParent",
      ]);
    expect(listing(WORKER)).toEqual([]);
  });
});
