import { describe, expect, it } from "vitest";
import {
  checkLogRetention,
  LOG_RETENTION_DAYS,
} from "../../../packages/conformance/src/documented/log-retention";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };
const group = (retentionInDays: unknown) => [
  { type: "aws:cloudwatch/logGroup:LogGroup", name: "HealthAuditLogGroup", inputs: { retentionInDays } },
];

describe("checkLogRetention", () => {
  it.each(LOG_RETENTION_DAYS)("accepts %i days", (days) => {
    expect(checkLogRetention(group(days), CONTEXT)).toEqual({ checks: 1, problems: [] });
  });

  it("leaves 0 (never expire) and an unset retention alone", () => {
    expect(checkLogRetention([...group(0), ...group(undefined)], CONTEXT)).toEqual({
      checks: 0,
      problems: [],
    });
  });

  it.each([2, 31, 366, 3650])("reports %i days", (days) => {
    const { problems } = checkLogRetention(group(days), CONTEXT);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      resource: "HealthAuditLogGroup",
      property: "retentionInDays",
      rule: "log-retention-days",
    });
  });
});
