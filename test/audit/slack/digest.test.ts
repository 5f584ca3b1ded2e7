import { digestMessage } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import { sampleReport } from "../../support/report";

const textOf = (m: ReturnType<typeof digestMessage>) => m.blocks.map((b) => JSON.stringify(b)).join("\n");

describe("digestMessage", () => {
  it("carries status, the freshness table, compactor, onboarding, top findings, picture and links", () => {
    const message = digestMessage(sampleReport(), {
      links: { grafana: "https://grafana.example/d/fleet", bucketWeb: "https://bucketweb.example" },
      onboarding: { instancesByStatus: { onboarded: 41, failed: 2 }, targetsDown: 3, targetsTotal: 43 },
      timelineUrl: "https://state.s3.amazonaws.com/timeline.png?X-Amz-Signature=abc",
    });
    expect(message.text).toBe("fleetwatch digest: critical (3 critical, 0 warning)");
    const text = textOf(message);
    expect(text).toContain("STATUS   NEWEST   STREAM");
    expect(text).toContain('critical     10h  {fleetwatch_group=\\"default\\",prometheus_replica=\\"1\\"}');
    expect(text).toContain("*Compactor*");
    expect(text).toContain(
      "*Onboarding* instances by status: failed: 2, onboarded: 41; targets down: 3 of 43",
    );
    expect(text).toContain(
      "<https://grafana.example/d/fleet|Grafana> · <https://bucketweb.example|Bucket Web>",
    );
    expect(message.blocks.find((b) => b.type === "image")).toMatchObject({
      image_url: expect.stringContaining("X-Amz-Signature"),
    });
  });

  it("says onboarding is not reported without its input, and stays within Slack's limits", () => {
    const message = digestMessage(sampleReport());
    expect(textOf(message)).toContain("*Onboarding* not reported");
    expect(message.blocks.length).toBeLessThanOrEqual(50);
    for (const b of message.blocks)
      if (b.type === "section") expect(b.text.text.length).toBeLessThanOrEqual(3000);
  });
});
