/** S3's answers to a conditional write that lost its race: the object changed (412) or a write overlapped (409). */
const LOST_RACE = new Set(["PreconditionFailed", "ConditionalRequestConflict"]);

/** The SDK error's name (`NoSuchKey`, `PreconditionFailed`, ...), or "". */
export const nameOf = (error: unknown): string => (error as { name?: string }).name ?? "";

const statusOf = (error: unknown) =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;

/** Whether a conditional PutObject (If-Match, If-None-Match) was refused because another writer got there first. */
export const lostRace = (error: unknown): boolean =>
  LOST_RACE.has(nameOf(error)) || statusOf(error) === 412 || statusOf(error) === 409;
