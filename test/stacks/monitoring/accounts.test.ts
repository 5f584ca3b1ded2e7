import { resolveConfig } from "@fleetwatch/config";
import type { AppRun } from "@fleetwatch/sst-offline";
import { beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { memberRoleAssume } from "../../../stacks/monitoring/iam";
import { runStage } from "../../infra/harness";
import { MEMBER_GROUPS } from "../../monitoring/tools";
import { ROLE, statementsOf, uploadedTree } from "./tasks";

// Discovery across accounts in the stack: the accounts the Organization lists reach the rendered configs, and the
// Prometheus task roles may assume the member roles and nothing else.

/**
 * The monitoring task roles (by logical name) granted `sts:AssumeRole` by an inline policy. The onboarding
 * Lambdas' roles assume the member roles too: that is the onboarding stack's to test.
 */
function assumers(run: AppRun): string[] {
  return run.graph
    .ofType(ROLE)
    .filter((r) => r.name.endsWith("TaskRole"))
    .filter((r) =>
      statementsOf(run, r.name).some((s) => [s.Action].flat().map(String).includes("sts:AssumeRole")),
    )
    .map((r) => r.name)
    .sort();
}

/** The `role_arn` and region of each discovery block of a rendered prometheus.yml. */
function blocks(tree: Record<string, string>, dir: string): string[] {
  const yml = parse(tree[`prometheus/${dir}/prometheus.yml`] ?? "") as {
    scrape_configs: { ec2_sd_configs?: { role_arn?: string; region: string }[] }[];
  };
  return (yml.scrape_configs[0]?.ec2_sd_configs ?? []).map(
    (sd) => `${sd.role_arn ?? "task role"} ${sd.region}`,
  );
}

describe("memberRoleAssume", () => {
  const config = resolveConfig(MEMBER_GROUPS, "dev");
  it.each([
    ["home", []],
    ["payments", ["arn:aws:iam::111111111111:role/fleetwatch-member"]],
    [
      "default",
      [
        "arn:aws:iam::111111111111:role/fleetwatch-member",
        "arn:aws:iam::222222222222:role/fleetwatch-member",
      ],
    ],
  ])("grants group %s's tasks AssumeRole on exactly %j", (name, arns) => {
    const group = config.scrapeGroups.find((g) => g.name === name);
    if (!group) throw new Error(`no group ${name}`);
    expect(memberRoleAssume(config, group, undefined).map((s) => s.Resource)).toEqual(
      arns.length ? [arns] : [],
    );
  });
});

describe("the two-unit Organization app", () => {
  let run: AppRun;
  let tree: Record<string, string>;
  beforeAll(async () => {
    run = await runStage("production", "two-units.ts");
    tree = uploadedTree(run);
  });

  it("discovers in the units' ACTIVE accounts, never the home account's nor a suspended one's", () => {
    expect(run.outputs.memberAccounts).toEqual([
      { id: "210987654321", name: "payments-prod" },
      { id: "210987654322", name: "payments-staging" },
      { id: "310987654321", name: "data-prod" },
    ]);
    expect(blocks(tree, "payments-a")).toEqual([
      "arn:aws:iam::210987654321:role/fleetwatch-member us-east-1",
      "arn:aws:iam::210987654321:role/fleetwatch-member eu-west-1",
    ]);
    expect(blocks(tree, "members-b")).toEqual(
      [
        "task role",
        ...["210987654321", "210987654322", "310987654321"].map(
          (id) => `arn:aws:iam::${id}:role/fleetwatch-member`,
        ),
      ].flatMap((who) => [`${who} us-east-1`, `${who} eu-west-1`]),
    );
  });

  it("lets, of the monitoring tasks, only Prometheus assume the member role, in accounts of the Organization only", () => {
    expect(assumers(run)).toEqual([
      "PrometheusMembersATaskRole",
      "PrometheusMembersBTaskRole",
      "PrometheusPaymentsATaskRole",
      "PrometheusPaymentsBTaskRole",
    ]);
    const assume = statementsOf(run, "PrometheusPaymentsATaskRole").filter((s) =>
      [s.Action].flat().includes("sts:AssumeRole"),
    );
    expect(assume).toEqual([
      {
        Sid: "AssumeMemberRoles",
        Effect: "Allow",
        Action: ["sts:AssumeRole"],
        Resource: "arn:aws:iam::*:role/fleetwatch-member",
        Condition: { StringEquals: { "aws:ResourceOrgID": ["o-a1b2c3d4e5"] } },
      },
    ]);
  });
});

describe("the Organization-root app", () => {
  it("discovers in every ACTIVE account of the Organization but the management (home) account", async () => {
    const run = await runStage("dev", "organization-root.ts");
    expect((run.outputs.memberAccounts as { id: string }[]).map((a) => a.id)).toEqual([
      "210987654321",
      "210987654322",
      "310987654321",
    ]);
    expect(blocks(uploadedTree(run), "default-a")).toEqual([
      "task role us-east-1",
      "arn:aws:iam::210987654321:role/fleetwatch-member us-east-1",
      "arn:aws:iam::210987654322:role/fleetwatch-member us-east-1",
      "arn:aws:iam::310987654321:role/fleetwatch-member us-east-1",
    ]);
  });
});

describe("the member-accounts app", () => {
  it("lets the Prometheus task roles assume exactly the listed members' roles", async () => {
    const run = await runStage("dev", "member-accounts.ts");
    expect(assumers(run)).toEqual(["PrometheusDefaultATaskRole", "PrometheusDefaultBTaskRole"]);
    const resources = statementsOf(run, "PrometheusDefaultATaskRole")
      .filter((s) => [s.Action].flat().includes("sts:AssumeRole"))
      .map((s) => s.Resource);
    expect(resources).toEqual([
      ["111111111111", "222222222222"].map((id) => `arn:aws:iam::${id}:role/fleetwatch-member`),
    ]);
    expect(run.outputs.memberAccounts).toEqual([]);
  });

  it("grants no AssumeRole at all without member accounts", async () => {
    expect(assumers(await runStage("dev", "minimal.ts"))).toEqual([]);
  });
});
