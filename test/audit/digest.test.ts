import { DEFAULT_AUDIT_CONFIG, type PictureStore, runDailyDigest } from "@fleetwatch/audit";
import { BucketFixture, HOUR, NOW, rawBlocks, STREAM_A0 } from "@fleetwatch/devkit/blocks";
import { MemoryBucket } from "@fleetwatch/devkit/memory-bucket";
import { describe, expect, it } from "vitest";
import { NO_SLEEP } from "../support/scheduled";

function options(pictures: PictureStore) {
  const fixture = new BucketFixture();
  rawBlocks(fixture, STREAM_A0, NOW - 10 * HOUR, NOW - 2 * HOUR);
  const bucket = new MemoryBucket(fixture.objects, fixture.bodies);
  return {
    bucket: "s3://t",
    lister: bucket,
    reader: bucket,
    config: DEFAULT_AUDIT_CONFIG,
    now: NOW,
    retry: NO_SLEEP,
    pictures,
  };
}

describe("runDailyDigest", () => {
  it("stores the PNG under the day and links it in the digest", async () => {
    const stored: string[] = [];
    const digest = await runDailyDigest(
      options({
        put: async (day, name, png) => {
          stored.push(`${day.toISOString().slice(0, 10)}/${name}`);
          expect(png.subarray(1, 4).toString()).toBe("PNG");
          return `https://example/${day.toISOString().slice(0, 10)}/${name}`;
        },
      }),
    );
    expect(stored).toEqual(["2026-11-20/timeline.png"]);
    expect(digest.message.blocks).toContainEqual(
      expect.objectContaining({ type: "image", image_url: "https://example/2026-11-20/timeline.png" }),
    );
    expect(digest.slack).toEqual({ status: "disabled" });
  });

  it("still posts the digest when the picture cannot be stored, and reports a Slack failure", async () => {
    const digest = await runDailyDigest({
      ...options({ put: async () => Promise.reject(new Error("AccessDenied")) }),
      notifier: {
        post: async () => Promise.reject(new Error("post to Slack webhook: HTTP 500 after 4 attempts")),
      },
    });
    expect(digest.pictureError).toBe("AccessDenied");
    expect(digest.message.blocks.some((b) => b.type === "image")).toBe(false);
    expect(digest.slack).toEqual({
      status: "failed",
      error: "post to Slack webhook: HTTP 500 after 4 attempts",
    });
  });

  it("reports a failing discovery refresh in its line and as a finding with its fix", async () => {
    const since = new Date(NOW - 2 * HOUR).toISOString();
    const digest = await runDailyDigest({
      ...options({ put: async () => "https://example/timeline.png" }),
      discovery: {
        kind: "status",
        status: {
          lastRunAt: new Date(NOW - 5 * 60_000).toISOString(),
          outcome: "store-failed",
          level: "problem",
          problem: "AccessDenied: denied",
          failingSince: since,
        },
        periodMs: 10 * 60_000,
        staleAfterMs: 30 * 60_000,
      },
    });
    expect(digest.report.findings.filter((f) => f.id === "discovery-refresh-failing")).toMatchObject([
      { severity: "warning", subject: "MonitoringDiscoveryRefresh" },
    ]);
    const texts = digest.message.blocks.flatMap((b) => (b.type === "section" ? [b.text.text] : []));
    expect(texts.filter((t) => t.startsWith("*Discovery*"))).toEqual([
      expect.stringContaining(
        "(store-failed: AccessDenied: denied): scraping covers the accounts of the last deploy",
      ),
    ]);
  });
});
