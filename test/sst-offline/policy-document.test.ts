import { renderPolicyDocument } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";

describe("renderPolicyDocument", () => {
  it("renders statements as an IAM policy document, Allow by default", () => {
    expect(renderPolicyDocument([{ actions: ["s3:GetObject"], resources: ["arn:aws:s3:::b/*"] }])).toEqual({
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: ["s3:GetObject"], Resource: ["arn:aws:s3:::b/*"] }],
    });
  });

  it("groups principals by type and conditions by test and variable", () => {
    const doc = renderPolicyDocument([
      {
        effect: "Deny",
        actions: ["s3:*"],
        principals: [
          { type: "AWS", identifiers: ["arn:aws:iam::1:root"] },
          { type: "AWS", identifiers: ["arn:aws:iam::2:root"] },
        ],
        conditions: [
          { test: "StringLike", variable: "aws:TagKeys", values: ["fleetwatch:*"] },
          { test: "StringLike", variable: "aws:TagKeys", values: ["other:*"] },
        ],
      },
    ]);
    expect(doc.Statement[0]).toEqual({
      Effect: "Deny",
      Action: ["s3:*"],
      Principal: { AWS: ["arn:aws:iam::1:root", "arn:aws:iam::2:root"] },
      Condition: { StringLike: { "aws:TagKeys": ["fleetwatch:*", "other:*"] } },
    });
  });

  it("writes everyone as the bare string *", () => {
    const doc = renderPolicyDocument([
      { actions: ["s3:*"], principals: [{ type: "*", identifiers: ["*"] }] },
    ]);
    expect(doc.Statement[0]?.Principal).toBe("*");
  });
});
