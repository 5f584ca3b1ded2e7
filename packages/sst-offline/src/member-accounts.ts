import { TEMPLATE_BODY_BYTES } from "@fleetwatch/conformance";
import type { RecordedResource } from "./mocks.js";
import type { AppRun } from "./run-app.js";

type Inputs = Record<string, unknown>;

interface Template {
  Resources?: Record<string, { Type?: string; Condition?: string }>;
}

/** The template's resources, `Id (Type[, only where Condition])`, and its size against the limit. */
function templateLine(body: unknown): string {
  if (typeof body !== "string") return "template: (none)";
  let template: Template = {};
  try {
    template = JSON.parse(body) as Template;
  } catch {
    return "template: (not JSON)";
  }
  const resources = Object.entries(template.Resources ?? {}).map(
    ([id, r]) => `${id} (${r.Type ?? "?"}${r.Condition ? `, where ${r.Condition}` : ""})`,
  );
  const bytes = Buffer.byteLength(body);
  return `template: ${resources.join(", ")}; ${bytes.toLocaleString("en-US")} of ${TEMPLATE_BODY_BYTES.toLocaleString("en-US")} bytes`;
}

/** Where one stack instance deploys: units or an account, in a region. */
function instanceLine(i: RecordedResource): string {
  const targets = i.inputs.deploymentTargets as Inputs | undefined;
  const units = (targets?.organizationalUnitIds as string[] | undefined) ?? [];
  const except =
    targets?.accountFilterType === "DIFFERENCE"
      ? ` except ${((targets.accounts as string[]) ?? []).join(", ")}`
      : "";
  const where = units.length > 0 ? `${units.join(", ")}${except}` : `account ${String(i.inputs.accountId)}`;
  const overrides = i.inputs.parameterOverrides as Inputs | undefined;
  const role = overrides?.RoleRegion ? ` (member role here: RoleRegion ${String(overrides.RoleRegion)})` : "";
  return `${where} in ${String(i.inputs.stackSetInstanceRegion)}${role}`;
}

/** Who the home bus policy admits: the Organization or the listed accounts. */
function busLine(policy: RecordedResource | undefined): string {
  if (!policy) return "home bus policy: (none)";
  try {
    const doc = JSON.parse(String(policy.inputs.policy)) as {
      Statement: {
        Action: string;
        Principal: unknown;
        Condition?: { StringEquals?: Record<string, string> };
      }[];
    };
    return `home bus policy: ${doc.Statement.map((s) => {
      const org = s.Condition?.StringEquals?.["aws:PrincipalOrgID"];
      const from = org
        ? `Organization ${org}`
        : ([] as string[]).concat((s.Principal as { AWS?: string | string[] }).AWS ?? []).join(", ");
      return `${s.Action} from ${from}`;
    }).join("; ")}`;
  } catch {
    return "home bus policy: (not JSON)";
  }
}

/**
 * The plan's member accounts section: the StackSet (name, permission model, how it deploys), its instances'
 * targets and regions, the template's resources, and the home bus policy. `undefined` without a StackSet.
 */
export function formatMemberAccounts(run: AppRun): string | undefined {
  const set = run.graph.ofType("aws:cloudformation/stackSet:StackSet")[0];
  if (!set) return undefined;
  const auto = set.inputs.autoDeployment as Inputs | undefined;
  const how = [
    String(set.inputs.permissionModel),
    auto?.enabled
      ? `auto-deployed, stacks ${auto.retainStacksOnAccountRemoval ? "kept" : "removed"} when an account leaves`
      : undefined,
    set.inputs.callAs ? `call as ${String(set.inputs.callAs)}` : undefined,
  ].filter(Boolean);
  const instances = run.graph.ofType("aws:cloudformation/stackSetInstance:StackSetInstance");
  return [
    `Member accounts: StackSet ${String(set.inputs.name)} (${how.join(", ")})`,
    ...instances.map((i) => `  instance: ${instanceLine(i)}`),
    `  ${templateLine(set.inputs.templateBody)}`,
    `  ${busLine(run.graph.ofType("aws:cloudwatch/eventBusPolicy:EventBusPolicy")[0])}`,
  ].join("\n");
}
