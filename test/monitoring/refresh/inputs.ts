import { resolveConfig } from "@fleetwatch/config";
import {
  activeMembers,
  configVersion,
  type OrganizationAccount,
  type RenderedTree,
  type RenderInput,
  refreshedVersion,
  renderFromInput,
  renderInputText,
  stackTopology,
} from "@fleetwatch/monitoring";
import { CONFIG_POINTER_KEY, configFileKey, configRenderInputKey } from "@fleetwatch/state-layout";
import twoUnits from "../../fixtures/configs/two-units";

// The discovery refresh's tests share one deployed Organization: two-units.ts as the stack renders it.

export const HOME_ID = "123456789012";
export const UNIT_A = "ou-ab12-cdef3456";
export const UNIT_B = "ou-ab12-0123abcd";

export const PAYMENTS: OrganizationAccount = { id: "210987654321", name: "payments-prod", state: "ACTIVE" };
export const STAGING: OrganizationAccount = { id: "210987654322", name: "payments-staging", state: "ACTIVE" };
export const DATA: OrganizationAccount = { id: "310987654321", name: "data-prod", state: "ACTIVE" };
export const RETIRED: OrganizationAccount = { id: "310987654329", name: "data-retired", state: "SUSPENDED" };
export const HOME: OrganizationAccount = { id: HOME_ID, name: "management", state: "ACTIVE" };

/** The render input the two-unit stack stores (production stage, Grafana on its load balancer). */
export function twoUnitsInput(): RenderInput {
  const config = resolveConfig(twoUnits, "production");
  return {
    config,
    topology: { ...stackTopology(config), grafanaUrl: "http://grafana.example.internal" },
    options: { slackWebhookUrlFile: "/etc/fleetwatch/secrets/slack_webhook_url", homeAccountId: HOME_ID },
  };
}

/** The tree and version a deploy renders for these units' accounts. */
export function deployed(
  input: RenderInput,
  accounts: readonly OrganizationAccount[],
): { files: RenderedTree; version: string } {
  const files = renderFromInput(input, activeMembers(accounts, HOME_ID));
  return { files, version: configVersion(files) };
}

/** The version a discovery refresh gives the tree of these units' accounts (its own namespace). */
export const refreshedTo = (input: RenderInput, accounts: readonly OrganizationAccount[]): string =>
  refreshedVersion(deployed(input, accounts).files);

/** What a deploy uploads: every file and the render input of its version, then the pointer. */
export function deployObjects(
  input: RenderInput,
  accounts: readonly OrganizationAccount[],
): { version: string; objects: [string, string][] } {
  const { files, version } = deployed(input, accounts);
  return {
    version,
    objects: [
      ...Object.entries(files).map(([path, body]): [string, string] => [configFileKey(version, path), body]),
      [configRenderInputKey(version), renderInputText(input)],
      [CONFIG_POINTER_KEY, version],
    ],
  };
}

/** The role ARNs of a rendered Prometheus config's discovery blocks (the home account's block has none). */
export function discoveredRoles(prometheusYml: string): string[] {
  return [...prometheusYml.matchAll(/role_arn: (\S+)/g)].map((m) => m[1] as string);
}
