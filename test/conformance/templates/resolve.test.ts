import { describe, expect, it } from "vitest";
import { isIntrinsic, resolveIntrinsics } from "../../../packages/conformance/src/templates/resolve";

const scope = {
  partition: "aws",
  accountId: "210987654321",
  region: "eu-west-1",
  parameters: { RoleRegion: "us-east-1" },
  arns: { ForwardingRole: "arn:aws:iam::210987654321:role/ForwardingRole" },
};

describe("resolveIntrinsics", () => {
  it.each([
    [{ Ref: "AWS::Region" }, "eu-west-1"],
    [{ Ref: "RoleRegion" }, "us-east-1"],
    [
      // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub, not a JS template
      { "Fn::Sub": "arn:${AWS::Partition}:ec2:us-east-1:${AWS::AccountId}:instance/*" },
      "arn:aws:ec2:us-east-1:210987654321:instance/*",
    ],
    [{ "Fn::GetAtt": ["ForwardingRole", "Arn"] }, "arn:aws:iam::210987654321:role/ForwardingRole"],
  ])("resolves %j", (value, resolved) => {
    expect(resolveIntrinsics({ nested: [value] }, scope)).toEqual({ nested: [resolved] });
  });

  it.each([
    // biome-ignore lint/suspicious/noTemplateCurlyInString: CloudFormation's Fn::Sub, not a JS template
    { "Fn::Sub": "${Unknown}-x" },
    { Ref: "Unknown" },
    { "Fn::GetAtt": ["Other", "Arn"] },
    { "Fn::FindInMap": ["M", { Ref: "AWS::Region" }, "Value0"] },
  ])("leaves %j as written, an intrinsic the checks skip", (value) => {
    expect(resolveIntrinsics(value, scope)).toEqual(value);
    expect(isIntrinsic(value)).toBe(true);
  });

  it("tells a one-key object that is no function from an intrinsic", () => {
    expect(isIntrinsic({ RoleName: "x" })).toBe(false);
    expect(isIntrinsic({ Ref: "x", Other: 1 })).toBe(false);
  });
});
