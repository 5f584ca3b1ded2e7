/** A statement as `aws.iam.getPolicyDocument` takes it. */
export interface PolicyStatementInput {
  sid?: string;
  effect?: string;
  actions?: string[];
  notActions?: string[];
  resources?: string[];
  notResources?: string[];
  principals?: { type: string; identifiers: string[] }[];
  notPrincipals?: { type: string; identifiers: string[] }[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

/** A statement of an IAM policy JSON document. */
export interface PolicyStatement {
  Sid?: string;
  Effect: "Allow" | "Deny";
  Action?: string[];
  NotAction?: string[];
  Resource?: string[];
  NotResource?: string[];
  Principal?: "*" | Record<string, string[]>;
  NotPrincipal?: "*" | Record<string, string[]>;
  Condition?: Record<string, Record<string, string[]>>;
}

export interface PolicyDocument {
  Version: "2012-10-17";
  Statement: PolicyStatement[];
}

function principals(list: { type: string; identifiers: string[] }[] | undefined) {
  if (!list?.length) return undefined;
  // Like the AWS provider: type "*" with identifier "*" is everyone, written as "*".
  if (list.every((p) => p.type === "*" && p.identifiers.every((i) => i === "*"))) return "*" as const;
  const out: Record<string, string[]> = {};
  for (const p of list) out[p.type] = [...(out[p.type] ?? []), ...p.identifiers];
  return out;
}

function conditions(list: PolicyStatementInput["conditions"]) {
  if (!list?.length) return undefined;
  const out: Record<string, Record<string, string[]>> = {};
  for (const c of list) {
    const test = out[c.test] ?? {};
    test[c.variable] = [...(test[c.variable] ?? []), ...c.values];
    out[c.test] = test;
  }
  return out;
}

/** Renders statements the way `aws.iam.getPolicyDocument` does, as an IAM policy document. */
export function renderPolicyDocument(statements: PolicyStatementInput[]): PolicyDocument {
  return {
    Version: "2012-10-17",
    Statement: statements.map((s) => {
      const statement: PolicyStatement = { Effect: s.effect === "Deny" ? "Deny" : "Allow" };
      if (s.sid) statement.Sid = s.sid;
      if (s.actions?.length) statement.Action = s.actions;
      if (s.notActions?.length) statement.NotAction = s.notActions;
      if (s.resources?.length) statement.Resource = s.resources;
      if (s.notResources?.length) statement.NotResource = s.notResources;
      const principal = principals(s.principals);
      if (principal) statement.Principal = principal;
      const notPrincipal = principals(s.notPrincipals);
      if (notPrincipal) statement.NotPrincipal = notPrincipal;
      const condition = conditions(s.conditions);
      if (condition) statement.Condition = condition;
      return statement;
    }),
  };
}
