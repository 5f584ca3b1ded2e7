import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedConfig } from "@fleetwatch/config";
import {
  type AccountSettings,
  accountSettings,
  commandDocument,
  MAX_RECEIVE_COUNT,
  type OnboardingSettings,
  onboardingSettings,
  QUEUE_TUNING,
  RECONCILE_TUNING,
  WORK_VISIBILITY_SECONDS,
} from "@fleetwatch/onboarding";
import { ORGANIZATION_GRANT } from "@fleetwatch/onboarding-aws/calls";
import { STATE_ACCESS } from "@fleetwatch/state-layout";
import { fleetGrants } from "./onboarding-grants";
import { type Storage, stateBucketAccess } from "./storage";

/** What EventBridge forwards: instances entering `running`, and fleetwatch's command results. */
export const EC2_RUNNING_PATTERN = {
  source: ["aws.ec2"],
  "detail-type": ["EC2 Instance State-change Notification"],
  detail: { state: ["running"] },
};
export const resultPattern = (documentName: string) => ({
  source: ["aws.ssm"],
  "detail-type": ["EC2 Command Invocation Status-change Notification"],
  detail: { "document-name": [documentName], status: ["Success", "Failed", "TimedOut", "Cancelled"] },
});

/** Concurrent invocations per queue: the minimum SQS allows; keeps duplicate deliveries in one pass. */
export const MAX_CONCURRENCY = 2;
/** Days a dead-lettered message is kept for inspection and redrive (the SQS maximum). */
export const DEAD_LETTER_RETENTION_SECONDS = 14 * 24 * 3600;

/** The settings as linked: the security group's id and the home account's are known only at deploy. */
type LinkedSettings = Omit<OnboardingSettings, "securityGroup" | "accounts"> & {
  securityGroup?: { id: $util.Input<string>; vpcId: $util.Input<string> };
  accounts?: Omit<AccountSettings, "home"> & { home: $util.Input<string> };
};

/** What onboarding takes from the other stacks. */
export interface OnboardingStackDeps {
  /** The fleetwatch VPC (network stack): the only VPC whose interfaces can take the node-exporter group. */
  vpcId: $util.Input<string>;
  /** The Prometheus tasks' security group (monitoring stack): the only source the node-exporter group admits. */
  prometheusSecurityGroupId: $util.Input<string>;
  /** The state bucket: the reconcile workers keep their runs' parts and the digest's `onboarding/status.json` there. */
  storage: Storage;
}

export interface Onboarding {
  settings: OnboardingSettings;
  /** With `onboarding.attachSecurityGroup`: the group onboarding attaches to instances in the fleetwatch VPC. */
  nodeExporterSecurityGroup?: aws.ec2.SecurityGroup;
  /** The settings linked to the Lambdas (`Resource.OnboardingSettings`). */
  settingsLink: sst.Linkable<LinkedSettings>;
  launchQueue: sst.aws.Queue;
  resultQueue: sst.aws.Queue;
  deadLetterQueue: sst.aws.Queue;
  documents: aws.ssm.Document[];
  reconcile: Reconcile;
  /**
   * The execution roles of the Lambdas that act on instances (launch, complete, reconcile worker): the member role
   * of every member account trusts them (stacks/members.ts).
   */
  fleetRoleArns: $util.Output<string>[];
}

interface Context {
  config: ResolvedConfig;
  settings: OnboardingSettings;
  account: $util.Output<string>;
  partition: $util.Output<string>;
  providers: Map<string, aws.Provider | undefined>;
  /** With `onboarding.attachSecurityGroup`: the fleetwatch VPC's ARN, the condition on interface changes. */
  vpcArn?: $util.Output<string>;
  /** The launch handler's grant in the state bucket: the reservation ledgers (`STATE_ACCESS.launch`). */
  ledgerArns: $util.Output<string>[];
  /** The member accounts (the config's `accounts`), without the home account's id. */
  members?: Omit<AccountSettings, "home">;
  /** In Organization mode: the Organization's id (`aws.organizations.getOrganization` at deploy). */
  organizationId?: $util.Output<string>;
}

const homeArn = (ctx: Context, service: string, region: string, resource: $util.Input<string>) =>
  $interpolate`arn:${ctx.partition}:${service}:${region}:${ctx.account}:${resource}`;

/** The install script the Command document runs (one source for the home and the member accounts' documents). */
export function installScript(): string {
  // Read from the project root: the stack is bundled at deploy, so a path relative to the module would move.
  return readFileSync(join($cli.paths.root, "packages/onboarding/assets/node-exporter.sh"), "utf8");
}

/** The JSON of fleetwatch's Command document in `region` (its default source is that region's). */
const documentContent = (ctx: Context, region: string, script: string) =>
  JSON.stringify(commandDocument(ctx.settings.exporter, region, script));

/**
 * fleetwatch's Command document in every configured region (SendCommand needs it in the instance's region),
 * each defaulting to the region's own source (its mirror bucket).
 */
function documents(ctx: Context, script: string): aws.ssm.Document[] {
  return ctx.config.regions.map((region) => {
    const provider = ctx.providers.get(region);
    const content = documentContent(ctx, region, script);
    return new aws.ssm.Document(
      region === ctx.config.homeRegion ? "NodeExporterDocument" : `NodeExporterDocument-${region}`,
      { name: ctx.settings.documentName, documentType: "Command", documentFormat: "JSON", content },
      provider ? { provider } : {},
    );
  });
}

type Links = NonNullable<sst.aws.FunctionArgs["link"]>;
type Permission = sst.aws.FunctionArgs["permissions"] extends $util.Input<infer P> | undefined ? P : never;

/**
 * A Lambda's grants, least privilege: the account's EC2 and SSM grants shared with the member role
 * (`fleetGrants`), and the home-only ones: interfaces in the fleetwatch VPC, the reservation ledgers.
 */
function permissions(ctx: Context, kind: "onboard" | "complete" | "reconcile"): Permission {
  const regions = ctx.config.regions;
  const list: Permission = fleetGrants(kind, {
    regions,
    tagPrefix: ctx.settings.tagPrefix,
    documentName: ctx.settings.documentName,
    arn: (service, region, resource) => homeArn(ctx, service, region, resource),
  });
  if (ctx.vpcArn && kind !== "onboard")
    list.push({
      // Only interfaces (and the groups they get) in the fleetwatch VPC: the condition key ec2:Vpc is an ARN.
      // The request is authorized on the interface's instance too, which has no ec2:Vpc key: hence IfExists.
      actions: ["ec2:ModifyNetworkInterfaceAttribute"],
      resources: [
        ...regions.map((r) => homeArn(ctx, "ec2", r, "network-interface/*")),
        ...regions.map((r) => homeArn(ctx, "ec2", r, "instance/*")),
        homeArn(ctx, "ec2", ctx.config.homeRegion, "security-group/*"),
      ],
      conditions: [{ test: "ArnEqualsIfExists", variable: "ec2:Vpc", values: [ctx.vpcArn] }],
    });
  if (kind !== "complete")
    // The reservation ledgers: read, then written with If-Match / If-None-Match (no extra action needed).
    list.push({ actions: ["s3:GetObject", "s3:PutObject"], resources: ctx.ledgerArns });
  list.push(...memberRoleGrant(ctx));
  // The launch and result handlers ask the units' accounts (UnitMembership); the worker reconciles given ones.
  if (kind !== "reconcile") list.push(...organizationGrant(ctx));
  return list;
}

/**
 * Organization mode: the Organizations calls that list the units' accounts (`OrganizationsAccountDirectory`,
 * whose call list names them: `*` only), for the reconcile coordinator and the launch and result handlers.
 */
function organizationGrant(ctx: Context): Permission {
  if (!ctx.organizationId) return [];
  return [{ actions: [...ORGANIZATION_GRANT.actions], resources: [...ORGANIZATION_GRANT.resources] }];
}

/**
 * AssumeRole of the member role in each member account (the onboarding Lambdas', to make the same calls there):
 * exactly the listed accounts' roles, or in Organization mode the role of any account of the Organization
 * (`aws:ResourceOrgID`: the role's account is in it), as the StackSet creates it only in the units' accounts.
 */
function memberRoleGrant(ctx: Context): Permission {
  const members = ctx.members;
  if (!members) return [];
  const role = (account: string) =>
    $interpolate`arn:${ctx.partition}:iam::${account}:role/${members.memberRoleName}`;
  if (ctx.organizationId)
    return [
      {
        actions: ["sts:AssumeRole"],
        resources: [role("*")],
        conditions: [{ test: "StringEquals", variable: "aws:ResourceOrgID", values: [ctx.organizationId] }],
      },
    ];
  return [{ actions: ["sts:AssumeRole"], resources: members.members.map((m) => role(m.id)) }];
}

/**
 * fleetwatch's `node-exporter` group in the fleetwatch VPC: TCP on the exporter port from the Prometheus tasks'
 * group only (a rule can reference a group only in its own VPC). No egress rule: groups are stateful, so the
 * answers to scrapes pass, and the instance's own groups keep deciding its outbound traffic.
 */
function nodeExporterSecurityGroup(ctx: Context, deps: OnboardingStackDeps): aws.ec2.SecurityGroup {
  const port = ctx.config.nodeExporter.port;
  const group = new aws.ec2.SecurityGroup("NodeExporterSecurityGroup", {
    vpcId: deps.vpcId,
    description: `fleetwatch node_exporter: TCP ${port} from the Prometheus tasks`,
    egress: [],
  });
  new aws.vpc.SecurityGroupIngressRule("NodeExporterFromPrometheus", {
    securityGroupId: group.id,
    referencedSecurityGroupId: deps.prometheusSecurityGroupId,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    description: "Prometheus scrapes node_exporter",
  });
  return group;
}

/** A dead-letter queue keeping its messages as long as SQS allows. */
function deadLetterQueue(name: string): sst.aws.Queue {
  return new sst.aws.Queue(name, {
    transform: {
      queue: (args) => {
        args.messageRetentionSeconds = DEAD_LETTER_RETENTION_SECONDS;
      },
    },
  });
}

/** How long a consumer Lambda may run on one batch. */
const CONSUMER_TIMEOUT_SECONDS = 120;

/**
 * A queue retried through its visibility, dead-lettering after MAX_RECEIVE_COUNT receives. Its visibility is
 * what AWS recommends for a Lambda consumer: six times the function's timeout plus the batching window, so a
 * batch still being retried by Lambda is never handed out twice.
 */
function queue(name: string, dlq: sst.aws.Queue, windowSeconds: number, delaySeconds = 0): sst.aws.Queue {
  return new sst.aws.Queue(name, {
    visibilityTimeout: `${6 * CONSUMER_TIMEOUT_SECONDS + windowSeconds} seconds`,
    delay: `${delaySeconds} seconds`,
    dlq: { queue: dlq.arn, retry: MAX_RECEIVE_COUNT },
  });
}

/** A rule on the home region's default bus delivering to a queue; failed deliveries go to the DLQ. */
function rule(name: string, pattern: object, target: sst.aws.Queue, dlq: sst.aws.Queue) {
  const eventRule = new aws.cloudwatch.EventRule(name, {
    description: `fleetwatch onboarding: ${name}`,
    eventBusName: "default",
    eventPattern: JSON.stringify(pattern),
  });
  new aws.cloudwatch.EventTarget(`${name}Target`, {
    rule: eventRule.name,
    eventBusName: "default",
    arn: target.arn,
    deadLetterConfig: { arn: dlq.arn },
    retryPolicy: { maximumEventAgeInSeconds: 86_400, maximumRetryAttempts: 185 },
  });
  return eventRule;
}

/** Only the rules may send to the queues (and their failed deliveries to the DLQ). */
function queuePolicy(name: string, queue: sst.aws.Queue, rules: aws.cloudwatch.EventRule[]) {
  new aws.sqs.QueuePolicy(name, {
    queueUrl: queue.url,
    policy: $jsonStringify({
      Version: "2012-10-17",
      Statement: [
        {
          Sid: "EventBridgeRules",
          Effect: "Allow",
          Principal: { Service: "events.amazonaws.com" },
          Action: "sqs:SendMessage",
          Resource: queue.arn,
          Condition: { ArnEquals: { "aws:SourceArn": rules.map((r) => r.arn) } },
        },
      ],
    }),
  });
}

/** In each extra region: a rule forwarding both kinds of events to the home region's default bus. */
function forwarding(ctx: Context) {
  const extra = ctx.config.regions.filter((r) => r !== ctx.config.homeRegion);
  if (extra.length === 0) return;
  const homeBus = homeArn(ctx, "events", ctx.config.homeRegion, "event-bus/default");
  const role = new aws.iam.Role("OnboardingForwardingRole", {
    assumeRolePolicy: JSON.stringify({
      Version: "2012-10-17",
      Statement: [
        { Effect: "Allow", Principal: { Service: "events.amazonaws.com" }, Action: "sts:AssumeRole" },
      ],
    }),
    inlinePolicies: [
      {
        name: "put-events-home",
        policy: $jsonStringify({
          Version: "2012-10-17",
          Statement: [{ Effect: "Allow", Action: "events:PutEvents", Resource: homeBus }],
        }),
      },
    ],
  });
  for (const region of extra) {
    const provider = ctx.providers.get(region);
    const patterns = { Launch: EC2_RUNNING_PATTERN, Result: resultPattern(ctx.settings.documentName) };
    for (const [kind, pattern] of Object.entries(patterns)) {
      const r = new aws.cloudwatch.EventRule(
        `Onboarding${kind}Forward-${region}`,
        {
          description: `fleetwatch: forward to ${ctx.config.homeRegion}`,
          eventPattern: JSON.stringify(pattern),
        },
        { provider },
      );
      new aws.cloudwatch.EventTarget(
        `Onboarding${kind}Forward-${region}Target`,
        { rule: r.name, arn: homeBus, roleArn: role.arn },
        { provider },
      );
    }
  }
}

/**
 * The queue's consumer: a function plus an event source mapping made here (not `queue.subscribe`, whose names
 * hash the queue's ARN), batching many events into one pass.
 */
interface ConsumerArgs {
  queue: sst.aws.Queue;
  handler: string;
  kind: "onboard" | "complete";
  windowSeconds: number;
  links: Links;
  dlq: sst.aws.Queue;
}

function consumer(
  name: string,
  ctx: Context,
  { queue: q, handler, kind, windowSeconds, links, dlq }: ConsumerArgs,
): sst.aws.Function {
  const fn = new sst.aws.Function(name, {
    handler,
    timeout: `${CONSUMER_TIMEOUT_SECONDS} seconds`,
    memory: "512 MB",
    link: links,
    permissions: [
      ...permissions(ctx, kind),
      {
        actions: [
          "sqs:ReceiveMessage",
          "sqs:DeleteMessage",
          "sqs:ChangeMessageVisibility",
          "sqs:GetQueueAttributes",
        ],
        resources: [q.arn],
      },
      // The launch handler carries waiting instances in a new message on its own queue.
      { actions: ["sqs:SendMessage"], resources: kind === "onboard" ? [dlq.arn, q.arn] : [dlq.arn] },
    ],
  });
  new aws.lambda.EventSourceMapping(`${name}EventSource`, {
    eventSourceArn: q.arn,
    functionName: fn.arn,
    batchSize: QUEUE_TUNING.batchSize,
    maximumBatchingWindowInSeconds: windowSeconds,
    functionResponseTypes: ["ReportBatchItemFailures"],
    scalingConfig: { maximumConcurrency: MAX_CONCURRENCY },
  });
  return fn;
}

/** The reconcile's pieces: the coordinator's schedule, its work queue and dead-letter queue, the worker. */
export interface Reconcile {
  coordinator: sst.aws.CronV2;
  workQueue: sst.aws.Queue;
  deadLetterQueue: sst.aws.Queue;
  worker: sst.aws.Function;
}

interface ReconcileLinks {
  settings: sst.Linkable<LinkedSettings>;
  state: sst.Linkable<{ name: $util.Output<string> }>;
}

/**
 * The work queue: each message one page of one region. It hides a received item for six times the worker's
 * timeout (AWS's advice; batch size 1, no window) and gives it up after RECONCILE_TUNING.maxReceiveCount.
 */
function workQueue(dlq: sst.aws.Queue): sst.aws.Queue {
  return new sst.aws.Queue("OnboardingReconcileQueue", {
    visibilityTimeout: `${WORK_VISIBILITY_SECONDS} seconds`,
    dlq: { queue: dlq.arn, retry: RECONCILE_TUNING.maxReceiveCount },
  });
}

/** The worker: one page per invocation, with today's reconcile permissions plus its queue and the state bucket. */
function worker(ctx: Context, work: sst.aws.Queue, dlq: sst.aws.Queue, links: Links): sst.aws.Function {
  const fn = new sst.aws.Function("OnboardingReconcileWorker", {
    handler: "functions/onboarding/reconcile-worker.handler",
    timeout: `${RECONCILE_TUNING.workerTimeoutSeconds} seconds`,
    memory: "512 MB",
    link: links,
    permissions: [
      ...permissions(ctx, "reconcile"),
      {
        actions: ["sqs:ReceiveMessage", "sqs:DeleteMessage", "sqs:GetQueueAttributes"],
        resources: [work.arn],
      },
      // The next page's item to its own queue; a given-up item, with its reason, to the dead-letter queue.
      { actions: ["sqs:SendMessage"], resources: [work.arn, dlq.arn] },
    ],
  });
  new aws.lambda.EventSourceMapping("OnboardingReconcileWorkerEventSource", {
    eventSourceArn: work.arn,
    functionName: fn.arn,
    batchSize: 1,
    scalingConfig: { maximumConcurrency: RECONCILE_TUNING.maxConcurrency },
  });
  return fn;
}

/**
 * The reconcile, fanned out: a coordinator (on its schedule, and once after each deploy that changes what
 * onboarding does: an `aws.lambda.Invocation` keyed to the settings' and document's hash, so the first deploy
 * backfills the fleet and a new node_exporter version upgrades it) that only enqueues one item per account x
 * region (in Organization mode, listing the units' accounts first), and
 * workers that take one page each. The coordinator may only send to the work queue; it never fails the
 * deploy's invocation (see functions/onboarding/reconcile.ts for why it cannot).
 */
function reconcile(ctx: Context, links: ReconcileLinks, content: string): Reconcile {
  const dlq = deadLetterQueue("OnboardingReconcileDeadLetterQueue");
  const work = workQueue(dlq);
  const queues = new sst.Linkable("OnboardingReconcileQueues", {
    properties: { work: work.url, deadLetter: dlq.url },
  });
  const fn = worker(ctx, work, dlq, [links.settings, links.state, queues]);
  const coordinator = new sst.aws.CronV2("OnboardingReconcile", {
    schedule: `rate(${ctx.config.schedules.reconcile})`,
    event: { trigger: "schedule" },
    function: {
      handler: "functions/onboarding/reconcile.handler",
      timeout: `${RECONCILE_TUNING.coordinatorTimeoutSeconds} seconds`,
      memory: "256 MB",
      link: [links.settings, queues],
      permissions: [
        { actions: ["sqs:SendMessage"], resources: [work.arn] },
        // Organization mode: the units' accounts and child units, listed at each run.
        ...organizationGrant(ctx),
      ],
    },
  });
  // Turning attachSecurityGroup on reconciles at once (attaches the group to the installed fleet).
  const hash = createHash("sha256")
    .update(JSON.stringify(ctx.settings))
    .update(content)
    .update(ctx.vpcArn ? "attachSecurityGroup" : "")
    .update(JSON.stringify(ctx.members ?? {}))
    .digest("hex");
  new aws.lambda.Invocation("OnboardingReconcileAfterDeploy", {
    functionName: coordinator.nodes.function.name,
    input: JSON.stringify({ trigger: "deploy" }),
    triggers: { settingsAndDocument: hash },
  });
  return { coordinator, workQueue: work, deadLetterQueue: dlq, worker: fn };
}

/** Onboarding: EventBridge -> SQS -> Lambda for launches and command results, reconcile, the SSM document. */
export function createOnboarding(config: ResolvedConfig, deps: OnboardingStackDeps): Onboarding {
  const settings = onboardingSettings(config, `${$app.name}-${$app.stage}-NodeExporter`);
  const providers = new Map<string, aws.Provider | undefined>(
    config.regions.map((r) => [
      r,
      r === config.homeRegion ? undefined : new aws.Provider(`Aws-${r}`, { region: r as aws.Region }),
    ]),
  );
  const ctx: Context = {
    config,
    settings,
    account: aws.getCallerIdentityOutput({}).accountId,
    partition: aws.getPartitionOutput({}).partition,
    providers,
    ledgerArns: STATE_ACCESS.launch.readWrite.map((p) => $interpolate`${deps.storage.stateBucket.arn}/${p}*`),
  };
  const members = accountSettings(config);
  if (members) ctx.members = members;
  if (members && members.units.length > 0)
    ctx.organizationId = aws.organizations.getOrganizationOutput({}).id;
  const attach = config.onboarding.attachSecurityGroup;
  if (attach) ctx.vpcArn = homeArn(ctx, "ec2", config.homeRegion, $interpolate`vpc/${deps.vpcId}`);
  const group = attach ? nodeExporterSecurityGroup(ctx, deps) : undefined;
  const script = installScript();
  // What the reconcile's trigger hashes; the other regions' documents differ only in the sources of settings.
  const content = documentContent(ctx, config.homeRegion, script);
  const docs = documents(ctx, script);
  const dlq = deadLetterQueue("OnboardingDeadLetterQueue");
  const launchQueue = queue(
    "OnboardingLaunchQueue",
    dlq,
    QUEUE_TUNING.launchWindowSeconds,
    QUEUE_TUNING.launchDelaySeconds,
  );
  const resultQueue = queue("OnboardingResultQueue", dlq, QUEUE_TUNING.resultWindowSeconds);
  const launchRule = rule("OnboardingLaunchRule", EC2_RUNNING_PATTERN, launchQueue, dlq);
  const resultRule = rule("OnboardingResultRule", resultPattern(settings.documentName), resultQueue, dlq);
  queuePolicy("OnboardingLaunchQueuePolicy", launchQueue, [launchRule]);
  queuePolicy("OnboardingResultQueuePolicy", resultQueue, [resultRule]);
  queuePolicy("OnboardingDeadLetterQueuePolicy", dlq, [launchRule, resultRule]);
  forwarding(ctx);

  const settingsLink = new sst.Linkable<LinkedSettings>("OnboardingSettings", {
    properties: {
      ...settings,
      ...(group ? { securityGroup: { id: group.id, vpcId: deps.vpcId } } : {}),
      ...(members ? { accounts: { ...members, home: ctx.account } } : {}),
    },
  });
  const queuesLink = new sst.Linkable("OnboardingQueues", {
    properties: { launch: launchQueue.url, result: resultQueue.url, deadLetter: dlq.url },
  });
  // The bucket's name only: the grant on the ledgers' prefix is in permissions().
  const reservationsLink = new sst.Linkable("OnboardingReservations", {
    properties: { name: deps.storage.stateBucket.name },
  });
  const links = [settingsLink, queuesLink, reservationsLink];
  const shared = { links, dlq };
  const launch = consumer("OnboardingLaunch", ctx, {
    ...shared,
    queue: launchQueue,
    handler: "functions/onboarding/onboard.handler",
    kind: "onboard",
    windowSeconds: QUEUE_TUNING.launchWindowSeconds,
  });
  const complete = consumer("OnboardingComplete", ctx, {
    ...shared,
    queue: resultQueue,
    handler: "functions/onboarding/complete.handler",
    kind: "complete",
    windowSeconds: QUEUE_TUNING.resultWindowSeconds,
  });
  const stateLink = stateBucketAccess("OnboardingStateBucket", deps.storage, STATE_ACCESS.reconcile);
  const reconciling = reconcile(ctx, { settings: settingsLink, state: stateLink }, content);
  return {
    settings,
    ...(group ? { nodeExporterSecurityGroup: group } : {}),
    settingsLink,
    launchQueue,
    resultQueue,
    deadLetterQueue: dlq,
    documents: docs,
    reconcile: reconciling,
    fleetRoleArns: [launch, complete, reconciling.worker].map((fn) => fn.nodes.role.arn),
  };
}
