import type { Notifier, SlackMessage } from "@fleetwatch/audit";
import { HttpSourceError } from "./errors.js";

export interface SlackWebhookOptions {
  /** @default 4 */
  attempts?: number;
  /** Wait when Slack gives no Retry-After, doubled each attempt. @default 1000 */
  baseDelayMs?: number;
  /** Longest wait honoured. @default 30000 */
  maxDelayMs?: number;
  fetch?: typeof fetch;
  sleep?: (ms: number) => Promise<void>;
}

/**
 * Posts to a Slack incoming webhook, retrying 429 and 5xx and honouring Retry-After. Errors never carry the
 * webhook URL (it is a secret): they say "Slack webhook" and the status.
 */
export class SlackWebhook implements Notifier {
  constructor(
    private readonly url: string,
    private readonly options: SlackWebhookOptions = {},
  ) {}

  async post(message: SlackMessage): Promise<void> {
    const attempts = this.options.attempts ?? 4;
    const sleep = this.options.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)));
    const doFetch = this.options.fetch ?? fetch;
    for (let attempt = 1; ; attempt++) {
      let status: number | undefined;
      let retryAfter: string | null = null;
      let reason = "";
      try {
        const response = await doFetch(this.url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(message),
          signal: AbortSignal.timeout(10_000),
        });
        if (response.ok) return;
        status = response.status;
        retryAfter = response.headers.get("retry-after");
        reason = await slackReason(response);
        if (status < 500 && status !== 429)
          throw new HttpSourceError(`post to Slack webhook: HTTP ${status}${reason}`, status);
      } catch (error) {
        if (error instanceof HttpSourceError) throw error;
        if (attempt >= attempts)
          throw new HttpSourceError(`post to Slack webhook: ${(error as Error).name}`, undefined, {
            cause: (error as Error).name,
          });
      }
      if (attempt >= attempts)
        throw new HttpSourceError(
          `post to Slack webhook: HTTP ${status}${reason} after ${attempts} attempts`,
          status,
        );
      await sleep(this.delay(attempt, retryAfter));
    }
  }

  private delay(attempt: number, retryAfter: string | null): number {
    const max = this.options.maxDelayMs ?? 30_000;
    const seconds = retryAfter === null ? Number.NaN : Number(retryAfter);
    if (Number.isFinite(seconds) && seconds >= 0) return Math.min(seconds * 1000, max);
    return Math.min((this.options.baseDelayMs ?? 1000) * 2 ** (attempt - 1), max);
  }
}

/**
 * Slack's reason for refusing a post, from the response body (`no_service`, `invalid_blocks`, `channel_is_archived`,
 * ...), as " <reason>" on one line, or "" when the body says nothing. Only the first 200 characters are read: a proxy
 * may answer with a whole page.
 */
async function slackReason(response: Response): Promise<string> {
  let body: string;
  try {
    body = await response.text();
  } catch {
    return "";
  }
  const line =
    body
      .slice(0, 200)
      .split(/\r?\n/)[0]
      ?.replace(/[^\x20-\x7e]/g, "")
      .trim() ?? "";
  return line && !line.startsWith("<") ? ` ${line.slice(0, 100)}` : "";
}
