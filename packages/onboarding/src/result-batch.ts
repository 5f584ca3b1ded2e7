import { canonicalRef, instanceKey } from "./accounts.js";
import { completeCommands } from "./complete.js";
import { type CommandResult, parseCommandResult } from "./events.js";
import { withUnitAccounts } from "./membership.js";
import {
  type BatchDeps,
  type BatchResult,
  deadLetterAll,
  parseAll,
  type QueueMessage,
  retry,
} from "./messages.js";
import { refusalReason } from "./outcome.js";

/**
 * One batch of SSM command results: tag installed / failed / uninstalled; retry what was throttled or failed
 * transiently; dead-letter the result of an instance AWS refused for good (`<id> refused by <operation>: ...`),
 * once per result (a duplicate delivery is acknowledged). A result of an account that is no longer one of the
 * units' (Organization mode) is logged and acknowledged. Should a dead letter not take effect, the result's
 * messages stay on the queue instead.
 */
export async function handleCommandResults(
  messages: readonly QueueMessage[],
  batchDeps: BatchDeps,
): Promise<BatchResult> {
  const { parsed, undelivered } = await parseAll(messages, (m) => parseCommandResult(m.body), batchDeps);
  const deps = await withUnitAccounts(
    batchDeps,
    parsed.map((p) => canonicalRef(p.value, batchDeps.settings)),
  );
  const completions = await completeCommands(
    parsed.map((p) => p.value),
    deps,
  );
  const key = (r: Pick<CommandResult, "id" | "region" | "account" | "commandId">) =>
    `${instanceKey(canonicalRef(r, deps.settings))}/${r.commandId}`;
  const messagesOf = (k: string) => parsed.filter((p) => key(p.value) === k).map((p) => p.message);
  for (const c of completions)
    if (c.kind === "not-member")
      deps.log.warn("ignoring a result of an account that is not a member", { id: c.id, reason: c.detail });
  const again = new Set(completions.filter((c) => c.kind === "retry").map(key));
  const refused = new Map(completions.filter((c) => c.kind === "refused").map((c) => [key(c), c]));
  const letters = [...refused].map(([k, c]) => ({
    message: messagesOf(k)[0] as QueueMessage,
    reason: refusalReason(c),
  }));
  const notLettered = await deadLetterAll("a refused instance's result", letters, deps);
  const kept = [...refused.keys()].filter((k) => notLettered.has(messagesOf(k)[0]?.messageId ?? ""));
  return retry([...undelivered, ...[...again, ...kept].flatMap(messagesOf)], deps);
}
