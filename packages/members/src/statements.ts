import type { CfnValue } from "./cfn.js";

/** An IAM policy statement as it lands in a template's policy document. */
export interface PolicyStatement {
  Sid: string;
  Effect: "Allow";
  Action: string[];
  Resource: CfnValue;
  Condition?: Record<string, Record<string, string[]>>;
}

/** A grant in SST's permission shape (`{ actions, resources, conditions }`), as stacks/onboarding-grants.ts writes it. */
export interface GrantLike<A> {
  actions: string[];
  resources: A[];
  conditions?: { test: string; variable: string; values: string[] }[];
}

/** Grants as policy statements, named `<sid>0`, `<sid>1`, ... (conditions with the same operator merge). */
export function grantStatements(sid: string, grants: readonly GrantLike<CfnValue>[]): PolicyStatement[] {
  return grants.map((grant, n) => {
    const statement: PolicyStatement = {
      Sid: `${sid}${n}`,
      Effect: "Allow",
      Action: [...grant.actions],
      Resource: grant.resources.length === 1 ? (grant.resources[0] as CfnValue) : [...grant.resources],
    };
    if (grant.conditions?.length) {
      const condition: Record<string, Record<string, string[]>> = {};
      for (const c of grant.conditions) condition[c.test] = { ...condition[c.test], [c.variable]: c.values };
      statement.Condition = condition;
    }
    return statement;
  });
}
