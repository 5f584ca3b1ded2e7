import { describe, expect, it } from "vitest";
import { runProgram } from "./harness";

describe("runProgram", () => {
  it("runs one stack on its own, with the app set up by sst.config.ts's app()", async () => {
    const run = await runProgram("dev", () => {
      const queue = new aws.sqs.Queue("Lonely", { visibilityTimeoutSeconds: 42 });
      return { queue: queue.name };
    });
    expect(run.graph.cloud.map((r) => r.name)).toEqual(["Lonely"]);
    expect(run.graph.one("aws:sqs/queue:Queue").inputs.visibilityTimeoutSeconds).toBe(42);
    expect(run.app.name).toBe("fleetwatch");
  });
});
