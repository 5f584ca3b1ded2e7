import { classifyAwsError } from "./classify.js";

/**
 * The codes with which AWS refuses a principal access (not a request's content): STS's `AccessDenied` for a role
 * that does not exist or does not trust the caller (STS says the same for both), `AccessDeniedException`,
 * IAM's `NoSuchEntity`, `RegionDisabledException` (STS not activated in the region), `InvalidClientTokenId`,
 * `UnauthorizedOperation` (EC2).
 */
export const ACCESS_REFUSED_CODES: ReadonlySet<string> = new Set([
  "AccessDenied",
  "AccessDeniedException",
  "NoSuchEntity",
  "NoSuchEntityException",
  "RegionDisabledException",
  "InvalidClientTokenId",
  "UnauthorizedOperation",
]);

/** Whether AWS refused the caller access (a client error with one of {@link ACCESS_REFUSED_CODES}). */
export function isAccessRefused(error: unknown): boolean {
  if (typeof error !== "object" || error === null) return false;
  const { kind, code } = classifyAwsError(error);
  return kind === "client" && ACCESS_REFUSED_CODES.has(code);
}
