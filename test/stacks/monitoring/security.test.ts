import type { AppRun, PolicyStatement, RecordedResource } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { FLOWS } from "../../../stacks/monitoring/security-groups";
import { runStage } from "../../infra/harness";
import { ECS_SERVICE, INGRESS_RULE, LOAD_BALANCER, SECURITY_GROUP, serviceNames } from "./tasks";

const ROLE = "aws:iam/role:Role";
const LISTENER = "aws:lb/listener:Listener";

/**
 * Read-only actions AWS grants only on "*" (they have no resource-level permissions): the EC2 Describe calls of
 * Prometheus's discovery and of onboarding, and onboarding's SSM readiness and command listings.
 */
const STAR_RESOURCE_ACTIONS = [
  "ec2:DescribeInstances",
  "ec2:DescribeAvailabilityZones",
  "ssm:DescribeInstanceInformation",
  "ssm:ListCommands",
];

/**
 * Actions IAM authorizes only on "*" for the way fleetwatch calls them, each scoped by a condition key instead:
 * ListTasks by cluster and service name (the health audit's) is checked against `ecs:cluster`.
 */
const STAR_RESOURCE_SCOPED_BY: Record<string, string> = { "ecs:ListTasks": "ecs:cluster" };

/** Every statement of every IAM policy the app creates, with where it comes from. */
function everyStatement(run: AppRun): { where: string; statement: PolicyStatement }[] {
  const documents: { where: string; json: string }[] = [];
  for (const role of run.graph.ofType(ROLE)) {
    for (const inline of (role.inputs.inlinePolicies as { policy?: string }[] | undefined) ?? []) {
      if (inline.policy) documents.push({ where: role.name, json: inline.policy });
    }
  }
  for (const type of ["aws:iam/rolePolicy:RolePolicy", "aws:iam/policy:Policy"]) {
    for (const policy of run.graph.ofType(type))
      documents.push({ where: policy.name, json: String(policy.inputs.policy) });
  }
  return documents.flatMap(({ where, json }) =>
    (JSON.parse(json) as { Statement: PolicyStatement[] }).Statement.map((statement) => ({
      where,
      statement,
    })),
  );
}

const asList = (v: unknown): string[] =>
  Array.isArray(v) ? v.map(String) : v === undefined ? [] : [String(v)];

/** The actions a role allows. */
function allowedActions(run: AppRun, role: string): string[] {
  return everyStatement(run)
    .filter((s) => s.where === role && s.statement.Effect === "Allow")
    .flatMap((s) => asList(s.statement.Action))
    .sort();
}

/** Ingress rules into a security group, as `from:port`, by logical names of the groups. */
function ingressInto(run: AppRun, group: RecordedResource): string[] {
  const byId = new Map(run.graph.ofType(SECURITY_GROUP).map((g) => [`${g.name.toLowerCase()}-id`, g.name]));
  return run.graph
    .ofType(INGRESS_RULE)
    .filter((r) => r.inputs.securityGroupId === `${group.name.toLowerCase()}-id`)
    .map((r) => {
      const from = r.inputs.cidrIpv4 ?? byId.get(String(r.inputs.referencedSecurityGroupId)) ?? "?";
      return `${String(from)}:${String(r.inputs.fromPort)}`;
    })
    .sort();
}

describe("monitoring security, default config", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await runStage("dev");
  });

  it("grants every IAM statement of the app least privilege: no wildcard action, '*' resources only for read-only calls (or scoped by a condition)", () => {
    const statements = everyStatement(run);
    expect(statements.length).toBeGreaterThan(20);
    for (const { where, statement } of statements) {
      if (statement.Effect !== "Allow") continue;
      const actions = asList(statement.Action);
      expect(statement.NotAction, where).toBeUndefined();
      for (const action of actions) expect(action, where).not.toContain("*");
      if (asList(statement.Resource).some((r) => r === "*" || r.endsWith(":*"))) {
        for (const action of actions) {
          const key = STAR_RESOURCE_SCOPED_BY[action];
          if (key) {
            const keys = Object.values(statement.Condition ?? {}).flatMap((test) => Object.keys(test));
            expect(keys, `${where}: ${action} on * without ${key}`).toContain(key);
          } else expect(STAR_RESOURCE_ACTIONS, `${where}: ${action} on *`).toContain(action);
        }
      }
    }
  });

  it.each([
    [
      "PrometheusDefaultATaskRole",
      [
        "ec2:DescribeAvailabilityZones",
        "ec2:DescribeInstances",
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
        "s3:GetObject",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListBucket",
        "s3:PutObject",
      ],
    ],
    ["ThanosQueryTaskRole", ["s3:GetObject", "s3:ListBucket"]],
    ["ThanosQueryFrontendTaskRole", []],
    ["ThanosStoreTaskRole", ["s3:GetObject", "s3:GetObject", "s3:ListBucket", "s3:ListBucket"]],
    ["ThanosBucketWebTaskRole", ["s3:GetObject", "s3:GetObject", "s3:ListBucket", "s3:ListBucket"]],
    [
      "ThanosCompactorTaskRole",
      [
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
        "s3:GetObject",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListBucket",
        "s3:PutObject",
      ],
    ],
    ...["ThanosRulerATaskRole", "ThanosRulerBTaskRole"].map((role): [string, string[]] => [
      role,
      [
        "s3:AbortMultipartUpload",
        "s3:DeleteObject",
        "s3:GetObject",
        "s3:GetObject",
        "s3:ListBucket",
        "s3:ListBucket",
        "s3:PutObject",
      ],
    ]),
    ["AlertmanagerTaskRole", ["s3:GetObject", "s3:ListBucket"]],
    ["GrafanaTaskRole", ["s3:GetObject", "s3:ListBucket"]],
    ["GrafanaExecutionRole", ["ssm:GetParameters"]],
    ["ThanosStoreExecutionRole", []],
  ])("%s allows exactly %j", (role, actions) => {
    expect(allowedActions(run, role)).toEqual(actions);
  });

  it("lets exactly the Thanos writers abort their multipart uploads (minio-go does), on the bucket's objects", () => {
    const objects = `arn:aws:s3:::${String(run.outputs.thanosBucket)}/*`;
    const rolesAllowing = (action: string) =>
      [
        ...new Set(
          everyStatement(run)
            .filter((s) => s.statement.Effect === "Allow" && asList(s.statement.Action).includes(action))
            .filter((s) => asList(s.statement.Resource).includes(objects))
            .map((s) => s.where),
        ),
      ].sort();
    const writers = rolesAllowing("s3:PutObject");
    expect(writers).toEqual([
      "PrometheusDefaultATaskRole",
      "PrometheusDefaultBTaskRole",
      "ThanosCompactorTaskRole",
      "ThanosRulerATaskRole",
      "ThanosRulerBTaskRole",
    ]);
    expect(rolesAllowing("s3:AbortMultipartUpload")).toEqual(writers);
    for (const { where, statement } of everyStatement(run)) {
      if (asList(statement.Action).includes("s3:AbortMultipartUpload"))
        expect(asList(statement.Resource), where).toEqual([objects]);
    }
    // The readers: the Store Gateway, Query, Bucket Web and the health Lambdas.
    const aborting = everyStatement(run)
      .filter((s) => asList(s.statement.Action).includes("s3:AbortMultipartUpload"))
      .map((s) => s.where);
    for (const reader of [
      "ThanosStoreTaskRole",
      "ThanosQueryTaskRole",
      "ThanosBucketWebTaskRole",
      "HealthAuditRole",
      "HealthDigestRole",
    ])
      expect(aborting).not.toContain(reader);
  });

  it("scopes bucket access: blocks written only to the Thanos bucket, the state bucket only by prefix", () => {
    const thanos = String(run.outputs.thanosBucket);
    const state = String(run.outputs.stateBucket);
    for (const { where, statement } of everyStatement(run)) {
      const actions = asList(statement.Action);
      const resources = asList(statement.Resource);
      // The health Lambdas keep their reports, digests and audit cache in the state bucket; the onboarding
      // reconcile writes only its status summary, the onboarding Lambdas their reservation ledgers.
      const healthState = ["reports", "digests", "audit"].map((p) => `arn:aws:s3:::${state}/${p}/*`);
      const onboardingState = [`arn:aws:s3:::${state}/onboarding/*`];
      const ledgers = [`arn:aws:s3:::${state}/onboarding/reservations/*`];
      if (actions.includes("s3:DeleteObject")) expect(resources, where).toEqual([`arn:aws:s3:::${thanos}/*`]);
      if (actions.includes("s3:PutObject")) {
        expect([[`arn:aws:s3:::${thanos}/*`], healthState, onboardingState, ledgers], where).toContainEqual(
          resources,
        );
      }
      if (resources.some((r) => r.includes(state)) && statement.Effect === "Allow") {
        expect(actions, where).toEqual(expect.arrayContaining([expect.stringMatching(/^s3:(Get|List)/)]));
        const scoped =
          resources.every((r) => r.startsWith(`arn:aws:s3:::${state}/`)) ||
          (resources.every((r) => r === `arn:aws:s3:::${state}`) &&
            actions.every((a) => a === "s3:ListBucket")) ||
          JSON.stringify(statement.Condition) ===
            JSON.stringify({ StringLike: { "s3:prefix": ["config/*"] } });
        expect(scoped, where).toBe(true);
      }
    }
  });

  it("puts Grafana and the Query Frontend behind one internal load balancer, reachable from private networks", () => {
    const lb = run.graph.one(LOAD_BALANCER);
    expect(lb.inputs.internal).toBe(true);
    const listeners = run.graph
      .ofType(LISTENER)
      .map((l) => `${String(l.inputs.port)}/${String(l.inputs.protocol)}`);
    expect(listeners.sort()).toEqual(["80/HTTP", "8080/HTTP", "9090/HTTP"]);
    const group = run.graph.one(SECURITY_GROUP, "MonitoringLoadBalancerSecurityGroup");
    const ingress = group.inputs.ingress as { fromPort: number; cidrBlocks: string[] }[];
    expect(ingress.map((i) => i.fromPort).sort()).toEqual([80, 8080, 9090]);
    for (const rule of ingress)
      expect(rule.cidrBlocks).toEqual(["10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16"]);
  });

  it("runs every task in private subnets without a public IP, in its own component's security group (and a Prometheus in its scrape group's)", () => {
    for (const name of serviceNames(run)) {
      const network = run.graph.one(ECS_SERVICE, `${name}Service`).inputs.networkConfiguration as {
        assignPublicIp: boolean;
        subnets: string[];
        securityGroups: string[];
      };
      expect(network.assignPublicIp, name).toBe(false);
      expect(
        network.subnets.every((s) => /private/i.test(s)),
        name,
      ).toBe(true);
      expect(network.securityGroups, name).toHaveLength(name.startsWith("Prometheus") ? 2 : 1);
    }
  });

  it("admits into each component only its callers, by security group, never by address", () => {
    const rules = run.graph.ofType(INGRESS_RULE);
    const taskGroups = run.graph
      .ofType(SECURITY_GROUP)
      .filter((g) => g.name !== "MonitoringLoadBalancerSecurityGroup");
    for (const rule of rules) {
      expect(rule.inputs.cidrIpv4, rule.name).toBeUndefined();
      expect(rule.inputs.referencedSecurityGroupId, rule.name).toBeDefined();
    }
    for (const group of taskGroups) expect(group.inputs.ingress ?? [], group.name).toEqual([]);
    const prometheus = run.graph.one(SECURITY_GROUP, "PrometheusSecurityGroup");
    expect(ingressInto(run, prometheus)).toEqual(["QuerySecurityGroup:10901"]);
    const group = run.graph.one(SECURITY_GROUP, "PrometheusDefaultSecurityGroup");
    expect(ingressInto(run, group)).toEqual([
      "PrometheusDefaultSecurityGroup:10902",
      "PrometheusDefaultSecurityGroup:9090",
    ]);
    const compactor = run.graph.one(SECURITY_GROUP, "CompactorSecurityGroup");
    expect(ingressInto(run, compactor)).toEqual([
      "AuditClientSecurityGroup:10902",
      "PrometheusDefaultSecurityGroup:10902",
    ]);
    const frontend = run.graph.one(SECURITY_GROUP, "QueryFrontendSecurityGroup");
    expect(ingressInto(run, frontend)).toEqual([
      "AuditClientSecurityGroup:10902",
      "GrafanaSecurityGroup:10902",
      "MonitoringLoadBalancerSecurityGroup:10902",
      "PrometheusDefaultSecurityGroup:10902",
    ]);
    const grafana = run.graph.one(SECURITY_GROUP, "GrafanaSecurityGroup");
    expect(ingressInto(run, grafana)).toEqual([
      "MonitoringLoadBalancerSecurityGroup:3000",
      "PrometheusDefaultSecurityGroup:3000",
    ]);
    const alertmanager = run.graph.one(SECURITY_GROUP, "AlertmanagerSecurityGroup");
    // Its replicas gossip with each other on 9094, over TCP and UDP.
    expect(ingressInto(run, alertmanager)).toEqual([
      "AlertmanagerSecurityGroup:9094",
      "AlertmanagerSecurityGroup:9094",
      "GrafanaSecurityGroup:9093",
      "PrometheusSecurityGroup:9093",
      "RulerSecurityGroup:9093",
    ]);
    // The load balancer's 3, and per scrape group 2, plus the first group's scrapes of 7 shared services, plus
    // Alertmanager's gossip (TCP and UDP).
    expect(rules).toHaveLength(FLOWS.length + 3 + 2 + 7 + 2);
    expect(run.outputs.prometheusSecurityGroupId).toBe("prometheussecuritygroup-id");
    // The health Lambdas carry the group the compactor and the Query Frontend admit on their HTTP port.
    for (const name of ["HealthAuditFunction", "HealthDigestFunction"]) {
      const vpc = run.graph.one("aws:lambda/function:Function", name).inputs.vpcConfig as {
        securityGroupIds: string[];
      };
      expect(vpc.securityGroupIds, name).toContain("auditclientsecuritygroup-id");
    }
  });
});

describe("monitoring security with access.public", () => {
  let run: AppRun;
  beforeAll(async () => {
    run = await runStage("dev", "public-access.ts");
  });

  it("makes the load balancer public only with HTTPS, the certificate and the allowed CIDRs", () => {
    expect(run.graph.one(LOAD_BALANCER).inputs.internal).toBe(false);
    // Grafana is on the HTTPS listener: the URL Slack messages link to says so.
    expect(run.outputs.grafanaUrl).toMatch(/^https:\/\/[^:/]+\.us-east-1\.elb\.amazonaws\.com$/);
    const listeners = run.graph.ofType(LISTENER);
    expect(listeners.map((l) => l.inputs.port).sort()).toEqual([443, 9443]);
    for (const listener of listeners) {
      expect(listener.inputs).toMatchObject({
        protocol: "HTTPS",
        certificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/0a1b2c3d-4e5f-6a7b-8c9d-0e1f2a3b4c5d",
        sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06",
      });
    }
    const group = run.graph.one(SECURITY_GROUP, "MonitoringLoadBalancerSecurityGroup");
    for (const rule of group.inputs.ingress as { cidrBlocks: string[] }[]) {
      expect(rule.cidrBlocks).toEqual(["203.0.113.0/24", "198.51.100.0/24"]);
    }
  });

  it("never puts Bucket Web, Prometheus or Thanos gRPC on it", () => {
    const targets = run.graph.ofType("aws:lb/targetGroup:TargetGroup").map((t) => t.inputs.port);
    expect(targets.sort()).toEqual([10902, 3000]);
    const bucketWeb = run.graph.one(ECS_SERVICE, "ThanosBucketWebService").inputs.loadBalancers as unknown[];
    expect(bucketWeb ?? []).toEqual([]);
    const bucketWebGroup = run.graph.one(SECURITY_GROUP, "BucketWebSecurityGroup");
    expect(ingressInto(run, bucketWebGroup)).toEqual(["PrometheusDefaultSecurityGroup:10902"]);
  });
});
