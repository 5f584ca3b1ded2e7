import { FakeAws } from "@fleetwatch/devkit/fakes/aws";
import { FakeClock, seededRandom } from "@fleetwatch/devkit/fakes/clock";
import { TWO_REGIONS_TWO_GROUPS as settings } from "@fleetwatch/devkit/fakes/settings";
import { AwsCallError, reconcile } from "@fleetwatch/onboarding";
import { describe, expect, it } from "vitest";

describe("reconcile (the whole fleet in one call)", () => {
  it("reports a region whose listing fails and still reconciles every region after it", async () => {
    const clock = new FakeClock();
    const aws = new FakeAws({ clock, random: seededRandom(3), tagLagMs: 0 });
    aws.documentName = settings.documentName;
    aws.launch({ id: "i-00000000000000001", region: "us-east-1", registersAfterMs: 0 });
    aws.launch({ id: "i-00000000000000002", region: "eu-west-1", registersAfterMs: 0 });
    const [first, second] = settings.regions;
    expect([first, second]).toEqual(["us-east-1", "eu-west-1"]);
    const ports = (region: string) => {
      const real = aws.ports(region);
      if (region !== first) return real;
      const failing = async () => {
        throw new AwsCallError("ec2:DescribeInstances", "UnauthorizedOperation: not in this region");
      };
      return { ...real, instances: { ...real.instances, runningPage: failing } };
    };
    const report = await reconcile({ ports, settings, now: clock.now });
    expect(report.failedRegions).toEqual([
      { region: "us-east-1", error: expect.stringContaining("UnauthorizedOperation") },
    ]);
    expect(report.outcomes.map((o) => [o.id, o.kind])).toEqual([["i-00000000000000002", "installing"]]);
    expect(aws.sent.get("i-00000000000000002")).toHaveLength(1);
    expect(report.status.failedRegions).toEqual(["us-east-1"]);
  });
});
