import { AssumeRoleCommand, type AssumeRoleCommandOutput, STSClient } from "@aws-sdk/client-sts";
import { isAccessRefused } from "@fleetwatch/aws-errors";
import { AccountUnreachableError, memberRoleArn } from "@fleetwatch/onboarding";
import { domainError } from "./errors.js";

/** Temporary credentials of a member role (what AssumeRole answers; the SDK clients take them as they are). */
export interface MemberCredentialsValue {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken: string;
  expiration: Date;
}

/** Assumes a member account's role: STS AssumeRole, or the fake's. @throws AccountUnreachableError and the like */
export type AssumeRole = (account: string, roleArn: string) => Promise<MemberCredentialsValue>;

/** How the cache refreshes: this long before the credentials expire. */
export const REFRESH_BEFORE_MS = 5 * 60_000;

/**
 * How long an account whose role could not be assumed is not asked again: the passes of that time (every region
 * of the account, every carried retry) get the same `AccountUnreachableError` without a call.
 */
export const UNREACHABLE_TTL_MS = 5 * 60_000;

interface Entry {
  promise: Promise<MemberCredentialsValue>;
  /** When the entry stops being used: 5 minutes before the credentials expire, or when a failure is forgotten. */
  until?: number;
}

/**
 * The credentials of the member accounts, per account, for the Lambda instance's lifetime: one AssumeRole per
 * account while its credentials last (refreshed {@link REFRESH_BEFORE_MS} before they expire), shared by every
 * region and every client (IAM roles and STS credentials are global). Concurrent asks share one call. An account
 * whose role cannot be assumed is remembered for {@link UNREACHABLE_TTL_MS}; throttling or a transient failure is
 * not remembered (the next ask calls again).
 */
export class MemberCredentials {
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly roleName: string,
    private readonly assume: AssumeRole,
    private readonly now: () => number = Date.now,
  ) {}

  /** The account's credentials, assumed or cached. @throws AccountUnreachableError, ThrottledError, TransientError */
  get(account: string): Promise<MemberCredentialsValue> {
    const held = this.entries.get(account);
    if (held && (held.until === undefined || this.now() < held.until)) return held.promise;
    const entry: Entry = { promise: this.assume(account, memberRoleArn(account, this.roleName)) };
    this.entries.set(account, entry);
    entry.promise.then(
      (credentials) => {
        entry.until = credentials.expiration.getTime() - REFRESH_BEFORE_MS;
      },
      (error: unknown) => {
        if (error instanceof AccountUnreachableError) entry.until = this.now() + UNREACHABLE_TTL_MS;
        else if (this.entries.get(account) === entry) this.entries.delete(account);
      },
    );
    return entry.promise;
  }

  /** An SDK credentials provider for the account's clients (the SDK asks it before each request it signs). */
  provider(account: string): () => Promise<MemberCredentialsValue> {
    return () => this.get(account);
  }
}

/**
 * The domain's error for a failed AssumeRole of a member role: AWS refusing access (see `isAccessRefused`) is
 * `AccountUnreachableError`; throttling and transient failures the domain's retryable errors; anything else an
 * `AwsCallError` of `sts:AssumeRole`.
 */
export function assumeRoleError(account: string, roleArn: string, error: unknown): Error {
  if (isAccessRefused(error))
    return new AccountUnreachableError(account, (error as Error).name, { cause: error, roleArn });
  return domainError("sts:AssumeRole", error);
}

/**
 * STS AssumeRole of a member role, as {@link AssumeRole}: AWS refusing access (the role missing or not trusting
 * this Lambda, STS off in the region: see `isAccessRefused`) is `AccountUnreachableError`; throttling and
 * transient failures the domain's retryable errors; anything else an `AwsCallError` of `sts:AssumeRole`.
 */
export function stsAssumeRole(sts: STSClient, sessionName: string): AssumeRole {
  return async (account, roleArn) => {
    let answer: AssumeRoleCommandOutput;
    try {
      answer = await sts.send(new AssumeRoleCommand({ RoleArn: roleArn, RoleSessionName: sessionName }));
    } catch (error) {
      throw assumeRoleError(account, roleArn, error);
    }
    const c = answer.Credentials;
    if (!c?.AccessKeyId || !c.SecretAccessKey || !c.SessionToken || !c.Expiration)
      throw domainError("sts:AssumeRole", new Error(`AssumeRole of ${roleArn} answered no credentials`));
    return {
      accessKeyId: c.AccessKeyId,
      secretAccessKey: c.SecretAccessKey,
      sessionToken: c.SessionToken,
      expiration: c.Expiration,
    };
  };
}

/**
 * The member accounts' credentials of one Lambda instance, over STS (the SDK's retries as the other clients';
 * `sessionName` shows in the member accounts' CloudTrail).
 */
export function stsMemberCredentials(
  roleName: string,
  sessionName: string,
  sts?: STSClient,
): MemberCredentials {
  const client = sts ?? new STSClient({ maxAttempts: 5, retryMode: "adaptive" });
  return new MemberCredentials(roleName, stsAssumeRole(client, sessionName));
}
