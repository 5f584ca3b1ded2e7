import { buildView, DEFAULT_AUDIT_CONFIG, judge, type Report } from "@fleetwatch/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0, STREAM_A1 } from "@fleetwatch/devkit/blocks";

/** A report with one healthy and one stale stream, and an overlap. */
export function sampleReport(): Report {
  const fixture = new BucketFixture();
  rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
  rawBlocks(fixture, STREAM_A1, NOW - 20 * HOUR, NOW - 10 * HOUR);
  fixture.block({ minTime: NOW - 9 * HOUR, maxTime: NOW - 7 * HOUR, labels: STREAM_A0 });
  return judge(
    buildView(fixture.listing(), fixture.docs()),
    {},
    { bucket: "s3://thanos", config: DEFAULT_AUDIT_CONFIG, now: NOW },
  );
}
