import { classifyAwsError } from "@fleetwatch/aws-errors";
import {
  AccountUnreachableError,
  AwsCallError,
  isRetryable,
  NotReadyError,
  ThrottledError,
  TransientError,
} from "@fleetwatch/onboarding";

/**
 * The domain's error for an SDK error, by the SDK's own classification (`@fleetwatch/aws-errors`): throttling is
 * `ThrottledError`, a 5xx or network failure `TransientError`, SSM's InvalidInstanceId on SendCommand
 * `NotReadyError`; anything else an `AwsCallError` carrying the AWS error code. A domain error (what a member
 * account's credentials provider throws, `AccountUnreachableError` first) is passed on as it is.
 */
export function domainError(operation: string, error: unknown): Error {
  // Already the domain's (a member account's credentials provider threw it before the call was sent).
  if (error instanceof AccountUnreachableError || error instanceof AwsCallError || isRetryable(error))
    return error as Error;
  const { kind, code } = classifyAwsError(error);
  if (kind === "throttling") return new ThrottledError(operation, { cause: error });
  if (kind === "transient") return new TransientError(operation, code, { cause: error });
  if (operation === "ssm:SendCommand" && code === "InvalidInstanceId")
    return new NotReadyError(operation, { cause: error });
  return new AwsCallError(operation, `${code}: ${(error as Error)?.message ?? String(error)}`, {
    cause: error,
    code,
  });
}

/** Runs one SDK call and maps what it throws to the domain's errors. */
export async function call<T>(operation: string, send: () => Promise<T>): Promise<T> {
  try {
    return await send();
  } catch (error) {
    throw domainError(operation, error);
  }
}
