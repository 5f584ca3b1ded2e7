import { chunk } from "./chunk.js";
import { eligibility } from "./eligibility.js";
import { isRetryable } from "./errors.js";
import type { Instance, NetworkInterface } from "./instance.js";
import { EC2_BATCH, MAX_GROUPS_PER_INTERFACE } from "./limits.js";
import type { RegionPorts } from "./ports.js";
import type { ExporterSecurityGroup, OnboardingSettings } from "./settings.js";
import type { Reason, TagKeys } from "./tags.js";

/** Reasons fleetwatch writes when it cannot attach its security group. */
export type GroupReason = Extract<Reason, "other-vpc" | "security-group-limit" | "no-network-interface">;
const GROUP_REASONS: readonly string[] = ["other-vpc", "security-group-limit", "no-network-interface"];

/** What attaching or detaching fleetwatch's group asks of one instance's primary network interface. */
export type GroupChange =
  | { kind: "none"; why: "attached" | "detached" | "only-group" }
  | { kind: "set"; interfaceId: string; groupIds: string[] }
  | { kind: "refuse"; reason: GroupReason };

/**
 * The change for one instance: attach keeps the interface's groups and adds fleetwatch's (only in the fleetwatch
 * VPC: a rule can reference the Prometheus group only there; only when a slot is free); detach removes it,
 * unless it is the interface's only group (an interface needs one).
 */
export function groupChange(
  iface: NetworkInterface | undefined,
  group: ExporterSecurityGroup,
  want: "attach" | "detach",
): GroupChange {
  const has = iface?.groupIds.includes(group.id);
  if (want === "detach") {
    if (!iface || !has) return { kind: "none", why: "detached" };
    const rest = iface.groupIds.filter((g) => g !== group.id);
    return rest.length === 0
      ? { kind: "none", why: "only-group" }
      : { kind: "set", interfaceId: iface.id, groupIds: rest };
  }
  if (!iface) return { kind: "refuse", reason: "no-network-interface" };
  if (iface.vpcId !== group.vpcId) return { kind: "refuse", reason: "other-vpc" };
  if (has) return { kind: "none", why: "attached" };
  if (iface.groupIds.length >= MAX_GROUPS_PER_INTERFACE)
    return { kind: "refuse", reason: "security-group-limit" };
  return { kind: "set", interfaceId: iface.id, groupIds: [...iface.groupIds, group.id] };
}

/**
 * What reconcile wants of the group on an instance: attached when it is scraped (`scrape=true`) and still
 * eligible; detached when it is not eligible any more (opted out) or has no install; left alone while an
 * install is `installing` or its `installed` tags are not visible yet (tags are eventually consistent).
 */
export function wantsGroup(
  instance: Instance,
  settings: OnboardingSettings,
  keys: TagKeys,
): "attach" | "detach" | "keep" {
  const eligible = eligibility(instance, settings, keys).eligible;
  if (!eligible) return "detach";
  if (instance.tags[keys.scrape] === "true") return "attach";
  const status = instance.tags[keys.status];
  return status === "installing" || status === "installed" ? "keep" : "detach";
}

/** What happened to one instance's interface. */
export interface GroupResult {
  id: string;
  /** `failed`: EC2 refused the change for a reason a retry does not fix (the detail says which). */
  kind: "attached" | "detached" | "unchanged" | "refused" | "retry" | "failed";
  detail?: string;
}

/**
 * Brings fleetwatch's group on the primary interfaces of `items` to what each wants: one
 * ModifyNetworkInterfaceAttribute per interface that changes, none when it already is as wanted. On `installed`
 * instances a refusal is written to `<prefix>reason` (one CreateTags per reason, only where it is not there
 * yet) and a reason of a refusal that no longer holds is cleared; other statuses keep their own reason. A
 * call that fails makes its instance `retry` (throttled) or `failed`; the others go on, the next pass redoes it.
 */
export async function syncGroups(
  ports: Pick<RegionPorts, "interfaces" | "tagger">,
  settings: OnboardingSettings,
  keys: TagKeys,
  items: readonly { instance: Instance; want: "attach" | "detach"; tagged?: boolean }[],
): Promise<GroupResult[]> {
  const group = settings.securityGroup;
  if (!group) return [];
  const out: GroupResult[] = [];
  const reasons = new Map<string, string[]>();
  for (const { instance, want, tagged } of items) {
    const change = groupChange(instance.primaryInterface, group, want);
    const current = tagged ? "" : (instance.tags[keys.reason] ?? "");
    const reason = change.kind === "refuse" ? change.reason : "";
    // The reason tag is the group's only on `installed` instances; a status reason (e.g. command-failed) stays.
    const owned = tagged || instance.tags[keys.status] === "installed";
    if (owned && reason !== current && (reason !== "" || GROUP_REASONS.includes(current)))
      reasons.set(reason, [...(reasons.get(reason) ?? []), instance.id]);
    if (change.kind === "refuse") out.push({ id: instance.id, kind: "refused", detail: change.reason });
    else if (change.kind === "none") out.push({ id: instance.id, kind: "unchanged", detail: change.why });
    else {
      try {
        await ports.interfaces.setGroups(change.interfaceId, change.groupIds);
        out.push({
          id: instance.id,
          kind: want === "attach" ? "attached" : "detached",
          detail: change.interfaceId,
        });
      } catch (error) {
        const kind = isRetryable(error) ? "retry" : "failed";
        out.push({ id: instance.id, kind, detail: (error as Error).message });
      }
    }
  }
  for (const [reason, ids] of reasons)
    for (const slice of chunk(ids, EC2_BATCH)) await ports.tagger.tag(slice, { [keys.reason]: reason });
  return out;
}
