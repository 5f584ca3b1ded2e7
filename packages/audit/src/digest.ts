import { type AuditOptions, type AuditResult, runAudit } from "./audit.js";
import type { Notifier } from "./scheduled.js";
import type { SlackMessage } from "./slack/blocks.js";
import { type DigestOnboarding, type DigestOptions, digestMessage } from "./slack/digest.js";
import { renderTimeline } from "./timeline/render.js";

/** Where the digest's picture goes; returns a URL Slack can fetch. */
export interface PictureStore {
  /** Stores picture `name` (e.g. `timeline.png`) of the digest of the UTC day of `day`. */
  put(day: Date, name: string, png: Buffer): Promise<string>;
}

export interface DigestRun extends AuditResult {
  message: SlackMessage;
  /** Why the picture is missing, when it is. */
  pictureError?: string;
  slack: { status: "posted" | "disabled" } | { status: "failed"; error: string };
}

/**
 * The `digest` Lambda's job: a fresh audit, the PNG timeline stored and linked, the Block Kit digest posted (with
 * a discovery line when the options carry the discovery refresh's state).
 * A picture that cannot be stored leaves the digest without it; a Slack failure is reported, not thrown.
 */
export async function runDailyDigest(
  options: AuditOptions & {
    pictures: PictureStore;
    notifier?: Notifier;
    onboarding?: () => Promise<DigestOnboarding | undefined>;
    links?: DigestOptions["links"];
  },
): Promise<DigestRun> {
  const result = await runAudit(options);
  const png = renderTimeline(result.view, {
    now: options.now,
    config: options.config,
    title: options.bucket,
    findings: result.report.findings,
  });
  let timelineUrl: string | undefined;
  let pictureError: string | undefined;
  try {
    timelineUrl = await options.pictures.put(new Date(options.now), "timeline.png", png);
  } catch (error) {
    pictureError = (error as Error).message;
  }
  const onboarding = await options.onboarding?.().catch(() => undefined);
  const { discovery } = options;
  const message = digestMessage(result.report, {
    ...(options.links ? { links: options.links } : {}),
    ...(onboarding ? { onboarding } : {}),
    ...(discovery ? { discovery } : {}),
    ...(timelineUrl ? { timelineUrl } : {}),
  });
  let slack: DigestRun["slack"] = { status: "disabled" };
  if (options.notifier) {
    try {
      await options.notifier.post(message);
      slack = { status: "posted" };
    } catch (error) {
      slack = { status: "failed", error: (error as Error).message };
    }
  }
  return { ...result, message, slack, ...(pictureError ? { pictureError } : {}) };
}
