import { AccountUnreachableError, AwsCallError, isRetryable, ThrottledError } from "./errors.js";

/** How the items of a batched call fared: those the call took, and each one it failed for, with its error. */
export interface Isolated<T> {
  done: T[];
  failed: { item: T; error: AwsCallError | Error }[];
}

/**
 * Runs a batched call (CreateTags, SendCommand, DescribeInstanceInformation, ...) over `items` so that one bad
 * item never fails the others. AWS fails a whole call for one bad resource; a failure other than throttling
 * halves the slice and runs each half, down to single items, so each bad item costs O(log n) extra calls.
 * Throttling (or an unreachable account) stops the calls: the items not yet done fail with it (retried later, no
 * extra calls now).
 * Errors that are not the domain's AWS errors (bugs) are thrown.
 */
export async function isolate<T>(
  items: readonly T[],
  step: (slice: T[]) => Promise<void>,
): Promise<Isolated<T>> {
  const out: Isolated<T> = { done: [], failed: [] };
  let throttled: Error | undefined;
  const fail = (slice: T[], error: Error) => {
    for (const item of slice) out.failed.push({ item, error });
  };
  const run = async (slice: T[]): Promise<void> => {
    if (slice.length === 0) return;
    if (throttled) return fail(slice, throttled);
    try {
      await step(slice);
      out.done.push(...slice);
    } catch (error) {
      if (!isRetryable(error) && !(error instanceof AwsCallError)) throw error;
      // An unreachable account fails every call alike: stop, like throttling, without halving.
      if (error instanceof ThrottledError || error instanceof AccountUnreachableError) throttled = error;
      if (throttled || slice.length === 1) return fail(slice, error as Error);
      const middle = Math.ceil(slice.length / 2);
      await run(slice.slice(0, middle));
      await run(slice.slice(middle));
    }
  };
  await run([...items]);
  return out;
}
