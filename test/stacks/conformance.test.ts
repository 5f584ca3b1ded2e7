import { AppRunError, runApp } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";
import { enforceConformance } from "../../stacks/conformance";
import { ROOT } from "../infra/harness";

describe("enforceConformance", () => {
  it("stops the deploy before it creates a resource AWS would reject, and creates the others", async () => {
    const created: string[] = [];
    const failure = await runApp({
      root: ROOT,
      stage: "dev",
      conformance: "enforce",
      program: () => {
        enforceConformance({ accountId: "123456789012", region: "us-east-1" });
        // The registration order does not decide: the good group is created, the bad one never is.
        const bad = new aws.ec2.SecurityGroup("Planted", { description: "Prometheus's own tasks" });
        const good = new aws.ec2.SecurityGroup("Fine", { description: "Prometheus tasks" });
        good.id.apply((id) => created.push(`Fine ${id}`));
        bad.id.apply((id) => created.push(`Planted ${id}`));
        return {};
      },
    }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(AppRunError);
    const message = String((failure as Error).message);
    expect(message).toContain("Planted");
    expect(message).toMatch(/charset.*description/);
    expect(message).not.toContain("Fine");
    expect(created).toEqual(["Fine fine-id"]);
  });
});
