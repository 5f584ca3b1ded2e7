import { FILES, prometheusReplicas, refreshDiscovery } from "@fleetwatch/monitoring";
import { describe, expect, it } from "vitest";
import {
  DATA,
  deployed,
  discoveredRoles,
  HOME,
  PAYMENTS,
  RETIRED,
  refreshedTo,
  STAGING,
  twoUnitsInput,
} from "./inputs";

const input = twoUnitsInput();
const before = [PAYMENTS, STAGING, DATA];
const current = deployed(input, before);
const role = (id: string) => `arn:aws:iam::${id}:role/fleetwatch-member`;
const membersA = prometheusReplicas(input.config).find((r) => r.group === "members");
if (!membersA) throw new Error("two-units.ts has a members group");
/** Replica a of the group that discovers in every account. */
const membersYml = (files: Record<string, string>) => files[FILES.prometheus(membersA)] ?? "";

describe("refreshDiscovery", () => {
  it.each([
    ["the same accounts", before],
    ["the same accounts in another order, one listed twice", [DATA, STAGING, PAYMENTS, DATA]],
    ["a suspended account besides them", [...before, RETIRED]],
    ["the home account besides them", [HOME, ...before]],
  ])("returns unchanged for %s", (_, accounts) => {
    const refresh = refreshDiscovery(input, current.version, accounts);
    expect(refresh).toMatchObject({ kind: "unchanged", version: current.version });
    expect(refresh.members.map((m) => m.id)).toEqual(["210987654321", "210987654322", "310987654321"]);
  });

  it("returns a new version discovering in an account that joined a unit", () => {
    const joined = { id: "410987654321", name: "ml-prod", state: "ACTIVE" };
    const refresh = refreshDiscovery(input, current.version, [...before, joined]);
    if (refresh.kind !== "changed") throw new Error(`expected a change, got ${refresh.kind}`);
    expect(refresh.version).not.toBe(current.version);
    // The deploy's content version, in the refresh's own namespace (keys a deploy never owns, so never deletes).
    expect(refresh.version).toBe(`${deployed(input, [joined, ...before]).version}-refreshed`);
    expect(refresh.version).toBe(refreshedTo(input, [joined, ...before]));
    expect(discoveredRoles(membersYml(refresh.files))).toContain(role("410987654321"));
    expect(membersYml(refresh.files)).toContain("ml-prod");
    expect(membersYml(current.files)).not.toContain("ml-prod");
  });

  it("returns unchanged when the pointer names a refreshed version of the same accounts", () => {
    const refreshed = refreshedTo(input, before);
    expect(refreshDiscovery(input, refreshed, [...before].reverse())).toMatchObject({
      kind: "unchanged",
      version: refreshed,
    });
  });

  it("returns a new version without the discovery of an account that left, or was suspended", () => {
    for (const after of [
      [PAYMENTS, DATA],
      [PAYMENTS, { ...STAGING, state: "SUSPENDED" }, DATA],
    ]) {
      const refresh = refreshDiscovery(input, current.version, after);
      if (refresh.kind !== "changed") throw new Error(`expected a change, got ${refresh.kind}`);
      expect(discoveredRoles(membersYml(refresh.files))).not.toContain(role(STAGING.id));
      expect(discoveredRoles(membersYml(refresh.files))).toContain(role(DATA.id));
      expect(refresh.members.map((m) => m.id)).toEqual([PAYMENTS.id, DATA.id]);
    }
  });

  it("changes the Prometheus configs only, and exactly the paths stay", () => {
    const refresh = refreshDiscovery(input, current.version, [PAYMENTS, DATA]);
    if (refresh.kind !== "changed") throw new Error("expected a change");
    expect(Object.keys(refresh.files).sort()).toEqual(Object.keys(current.files).sort());
    const changed = Object.keys(refresh.files).filter((p) => refresh.files[p] !== current.files[p]);
    expect(changed).toEqual(["prometheus/members-a/prometheus.yml", "prometheus/members-b/prometheus.yml"]);
  });

  it("never discovers in the home account through a member role", () => {
    const refresh = refreshDiscovery(input, "0000000000000000", [HOME, PAYMENTS]);
    expect(discoveredRoles(membersYml(renderedOf(refresh)))).toEqual([role(PAYMENTS.id), role(PAYMENTS.id)]);
  });
});

function renderedOf(refresh: ReturnType<typeof refreshDiscovery>): Record<string, string> {
  if (refresh.kind !== "changed") throw new Error("expected a change");
  return refresh.files;
}
