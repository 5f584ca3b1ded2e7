import type { DeadLetter, MessageQueue, Requeued } from "@fleetwatch/onboarding";

/** A launch queue that accepts everything and records what it is asked to carry and to dead-letter. */
export function recordingQueue() {
  const requeued: Requeued[] = [];
  const letters: DeadLetter[] = [];
  const queue: MessageQueue = {
    delay: async () => [],
    deadLetter: async (l) => {
      letters.push(...l);
      return [];
    },
    requeue: async (r) => {
      requeued.push(...r);
      return [];
    },
  };
  return { queue, requeued, letters };
}
