import {
  AwsCallError,
  ConditionalLedger,
  chunk,
  type DocumentParameters,
  EC2_BATCH,
  type Instance,
  type InstanceState,
  MAX_GROUPS_PER_INTERFACE,
  type NetworkInterface,
  NotReadyError,
  type PortsFor,
  type RegionPorts,
  ThrottledError,
} from "@fleetwatch/onboarding";
import {
  assumeRoleError,
  describeKnown,
  domainError,
  MemberCredentials,
  type MemberCredentialsValue,
} from "@fleetwatch/onboarding-aws";
import { resultPattern } from "../../../../stacks/onboarding";
import type { FakeClock } from "./clock";
import { matchesRule } from "./eventbridge";
import { FakeLedgerStore, type FakeObjects } from "./ledger";

/** EC2's limit of tags per resource: CreateTags past it fails the whole call with `TagLimitExceeded`. */
export const TAGS_PER_RESOURCE = 50;

/**
 * An AWS error code the fake answers with, and its HTTP status: 5xx are transient (after the SDK's retries),
 * the others refuse for good (`TagLimitExceeded`, `UnsupportedOperation`, `AccessDeniedException`, ...).
 */
export interface Fault {
  code: string;
  status: number;
}

/**
 * The domain error the adapters would throw for `fault` (through the adapters' own mapping); `message` is AWS's
 * message when the test needs its exact words.
 */
export function faultError(
  operation: string,
  fault: Fault,
  ids: readonly string[] = [],
  message?: string,
): Error {
  const sdk = Object.assign(new Error(message ?? `${fault.code} for ${ids.join(", ") || "the call"}`), {
    name: fault.code,
    $fault: fault.status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: fault.status },
  });
  return domainError(operation, sdk);
}

/** DescribeInstances' message for ids it does not know, in EC2's words. */
export function notFoundMessage(ids: readonly string[]): string {
  return ids.length === 1
    ? `The instance ID '${ids[0]}' does not exist`
    : `The instance IDs '${ids.join(", ")}' do not exist`;
}

/** How long an invocation is `Pending` before its agent picks it up (part of the command's duration). */
export const PENDING_MS = 1_000;

/** SSM's final invocation statuses; the others (`Pending`, `InProgress`, `Delayed`) are still executing. */
const FINAL = new Set(["Success", "Failed", "TimedOut", "Cancelled"]);

/** How an instance of the fake behaves. */
export interface FakeInstanceSpec {
  id: string;
  region: string;
  /** The account it runs in (12 digits); absent: the home account ({@link ACCOUNT}). */
  account?: string;
  platform?: "windows";
  vpcId?: string;
  /** Security groups of its primary network interface (`eni-<id>`, in `vpcId`); none: no interface described. */
  groupIds?: string[];
  tags?: Record<string, string>;
  /** Delay after launch until its SSM agent is Online; `null`: never registers. */
  registersAfterMs: number | null;
  /** What the install command does on it. */
  command?: "Success" | "Failed" | "TimedOut";
  /** Terminated this long after launch. */
  terminatesAfterMs?: number;
  /**
   * Briefly unreachable when a command is sent to it: the invocation is `Delayed` this long after `Pending`
   * (SSM retries delivery), then `InProgress`; the command ends that much later.
   */
  unreachableMs?: number;
  /**
   * Calls AWS fails for this instance, by operation (`ec2:CreateTags`, `ssm:SendCommand`, ...): a batched call
   * naming it fails whole, as AWS fails it.
   */
  faults?: Record<string, Fault>;
}

/** Knobs of the fake's AWS-like behaviour. */
export interface FakeAwsOptions {
  clock: FakeClock;
  random: () => number;
  /** Probability that any call is throttled (ThrottlingException / RequestLimitExceeded). */
  throttleRate?: number;
  /** Calls of these operations that fail throttled, whatever the rate (e.g. `{ "ssm:SendCommand": 1 }`). */
  failNext?: Record<string, number>;
  /** Attempts per call, as the SDK's retry strategy makes them (1: every throttle reaches the domain). */
  sdkAttempts?: number;
  /** Clock time after which nothing is throttled any more. */
  throttleUntil?: number;
  /** Delay before a tag write shows in DescribeInstances (tags are eventually consistent). */
  tagLagMs?: number;
  /** How long an install runs on an instance. */
  commandDurationMs?: number;
  /** The next calls of an operation fail with these faults, in order (e.g. a 503 of ssm:SendCommand). */
  callFaults?: Record<string, Fault[]>;
  /** The member role's name in every member account (`accounts.memberRoleName`). @default "fleetwatch-member" */
  memberRoleName?: string;
  /** How long AssumeRole's credentials last (STS's default session: one hour). */
  sessionMs?: number;
}

/** A member account's role as the StackSet put it there: the principals its trust policy names. */
interface MemberRole {
  name: string;
  trusts: Set<string>;
}

interface TagWrite {
  visibleAt: number;
  set?: Record<string, string>;
  remove?: readonly string[];
}

interface FakeInstance {
  spec: FakeInstanceSpec;
  launchedAt: number;
  writes: TagWrite[];
  eni?: NetworkInterface;
}

interface Invocation {
  commandId: string;
  instanceId: string;
  region: string;
  account: string;
  action: string;
  requestedAt: number;
  endsAt: number;
  /** Time `Delayed` after `Pending` (the instance unreachable), 0 when none. */
  delayedMs: number;
  status: "Success" | "Failed" | "TimedOut";
  /** Status changes already published (EventBridge publishes each once). */
  published: number;
}

/** An SSM "EC2 Command Invocation Status-change Notification", as EventBridge would publish it. */
export interface EmittedEvent {
  at: number;
  region: string;
  account: string;
  body: Record<string, unknown>;
}

/** The home account: where fleetwatch runs, and where instances run unless their spec names another. */
export const ACCOUNT = "123456789012";

/** The principal of one of fleetwatch's Lambdas (`launch`, `complete`, `reconcile`) in the home account. */
export const lambdaPrincipal = (container: string): string =>
  `arn:aws:iam::${ACCOUNT}:role/fleetwatch-${container}`;

/**
 * An in-memory EC2 + SSM of several regions, behaving like AWS where onboarding cares: batch limits enforced,
 * random throttling, tags visible only after a lag, SSM agents registering late or never, SendCommand refusing
 * unregistered or terminated instances (`InvalidInstanceId`), commands that fail or time out, termination
 * mid-flight. Every call is counted.
 */
export class FakeAws {
  readonly calls: Record<string, number> = {};
  /** The same calls by the account they were made in (STS's AssumeRole: the account whose role was asked). */
  readonly callsByAccount: Record<string, Record<string, number>> = {};
  /** Member roles by account, as the StackSet put them there. */
  private readonly roles = new Map<string, MemberRole>();
  /** The credential cache of each container (one Lambda instance each, for its whole life). */
  private readonly credentials = new Map<string, MemberCredentials>();
  /** Of `calls`, the attempts that were the SDK's retries of a throttled attempt. */
  readonly retries: Record<string, number> = {};
  private readonly instances = new Map<string, FakeInstance>();
  private readonly invocations: Invocation[] = [];
  /** Security groups by id, with their VPC (a group belongs to one VPC). */
  private readonly groups = new Map<string, string>();
  private commandSeq = 0;
  /** Every command ever sent per instance (the "never two in flight" invariant reads it). */
  readonly sent = new Map<string, { commandId: string; action: string; at: number; endsAt: number }[]>();

  constructor(private readonly options: FakeAwsOptions) {}

  get clock(): FakeClock {
    return this.options.clock;
  }

  launch(spec: FakeInstanceSpec): void {
    const eni =
      spec.groupIds && spec.vpcId
        ? { id: `eni-${spec.id.slice(2)}`, vpcId: spec.vpcId, groupIds: [...spec.groupIds] }
        : undefined;
    if (eni) for (const g of eni.groupIds) this.securityGroup(g, eni.vpcId);
    this.instances.set(spec.id, {
      spec,
      launchedAt: this.clock.millis,
      writes: [{ visibleAt: 0, set: { ...spec.tags } }],
      ...(eni ? { eni } : {}),
    });
  }

  /** Creates a security group in a VPC (CreateSecurityGroup); an existing id keeps its VPC. */
  securityGroup(id: string, vpcId: string): void {
    if (!this.groups.has(id)) this.groups.set(id, vpcId);
  }

  /** The groups of an instance's primary interface now. */
  groupsOf(id: string): string[] | undefined {
    const eni = this.instances.get(id)?.eni;
    return eni ? [...eni.groupIds] : undefined;
  }

  /** ModifyNetworkInterfaceAttribute `Groups`, validated as EC2 does. */
  private setGroups(region: string, interfaceId: string, groupIds: readonly string[]): void {
    const eni = [...this.instances.values()]
      .filter((i) => i.spec.region === region)
      .map((i) => i.eni)
      .find((e) => e?.id === interfaceId);
    const op = "ec2:ModifyNetworkInterfaceAttribute";
    if (!eni) throw new AwsCallError(op, `InvalidNetworkInterfaceID.NotFound: ${interfaceId}`);
    if (groupIds.length === 0) throw new AwsCallError(op, "MissingParameter: at least one group");
    if (groupIds.length > MAX_GROUPS_PER_INTERFACE)
      throw new AwsCallError(op, "SecurityGroupsPerInterfaceLimitExceeded");
    for (const g of groupIds) {
      const vpc = this.groups.get(g);
      if (!vpc) throw new AwsCallError(op, `InvalidGroup.NotFound: ${g}`);
      if (vpc !== eni.vpcId)
        throw new AwsCallError(op, `InvalidParameter: ${g} belongs to ${vpc}, the interface to ${eni.vpcId}`);
    }
    eni.groupIds = [...new Set(groupIds)];
  }

  /** A user's tag write (e.g. opting out), through the same eventual consistency. */
  userTag(id: string, tags: Record<string, string>): void {
    this.instances
      .get(id)
      ?.writes.push({ visibleAt: this.clock.millis + (this.options.tagLagMs ?? 0), set: tags });
  }

  stateOf(id: string): InstanceState {
    const i = this.instances.get(id);
    if (!i) return "terminated";
    const t = i.spec.terminatesAfterMs;
    return t !== undefined && this.clock.millis >= i.launchedAt + t ? "terminated" : "running";
  }

  /** Tags as they finally are (every write applied), or as DescribeInstances shows them now. */
  tagsOf(id: string, view: "final" | "visible" = "final"): Record<string, string> {
    const tags: Record<string, string> = {};
    for (const w of this.instances.get(id)?.writes ?? []) {
      if (view === "visible" && w.visibleAt > this.clock.millis) continue;
      Object.assign(tags, w.set ?? {});
      for (const k of w.remove ?? []) delete tags[k];
    }
    return tags;
  }

  /** When a write tagging the instance with `key=value` first became visible, if one did. */
  taggedAt(id: string, key: string, value: string): number | undefined {
    return this.instances.get(id)?.writes.find((w) => w.set?.[key] === value)?.visibleAt;
  }

  /** When the instance's `installed` status became visible, if it did. */
  installedAt(id: string, statusKey: string): number | undefined {
    const write = this.instances.get(id)?.writes.find((w) => w.set?.[statusKey] === "installed");
    return write?.visibleAt;
  }

  ids(): string[] {
    return [...this.instances.keys()];
  }

  spec(id: string): FakeInstanceSpec | undefined {
    return this.instances.get(id)?.spec;
  }

  private isOnline(id: string): boolean {
    const i = this.instances.get(id);
    if (!i || i.spec.registersAfterMs === null || this.stateOf(id) !== "running") return false;
    return this.clock.millis >= i.launchedAt + i.spec.registersAfterMs;
  }

  private count(operation: string, account: string): void {
    this.calls[operation] = (this.calls[operation] ?? 0) + 1;
    const mine = this.callsByAccount[account] ?? {};
    mine[operation] = (mine[operation] ?? 0) + 1;
    this.callsByAccount[account] = mine;
  }

  /**
   * One API call as the SDK makes it, in `account`: each attempt counted, a throttled attempt retried up to the
   * limit.
   */
  private call(
    operation: string,
    limit: number,
    count: number,
    ids: readonly string[] = [],
    account = ACCOUNT,
  ): void {
    if (count > limit) {
      this.count(operation, account);
      throw new AwsCallError(operation, `${count} ids exceed the limit of ${limit}`);
    }
    const throttling = this.clock.millis < (this.options.throttleUntil ?? Number.POSITIVE_INFINITY);
    let throttled = false;
    for (let attempt = 0; attempt < (this.options.sdkAttempts ?? 1); attempt++) {
      this.count(operation, account);
      if (attempt > 0) this.retries[operation] = (this.retries[operation] ?? 0) + 1;
      throttled = throttling && this.options.random() < (this.options.throttleRate ?? 0);
      if (!throttled) break;
    }
    const forced = this.options.failNext?.[operation] ?? 0;
    if (forced > 0 && this.options.failNext) this.options.failNext[operation] = forced - 1;
    if (throttled || forced > 0) {
      const code = operation.startsWith("ec2:") ? "RequestLimitExceeded" : "ThrottlingException";
      throw new ThrottledError(operation, {
        cause: Object.assign(new Error("Rate exceeded"), { name: code }),
      });
    }
    const next = this.options.callFaults?.[operation]?.shift();
    if (next) throw faultError(operation, next);
    const faulty = ids.filter((id) => this.instances.get(id)?.spec.faults?.[operation]);
    const fault = this.instances.get(faulty[0] ?? "")?.spec.faults?.[operation];
    if (fault) throw faultError(operation, fault, faulty);
  }

  totalCalls(): number {
    return Object.values(this.calls).reduce((a, b) => a + b, 0);
  }

  /** The account an instance runs in. */
  accountOf(id: string): string {
    return this.instances.get(id)?.spec.account ?? ACCOUNT;
  }

  /** Whether an instance runs in this account x region (what one account's API calls can see). */
  private inScope(id: string, region: string, account: string): boolean {
    const i = this.instances.get(id);
    return i !== undefined && i.spec.region === region && (i.spec.account ?? ACCOUNT) === account;
  }

  private describeOne(id: string, region: string, account = ACCOUNT): Instance | undefined {
    const i = this.instances.get(id);
    if (!i || !this.inScope(id, region, account)) return undefined;
    return {
      id,
      region,
      state: this.stateOf(id),
      ...(i.spec.platform ? { platform: i.spec.platform } : {}),
      ...(i.spec.vpcId ? { vpcId: i.spec.vpcId } : {}),
      ...(i.eni ? { primaryInterface: { ...i.eni, groupIds: [...i.eni.groupIds] } } : {}),
      launchTime: new Date(i.launchedAt),
      tags: this.tagsOf(id, "visible"),
    };
  }

  private write(ids: readonly string[], write: Omit<TagWrite, "visibleAt">, account = ACCOUNT): void {
    const foreign = ids.filter((id) => this.accountOf(id) !== account);
    if (foreign.length > 0)
      throw faultError("ec2:CreateTags", { code: "InvalidInstanceID.NotFound", status: 400 }, foreign);
    const visibleAt = this.clock.millis + (this.options.tagLagMs ?? 0);
    const over = ids.filter((id) => {
      const tags = { ...this.tagsOf(id), ...(write.set ?? {}) };
      return Object.keys(tags).length > TAGS_PER_RESOURCE;
    });
    if (over.length > 0) throw faultError("ec2:CreateTags", { code: "TagLimitExceeded", status: 400 }, over);
    for (const id of ids) {
      const i = this.instances.get(id);
      if (!i) throw new AwsCallError("ec2:CreateTags", `InvalidInstanceID.NotFound ${id}`);
      i.writes.push({ visibleAt, ...write });
    }
  }

  private send(
    region: string,
    ids: readonly string[],
    parameters: DocumentParameters,
    account = ACCOUNT,
  ): string {
    // SSM of one account manages its own nodes only: another account's id is `InvalidInstanceId` too.
    if (ids.some((id) => !this.isOnline(id) || !this.inScope(id, region, account)))
      throw new NotReadyError("ssm:SendCommand");
    const commandId = `cmd-${String(++this.commandSeq).padStart(6, "0")}`;
    const at = this.clock.millis;
    const duration = this.options.commandDurationMs ?? 20_000;
    for (const id of ids) {
      const outcome =
        parameters.action[0] === "install" ? (this.instances.get(id)?.spec.command ?? "Success") : "Success";
      const delayedMs = this.instances.get(id)?.spec.unreachableMs ?? 0;
      const endsAt = at + delayedMs + (outcome === "TimedOut" ? 10 * duration : duration);
      this.invocations.push({
        commandId,
        instanceId: id,
        region,
        account,
        action: parameters.action[0],
        requestedAt: at,
        endsAt,
        delayedMs,
        status: outcome,
        published: 0,
      });
      const list = this.sent.get(id) ?? [];
      list.push({ commandId, action: parameters.action[0], at, endsAt });
      this.sent.set(id, list);
    }
    return commandId;
  }

  /**
   * An invocation's status changes so far, in order, as SSM makes them: `Pending`, `Delayed` while its instance
   * is unreachable, `InProgress`, then its final status (`Failed` once its instance is terminated mid-flight).
   */
  private changesOf(inv: Invocation): { status: string; at: number }[] {
    const now = this.clock.millis;
    const i = this.instances.get(inv.instanceId);
    const t = i?.spec.terminatesAfterMs;
    const terminatedAt = i && t !== undefined ? i.launchedAt + t : Number.POSITIVE_INFINITY;
    const started = inv.requestedAt + PENDING_MS + inv.delayedMs;
    const steps = [
      { status: "Pending", at: inv.requestedAt },
      ...(inv.delayedMs > 0 ? [{ status: "Delayed", at: inv.requestedAt + PENDING_MS }] : []),
      { status: "InProgress", at: started },
    ].filter((s) => s.at < Math.min(inv.endsAt, terminatedAt) && s.at <= now);
    if (terminatedAt <= now && terminatedAt < inv.endsAt)
      return [...steps, { status: "Failed", at: Math.max(terminatedAt, inv.requestedAt) }];
    return inv.endsAt <= now ? [...steps, { status: inv.status, at: inv.endsAt }] : steps;
  }

  /** An invocation's status now (GetCommandInvocation), or undefined when there is no such invocation. */
  invocationStatus(commandId: string, instanceId: string): string | undefined {
    const inv = this.invocations.find((i) => i.commandId === commandId && i.instanceId === instanceId);
    return inv ? this.changesOf(inv).at(-1)?.status : undefined;
  }

  private executing(inv: Invocation): boolean {
    return !FINAL.has(this.invocationStatus(inv.commandId, inv.instanceId) ?? "Success");
  }

  /** Every invocation status change since the last drain, each once, as SSM publishes them to EventBridge. */
  drainEvents(): EmittedEvent[] {
    const out: EmittedEvent[] = [];
    for (const inv of this.invocations) {
      const changes = this.changesOf(inv);
      for (const change of changes.slice(inv.published))
        out.push({
          at: this.clock.millis,
          region: inv.region,
          account: inv.account,
          body: commandEvent(inv, change.status, change.at, this.documentName),
        });
      inv.published = changes.length;
    }
    return out;
  }

  /**
   * The status changes since the last drain that the stack's result rule (`resultPattern`) forwards: final
   * statuses of fleetwatch's document only, as EventBridge filters them; the others are dropped, as it drops them.
   */
  drainResults(): EmittedEvent[] {
    const rule = resultPattern(this.documentName);
    return this.drainEvents().filter((e) => matchesRule(rule, e.body));
  }

  /** Set by the simulation: the document's name in result events. */
  documentName = "fleetwatch-dev-NodeExporter";

  /**
   * The ports of one Lambda's containers (`launch`, `complete`, `reconcile`): the same AWS, but each keeps its
   * own copy of what it last wrote to the ledger, as separate functions do.
   */
  portsOf(container: string): PortsFor {
    return (region, account) => ({
      ...this.portsIn(region, account ?? ACCOUNT, container),
      reservations: this.ledgerOf(region, container, account),
    });
  }

  /** The ports of the default container (a member account's: entered as `default`'s principal). */
  ports: PortsFor = (region, account) => this.portsIn(region, account ?? ACCOUNT, "default");

  /**
   * The StackSet's member role in `account`: named `memberRoleName`, trusting the given principals (the Lambdas'
   * roles: {@link lambdaPrincipal}). Replaces the account's role; IAM is global, so every region sees it.
   */
  putMemberRole(account: string, trusts: readonly string[], name = this.memberRoleName): void {
    this.roles.set(account, { name, trusts: new Set(trusts) });
  }

  /** The StackSet instance removed from the account (or never deployed there): AssumeRole is denied from now. */
  removeMemberRole(account: string): void {
    this.roles.delete(account);
  }

  get memberRoleName(): string {
    return this.options.memberRoleName ?? "fleetwatch-member";
  }

  /**
   * STS AssumeRole by `principal` of `roleArn`, checked as STS checks it: the role must exist in its account and
   * its trust policy must name the principal; otherwise `AccessDenied` (STS answers the same for both), mapped as
   * the adapter maps it. Counted under the role's account.
   */
  async assumeRole(principal: string, account: string, roleArn: string): Promise<MemberCredentialsValue> {
    this.call("sts:AssumeRole", 1, 1, [], account);
    const role = this.roles.get(account);
    const name = roleArn.split(":role/")[1];
    if (!role || role.name !== name || !role.trusts.has(principal)) {
      const denied = Object.assign(
        new Error(`User: ${principal} is not authorized to perform: sts:AssumeRole on resource: ${roleArn}`),
        { name: "AccessDenied", $fault: "client", $metadata: { httpStatusCode: 403 } },
      );
      throw assumeRoleError(account, roleArn, denied);
    }
    return {
      accessKeyId: `ASIA${account}`,
      secretAccessKey: "fake",
      sessionToken: `session-of-${principal}`,
      expiration: new Date(this.clock.millis + (this.options.sessionMs ?? 3_600_000)),
    };
  }

  /** The container's credential cache (the adapter's own `MemberCredentials`, over the fake STS). */
  private credentialsOf(container: string): MemberCredentials {
    let cache = this.credentials.get(container);
    if (!cache) {
      const principal = lambdaPrincipal(container);
      cache = new MemberCredentials(
        this.memberRoleName,
        (account, roleArn) => this.assumeRole(principal, account, roleArn),
        () => this.clock.millis,
      );
      this.credentials.set(container, cache);
    }
    return cache;
  }

  /**
   * The ports of one account x region as `container` sees them: a member account's calls first get the
   * container's credentials for it (AssumeRole on a miss; `AccountUnreachableError` when its role is missing or
   * does not trust the container), as the SDK asks its credentials provider before each request.
   */
  private portsIn(region: string, account: string, container: string): RegionPorts {
    const enter = async () => {
      if (account !== ACCOUNT) await this.credentialsOf(container).get(account);
    };
    const call = (operation: string, limit: number, count: number, ids: readonly string[] = []) =>
      this.call(operation, limit, count, ids, account);
    return this.scopedPorts(region, account, enter, call);
  }

  private scopedPorts(
    region: string,
    account: string,
    enter: () => Promise<void>,
    call: (operation: string, limit: number, count: number, ids?: readonly string[]) => void,
  ): RegionPorts {
    return {
      instances: {
        // Like the adapter on EC2: ids EC2 does not know fail the call (`InvalidInstanceID.NotFound`, naming
        // them), and the adapter's own `describeKnown` asks again without them: that call is counted too.
        describe: (ids) =>
          describeKnown(ids, async (asking) => {
            await enter();
            call("ec2:DescribeInstances", EC2_BATCH, asking.length, asking);
            const unknown = asking.filter((id) => !this.inScope(id, region, account));
            if (unknown.length > 0)
              throw faultError(
                "ec2:DescribeInstances",
                { code: "InvalidInstanceID.NotFound", status: 400 },
                unknown,
                notFoundMessage(unknown),
              );
            return asking
              .map((id) => this.describeOne(id, region, account))
              .filter((i): i is Instance => i !== undefined);
          }),
        // One DescribeInstances page (MaxResults 1,000); the token names the last instance of the previous page,
        // so launches and terminations between pages neither repeat nor skip the instances already paged.
        runningPage: async (token) => {
          await enter();
          call("ec2:DescribeInstances", EC2_BATCH, 0);
          const inRegion = this.ids().filter((id) => this.inScope(id, region, account));
          const after = token ? inRegion.indexOf(token.replace(/^after:/, "")) + 1 : 0;
          if (token && after === 0)
            throw new AwsCallError("ec2:DescribeInstances", "InvalidParameterValue: NextToken");
          const instances: Instance[] = [];
          let i = after;
          for (; i < inRegion.length && instances.length < EC2_BATCH; i++) {
            const described = this.describeOne(inRegion[i] as string, region, account);
            if (described?.state === "running") instances.push(described);
          }
          const more = inRegion.slice(i).some((id) => this.stateOf(id) === "running");
          const last = instances.at(-1);
          return { instances, ...(more && last ? { nextToken: `after:${last.id}` } : {}) };
        },
      },
      nodes: {
        online: async (ids) => {
          await enter();
          call("ssm:DescribeInstanceInformation", 50, ids.length, ids);
          return new Set(ids.filter((id) => this.isOnline(id) && this.inScope(id, region, account)));
        },
      },
      commands: {
        send: async (ids, parameters) => {
          await enter();
          call("ssm:SendCommand", 50, ids.length, ids);
          return this.send(region, ids, parameters, account);
        },
        inFlight: async () => {
          // Pending, Delayed and InProgress invocations are executing (ListCommands' Pending / InProgress).
          await enter();
          const executing = this.invocations.filter(
            (i) => i.region === region && i.account === account && this.executing(i),
          );
          // ListCommands answers 50 commands a page (MaxResults 50), following NextToken: one call per page.
          const commands = new Set(executing.map((i) => i.commandId)).size;
          for (let page = 0; page < Math.max(1, Math.ceil(commands / 50)); page++)
            call("ssm:ListCommands", 50, 0);
          return new Set(executing.map((i) => i.instanceId));
        },
      },
      tagger: {
        // The port takes any number of ids; like the adapter, the fake makes one call per 1,000.
        tag: async (ids, tags) => {
          await enter();
          for (const slice of chunk(ids, EC2_BATCH)) {
            call("ec2:CreateTags", EC2_BATCH, slice.length, slice);
            this.write(slice, { set: { ...tags } }, account);
          }
        },
        untag: async (ids, keys) => {
          await enter();
          for (const slice of chunk(ids, EC2_BATCH)) {
            call("ec2:DeleteTags", EC2_BATCH, slice.length, slice);
            this.write(slice, { remove: [...keys] }, account);
          }
        },
      },
      interfaces: {
        setGroups: async (interfaceId, groupIds) => {
          await enter();
          call("ec2:ModifyNetworkInterfaceAttribute", 1, 1);
          this.setGroups(region, interfaceId, groupIds);
        },
      },
      reservations: this.ledgerOf(region, "default", account === ACCOUNT ? undefined : account),
    };
  }

  /** The state bucket's objects (the reservation ledgers), with ETags and conditional writes. */
  readonly objects: FakeObjects = new Map();
  private readonly ledgers = new Map<string, ConditionalLedger>();

  /**
   * The reservation ledger of an account x region, over the fake state bucket (S3's conditional-write semantics;
   * the bucket is the home account's, so its calls count there).
   */
  private ledgerOf(region: string, container = "default", account?: string): ConditionalLedger {
    const key = `${container}/${account ?? ACCOUNT}/${region}`;
    let ledger = this.ledgers.get(key);
    if (!ledger) {
      const store = new FakeLedgerStore(this.objects, region, (op) => this.call(op, 1, 0), account);
      ledger = new ConditionalLedger(store, {
        attempts: 8,
        baseMs: 0,
        maxMs: 0,
        sleep: async () => {},
        random: this.options.random,
      });
      this.ledgers.set(key, ledger);
    }
    return ledger;
  }
}

function commandEvent(
  inv: Invocation,
  status: string,
  at: number,
  documentName: string,
): Record<string, unknown> {
  return {
    version: "0",
    id: `evt-${inv.commandId}-${inv.instanceId}-${status}`,
    "detail-type": "EC2 Command Invocation Status-change Notification",
    source: "aws.ssm",
    account: inv.account,
    time: new Date(at).toISOString().replace(/\.\d+Z$/, "Z"),
    region: inv.region,
    resources: [`arn:aws:ec2:${inv.region}:${inv.account}:instance/${inv.instanceId}`],
    detail: {
      "command-id": inv.commandId,
      "document-name": documentName,
      "instance-id": inv.instanceId,
      "requested-date-time": new Date(inv.requestedAt).toISOString(),
      status,
    },
  };
}

/**
 * An EC2 "EC2 Instance State-change Notification", as EventBridge publishes it (a member account's forwarded to
 * the home bus keeps its own `account`).
 */
export function stateChangeEvent(
  id: string,
  region: string,
  state: InstanceState,
  at: number,
  eventId: string,
  account = ACCOUNT,
) {
  return {
    version: "0",
    id: eventId,
    "detail-type": "EC2 Instance State-change Notification",
    source: "aws.ec2",
    account,
    time: new Date(at).toISOString().replace(/\.\d+Z$/, "Z"),
    region,
    resources: [`arn:aws:ec2:${region}:${account}:instance/${id}`],
    detail: { "instance-id": id, state },
  };
}
