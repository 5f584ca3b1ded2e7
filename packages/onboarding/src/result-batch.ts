import { completeCommands } from "./complete.js";
import { type CommandResult, parseCommandResult } from "./events.js";
import { type BatchDeps, type BatchResult, parseAll, type QueueMessage, retry } from "./messages.js";

/** One batch of SSM command results: tag installed / failed / uninstalled; retry what was throttled. */
export async function handleCommandResults(
  messages: readonly QueueMessage[],
  deps: BatchDeps,
): Promise<BatchResult> {
  const { parsed, undelivered } = await parseAll(messages, (m) => parseCommandResult(m.body), deps);
  const completions = await completeCommands(
    parsed.map((p) => p.value),
    deps,
  );
  const key = (r: Pick<CommandResult, "id" | "region" | "commandId">) => `${r.region}/${r.id}/${r.commandId}`;
  const again = new Set(completions.filter((c) => c.kind === "retry").map(key));
  return retry(
    [...undelivered, ...parsed.filter((p) => again.has(key(p.value))).map((p) => p.message)],
    deps,
  );
}
