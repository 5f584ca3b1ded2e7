import { AwsCallError, NotReadyError, ThrottledError } from "@fleetwatch/onboarding";

/** Error names AWS uses for "slow down", across EC2 (RequestLimitExceeded) and the JSON APIs. */
const THROTTLING = new Set([
  "ThrottlingException",
  "Throttling",
  "RequestLimitExceeded",
  "TooManyRequestsException",
  "RequestThrottled",
  "RequestThrottledException",
  "ProvisionedThroughputExceededException",
]);

/** The domain's error for an SDK error: throttling is retryable, SSM's InvalidInstanceId is "not ready". */
export function domainError(operation: string, error: unknown): Error {
  const name = (error as { name?: string }).name ?? "";
  if (THROTTLING.has(name)) return new ThrottledError(operation, { cause: error });
  if (operation === "ssm:SendCommand" && name === "InvalidInstanceId")
    return new NotReadyError(operation, { cause: error });
  return new AwsCallError(operation, `${name || "error"}: ${(error as Error).message}`, { cause: error });
}

/** Runs one SDK call and maps what it throws to the domain's errors. */
export async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw domainError(operation, error);
  }
}
