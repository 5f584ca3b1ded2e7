import { describe, expect, it } from "vitest";
import {
  checkLambdaEnvironment,
  LAMBDA_ENVIRONMENT_BYTES,
} from "../../../packages/conformance/src/documented/lambda-environment";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };
const fn = (variables: Record<string, unknown> | undefined) => [
  {
    type: "aws:lambda/function:Function",
    name: "HealthAuditFunction",
    inputs: variables ? { environment: { variables } } : {},
  },
];

describe("checkLambdaEnvironment", () => {
  it("accepts variables of exactly 4 KB, keys included, and a function without any", () => {
    const value = "x".repeat(LAMBDA_ENVIRONMENT_BYTES - "CONFIG".length);
    expect(checkLambdaEnvironment(fn({ CONFIG: value }), CONTEXT)).toEqual({ checks: 1, problems: [] });
    expect(checkLambdaEnvironment(fn(undefined), CONTEXT)).toEqual({ checks: 0, problems: [] });
  });

  it("reports one byte more, counting multi-byte characters as bytes", () => {
    const { problems } = checkLambdaEnvironment(
      fn({ CONFIG: "é".repeat(2040), OTHER: "x".repeat(6) }),
      CONTEXT,
    );
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      resource: "HealthAuditFunction",
      property: "environment.variables",
      rule: "lambda-environment-size",
    });
    expect(problems[0]?.message).toContain("4097 bytes; Lambda allows 4096");
  });
});
