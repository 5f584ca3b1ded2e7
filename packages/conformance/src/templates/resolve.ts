// CloudFormation's intrinsic functions, resolved as far as the checks need: pseudo parameters, parameter
// defaults, `Fn::Sub`, `Fn::GetAtt` of a role's ARN. Anything else is left as written (and skipped by the checks).

/** The member account a template's `${AWS::AccountId}` stands for in the checks. */
export const TEMPLATE_ACCOUNT_ID = "210987654321";

/** What a template's pseudo parameters and references resolve to. */
export interface TemplateScope {
  partition: string;
  accountId: string;
  region: string;
  /** Parameter -> its default. */
  parameters: Readonly<Record<string, string>>;
  /** Logical id -> the ARN of that resource, for `Fn::GetAtt [id, "Arn"]`. */
  arns: Readonly<Record<string, string>>;
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Whether a value is an intrinsic function call (`{ Ref }` or `{ "Fn::..." }`). */
export function isIntrinsic(value: unknown): boolean {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  return keys.length === 1 && (keys[0] === "Ref" || (keys[0]?.startsWith("Fn::") ?? false));
}

function lookup(name: string, scope: TemplateScope): string | undefined {
  switch (name) {
    case "AWS::Partition":
      return scope.partition;
    case "AWS::AccountId":
      return scope.accountId;
    case "AWS::Region":
      return scope.region;
    case "AWS::URLSuffix":
      return "amazonaws.com";
    default:
      return scope.parameters[name];
  }
}

/** A value with the intrinsic functions the scope can answer replaced by their values. */
export function resolveIntrinsics(value: unknown, scope: TemplateScope): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveIntrinsics(v, scope));
  if (!isRecord(value)) return value;
  if (isIntrinsic(value)) {
    const [fn, arg] = Object.entries(value)[0] as [string, unknown];
    if (fn === "Ref" && typeof arg === "string") return lookup(arg, scope) ?? value;
    if (fn === "Fn::Sub" && typeof arg === "string") {
      let unresolved = false;
      const text = arg.replace(/\$\{([^}!]+)\}/g, (whole, name: string) => {
        const found = lookup(name, scope);
        if (found === undefined) unresolved = true;
        return found ?? whole;
      });
      return unresolved ? value : text;
    }
    if (fn === "Fn::GetAtt" && Array.isArray(arg) && arg[1] === "Arn" && typeof arg[0] === "string")
      return scope.arns[arg[0]] ?? value;
    return value;
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveIntrinsics(v, scope)]));
}
