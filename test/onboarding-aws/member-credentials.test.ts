import { EC2Client } from "@aws-sdk/client-ec2";
import { AssumeRoleCommand, STSClient } from "@aws-sdk/client-sts";
import { AccountUnreachableError, AwsCallError, ThrottledError } from "@fleetwatch/onboarding";
import {
  awsPorts,
  MemberCredentials,
  REFRESH_BEFORE_MS,
  stsAssumeRole,
  UNREACHABLE_TTL_MS,
} from "@fleetwatch/onboarding-aws";
import { mockClient } from "aws-sdk-client-mock";
import { afterEach, describe, expect, it } from "vitest";

const HOUR = 3_600_000;
const MEMBER = "210987654321";
const ROLE = `arn:aws:iam::${MEMBER}:role/fleetwatch-member`;

const sdkError = (name: string, status: number) =>
  Object.assign(new Error(`${name}: from STS`), {
    name,
    $fault: status >= 500 ? "server" : "client",
    $metadata: { httpStatusCode: status },
  });

const sts = mockClient(STSClient);
afterEach(() => sts.reset());

/** STS answering credentials that expire `ttlMs` after `now()`, numbered by call. */
function answering(now: () => number, ttlMs = HOUR) {
  let n = 0;
  sts.on(AssumeRoleCommand).callsFake(async () => ({
    Credentials: {
      AccessKeyId: `AKIA${++n}`,
      SecretAccessKey: "secret",
      SessionToken: "token",
      Expiration: new Date(now() + ttlMs),
    },
  }));
}

describe("MemberCredentials over STS AssumeRole", () => {
  it("assumes the member role once per account, shared by every region and concurrent ask", async () => {
    let now = 0;
    answering(() => now);
    const cache = new MemberCredentials(
      "fleetwatch-member",
      stsAssumeRole(new STSClient({}), "fw"),
      () => now,
    );
    const got = await Promise.all([cache.get(MEMBER), cache.get(MEMBER), cache.provider(MEMBER)()]);
    now += 30 * 60_000;
    await cache.get(MEMBER);
    expect(new Set(got.map((c) => c.accessKeyId))).toEqual(new Set(["AKIA1"]));
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    expect(sts.commandCalls(AssumeRoleCommand)[0]?.args[0].input).toEqual({
      RoleArn: ROLE,
      RoleSessionName: "fw",
    });
    await cache.get("333333333333");
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it("refreshes 5 minutes before the credentials expire, not sooner", async () => {
    let now = 0;
    answering(() => now);
    const cache = new MemberCredentials(
      "fleetwatch-member",
      stsAssumeRole(new STSClient({}), "fw"),
      () => now,
    );
    await cache.get(MEMBER);
    now = HOUR - REFRESH_BEFORE_MS - 1;
    expect((await cache.get(MEMBER)).accessKeyId).toBe("AKIA1");
    now = HOUR - REFRESH_BEFORE_MS;
    expect((await cache.get(MEMBER)).accessKeyId).toBe("AKIA2");
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(2);
  });

  it("makes AccessDenied an AccountUnreachableError, remembered for a while, then asks again", async () => {
    let now = 0;
    sts.on(AssumeRoleCommand).rejects(sdkError("AccessDenied", 403));
    const cache = new MemberCredentials(
      "fleetwatch-member",
      stsAssumeRole(new STSClient({}), "fw"),
      () => now,
    );
    const error = await cache.get(MEMBER).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AccountUnreachableError);
    expect(error).toMatchObject({ account: MEMBER, code: "AccessDenied", retryable: true });
    expect((error as Error).message).toBe(
      `account ${MEMBER} unreachable: sts:AssumeRole of ${ROLE} failed with AccessDenied; deploy fleetwatch's member StackSet to the account (or remove it from accounts)`,
    );
    await expect(cache.get(MEMBER)).rejects.toBeInstanceOf(AccountUnreachableError);
    expect(sts.commandCalls(AssumeRoleCommand)).toHaveLength(1);
    // The StackSet deployed the role since: after the TTL the account is entered.
    now = UNREACHABLE_TTL_MS;
    sts.reset();
    answering(() => now);
    expect((await cache.get(MEMBER)).accessKeyId).toBe("AKIA1");
  });

  it("does not remember throttling: the next ask calls again", async () => {
    sts.on(AssumeRoleCommand).rejectsOnce(sdkError("Throttling", 400));
    const cache = new MemberCredentials("fleetwatch-member", stsAssumeRole(new STSClient({}), "fw"));
    await expect(cache.get(MEMBER)).rejects.toBeInstanceOf(ThrottledError);
    answering(Date.now);
    expect((await cache.get(MEMBER)).accessKeyId).toBe("AKIA1");
  });

  it("makes another refusal an AwsCallError of sts:AssumeRole", async () => {
    sts.on(AssumeRoleCommand).rejects(sdkError("MalformedPolicyDocument", 400));
    const cache = new MemberCredentials("fleetwatch-member", stsAssumeRole(new STSClient({}), "fw"));
    await expect(cache.get(MEMBER)).rejects.toMatchObject({
      name: "AwsCallError",
      operation: "sts:AssumeRole",
      code: "MalformedPolicyDocument",
    });
    await expect(cache.get(MEMBER)).rejects.toBeInstanceOf(AwsCallError);
  });
});

describe("awsPorts across accounts", () => {
  it("gives a member account's clients its credentials provider, and the home account none", async () => {
    const made: { region: string; member: boolean }[] = [];
    const credentials = new MemberCredentials("fleetwatch-member", async () => {
      throw new AccountUnreachableError(MEMBER, "AccessDenied");
    });
    const ports = awsPorts({
      documentName: "doc",
      members: { credentials },
      clients: (region, provider) => {
        made.push({ region, member: provider !== undefined });
        return {
          ec2: new EC2Client({ region, ...(provider ? { credentials: provider } : {}) }),
          ssm: {} as never,
        };
      },
    });
    expect(ports("us-east-1")).toBe(ports("us-east-1"));
    expect(ports("us-east-1", MEMBER)).toBe(ports("us-east-1", MEMBER));
    expect(ports("us-east-1", MEMBER)).not.toBe(ports("us-east-1"));
    expect(made).toEqual([
      { region: "us-east-1", member: false },
      { region: "us-east-1", member: true },
    ]);
    // The SDK asks the provider before it sends: the domain gets the typed error, not an SDK one.
    await expect(ports("us-east-1", MEMBER).instances.describe(["i-12345678"])).rejects.toBeInstanceOf(
      AccountUnreachableError,
    );
  });

  it("says in one line that member credentials are missing", () => {
    const ports = awsPorts({ documentName: "doc" });
    expect(() => ports("us-east-1", MEMBER)).toThrow(
      `awsPorts: account ${MEMBER} asked for, but no member credentials were given`,
    );
  });
});
