import { type FleetwatchConfig, resolveConfig } from "@fleetwatch/config";
import {
  formatMirrorAccess,
  MirrorAccessError,
  type MirrorAccessScope,
  memberDeployment,
  mirrorAccess,
  mirrorBucketPolicy,
  mirrorReadStatement,
} from "@fleetwatch/members";
import { describe, expect, it } from "vitest";

const mirror = { kind: "s3", bucket: "acme-mirror-{region}", prefix: "node_exporter/" } as const;
const base: FleetwatchConfig = {
  homeRegion: "us-east-1",
  regions: ["eu-west-1"],
  nodeExporter: { source: mirror },
};
const organization = { organization: { units: ["ou-ab12-cdef3456"] } };
const members = {
  members: [
    { id: "111111111111", name: "payments-prod" },
    { id: "222222222222", regions: ["eu-west-1" as const] },
  ],
};

/** The statements of a config, as the stack makes them (the offline Organization's id). */
function accessOf(
  config: FleetwatchConfig,
  scope: MirrorAccessScope = { partition: "aws", organizationId: "o-a1b2c3d4e5" },
) {
  const resolved = resolveConfig(config, "dev");
  return mirrorAccess(resolved, memberDeployment(resolved), scope);
}

describe("mirrorReadStatement", () => {
  it("grants s3:GetObject on the key prefix only, to the units' accounts by aws:PrincipalOrgPaths", () => {
    const readers = { organizationId: "o-a1b2c3d4e5", units: ["ou-ab12-cdef3456", "r-ab12"] };
    expect(mirrorReadStatement("acme", "a/b/", readers)).toEqual({
      Sid: "FleetwatchMemberInstancesReadNodeExporter",
      Effect: "Allow",
      Principal: "*",
      Action: "s3:GetObject",
      Resource: "arn:aws:s3:::acme/a/b/*",
      Condition: {
        // A unit at any depth (its child units' accounts included); a root: the whole Organization.
        "ForAnyValue:StringLike": {
          "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*/ou-ab12-cdef3456/*", "o-a1b2c3d4e5/r-ab12/*"],
        },
      },
    });
  });

  it.each([
    [undefined, "arn:aws-cn:s3:::acme/*"],
    ["", "arn:aws-cn:s3:::acme/*"],
    ["/mirror", "arn:aws-cn:s3:::acme/mirror/*"],
  ])(
    "grants prefix %o on %s to the listed accounts by aws:PrincipalAccount, in the given partition",
    (prefix, arn) => {
      const statement = mirrorReadStatement("acme", prefix, { accountIds: ["111111111111"] }, "aws-cn");
      expect(statement.Resource).toBe(arn);
      expect(statement.Condition).toEqual({ StringEquals: { "aws:PrincipalAccount": ["111111111111"] } });
    },
  );
});

describe("mirrorAccess", () => {
  it("names every onboarded region's bucket for the units' accounts", () => {
    const access = accessOf({ ...base, accounts: organization });
    for (const a of access)
      expect(a.statement.Condition).toEqual({
        "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": ["o-a1b2c3d4e5/*/ou-ab12-cdef3456/*"] },
      });
    expect(access.map((a) => [a.region, a.bucket, a.statement.Resource])).toEqual([
      ["us-east-1", "acme-mirror-us-east-1", "arn:aws:s3:::acme-mirror-us-east-1/node_exporter/*"],
      ["eu-west-1", "acme-mirror-eu-west-1", "arn:aws:s3:::acme-mirror-eu-west-1/node_exporter/*"],
    ]);
  });

  it("names in each bucket the listed accounts onboarded in its region, and skips a region with none", () => {
    const access = accessOf({
      ...base,
      regions: ["eu-west-1", "eu-central-1"],
      accounts: { members: [members.members[1] as { id: string }] },
    });
    const readers = (a: (typeof access)[number]) =>
      "StringEquals" in a.statement.Condition ? a.statement.Condition.StringEquals : undefined;
    expect(access.map((a) => [a.region, readers(a)])).toEqual([
      ["eu-west-1", { "aws:PrincipalAccount": ["222222222222"] }],
    ]);
    const narrowed = accessOf({ ...base, accounts: members });
    expect(narrowed.map((a) => [a.region, readers(a)])).toEqual([
      ["us-east-1", { "aws:PrincipalAccount": ["111111111111"] }],
      ["eu-west-1", { "aws:PrincipalAccount": ["111111111111", "222222222222"] }],
    ]);
  });

  it.each([
    ["the release comes from upstream", { ...base, nodeExporter: {}, accounts: organization }],
    ["there are no member accounts (the home account's instance profiles suffice)", base],
  ])("needs no statement when %s", (_, config) => {
    expect(accessOf(config as FleetwatchConfig)).toEqual([]);
  });

  it("refuses Organization mode without the Organization's id", () => {
    expect(() => accessOf({ ...base, accounts: organization }, { partition: "aws" })).toThrow(
      MirrorAccessError,
    );
  });
});

describe("formatMirrorAccess", () => {
  it("prints each bucket and its statement as JSON to paste, and nothing when no bucket needs one", () => {
    const [first] = accessOf({ ...base, regions: [], accounts: organization });
    if (!first) throw new Error("no statement");
    const text = formatMirrorAccess([first]) ?? "";
    const [title, bucket, ...json] = text.split("\n");
    expect(title).toMatch(/^Mirror access \(.*docs\/onboarding\.md#mirror-access\):$/);
    expect(bucket).toBe("  us-east-1: s3://acme-mirror-us-east-1");
    expect(JSON.parse(json.join("\n"))).toEqual(first.statement);
    expect(json.every((line) => line.startsWith("    "))).toBe(true);
    expect(formatMirrorAccess([])).toBeUndefined();
  });

  it("makes a whole bucket policy of a statement", () => {
    const [first] = accessOf({ ...base, accounts: organization });
    if (!first) throw new Error("no statement");
    expect(mirrorBucketPolicy(first)).toEqual({ Version: "2012-10-17", Statement: [first.statement] });
  });
});
