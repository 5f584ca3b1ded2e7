import { describe, expect, it } from "vitest";
import { checkSqsVisibility } from "../../../packages/conformance/src/cross-resource/sqs-visibility";
import type { PlannedResource } from "../../../packages/conformance/src/problem";

const CONTEXT = { accountId: "123456789012", region: "us-east-1" };
const QUEUE = "fleetwatch-dev-LaunchQueue-abcdefgh";
const FUNCTION = "fleetwatch-dev-LaunchFunction-abcdefgh";

function plan(
  visibility: number | undefined,
  timeout: number,
  window?: number,
  functionRef = FUNCTION,
): PlannedResource[] {
  return [
    {
      type: "aws:sqs/queue:Queue",
      name: "LaunchQueue",
      inputs: { name: QUEUE, visibilityTimeoutSeconds: visibility },
    },
    {
      type: "aws:sqs/queue:Queue",
      name: "OtherQueue",
      inputs: { name: "other", visibilityTimeoutSeconds: 1 },
    },
    { type: "aws:lambda/function:Function", name: "LaunchFunction", inputs: { name: FUNCTION, timeout } },
    {
      type: "aws:lambda/eventSourceMapping:EventSourceMapping",
      name: "LaunchEventSource",
      inputs: {
        eventSourceArn: `arn:aws:sqs:us-east-1:123456789012:${QUEUE}`,
        functionName: functionRef,
        maximumBatchingWindowInSeconds: window,
      },
    },
  ];
}

describe("checkSqsVisibility", () => {
  it.each([
    [750, 120, 30],
    [720, 120, undefined],
    [3600, 300, 0],
  ])("accepts visibility %is for a %is function with a %ss window", (visibility, timeout, window) => {
    expect(checkSqsVisibility(plan(visibility, timeout, window), CONTEXT)).toEqual({
      checks: 1,
      problems: [],
    });
  });

  it("joins the function by its ARN, qualified or not", () => {
    const arn = `arn:aws:lambda:us-east-1:123456789012:function:${FUNCTION}`;
    expect(checkSqsVisibility(plan(300, 120, 0, arn), CONTEXT).problems).toHaveLength(1);
    expect(checkSqsVisibility(plan(300, 120, 0, `${arn}:live`), CONTEXT).problems).toHaveLength(1);
  });

  it.each([
    ["below 6 x timeout + window", 300, 120, 30, "6 x 120 + 30 = 750s"],
    ["one second short", 749, 120, 30, "750s"],
    ["below the function's timeout (Lambda refuses the mapping)", 60, 120, 0, "Lambda refuses"],
    ["the SQS default of 30s under a 10s function", undefined, 10, 0, "6 x 10 + 0 = 60s"],
  ])("reports visibility %s", (_what, visibility, timeout, window, says) => {
    const { problems } = checkSqsVisibility(plan(visibility, timeout, window), CONTEXT);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({
      severity: "error",
      ruleClass: "cross-resource",
      rule: "sqs-visibility-timeout",
      resource: "LaunchQueue",
      property: "visibilityTimeoutSeconds",
    });
    expect(problems[0]?.message).toContain(says);
    expect(problems[0]?.message).toContain("LaunchFunction");
  });

  it("leaves mappings it cannot join, and non-SQS sources, alone", () => {
    const resources = plan(1, 900);
    const mapping = resources[3] as PlannedResource;
    mapping.inputs.functionName = "not-in-the-plan";
    expect(checkSqsVisibility(resources, CONTEXT).checks).toBe(0);
    mapping.inputs.eventSourceArn = "arn:aws:kinesis:us-east-1:123456789012:stream/x";
    mapping.inputs.functionName = FUNCTION;
    expect(checkSqsVisibility(resources, CONTEXT).checks).toBe(0);
  });
});
