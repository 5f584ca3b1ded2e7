import { EC2Client } from "@aws-sdk/client-ec2";
import { S3Client } from "@aws-sdk/client-s3";
import { SSMClient } from "@aws-sdk/client-ssm";
import {
  ConditionalLedger,
  type PortsFor,
  type RegionPorts,
  type ReservationLedger,
} from "@fleetwatch/onboarding";
import { Ec2InstanceDirectory, Ec2InstanceTagger, Ec2NetworkInterfaces } from "./ec2.js";
import type { MemberCredentials, MemberCredentialsValue } from "./member-credentials.js";
import { S3LedgerStore } from "./s3-reservations.js";
import { SsmCommandRunner, SsmManagedNodes } from "./ssm.js";

/** The ledger of handlers that never send (the completion): using it is a wiring mistake, said in one line. */
const NO_LEDGER: ReservationLedger = {
  reserve: () =>
    Promise.reject(new Error("awsPorts: `stateBucket` is not set; pass the state bucket's name")),
  release: () =>
    Promise.reject(new Error("awsPorts: `stateBucket` is not set; pass the state bucket's name")),
};

/**
 * The SDK retries throttled calls itself (adaptive mode: client-side rate limiting after throttles); what still
 * fails reaches the domain as a retryable error and the queue retries later.
 */
export const CLIENT_RETRY = { maxAttempts: 5, retryMode: "adaptive" } as const;

/** The member accounts' side of {@link awsPorts}: their credentials (one cache per Lambda instance). */
export interface MemberAccess {
  credentials: MemberCredentials;
}

/**
 * Ports per account x region, each one's clients built once and reused across invocations. The home account's
 * (no account given) use the Lambda's own credentials; a member account's use its member role's, from
 * `members.credentials` (assumed once per account, shared by its regions). Without `members`, asking for a member
 * account is a wiring mistake, said in one line.
 */
export function awsPorts(options: {
  documentName: string;
  clients?: (
    region: string,
    credentials?: () => Promise<MemberCredentialsValue>,
  ) => { ec2: EC2Client; ssm: SSMClient };
  members?: MemberAccess;
  /** The state bucket holding the per-region reservation ledgers (needed by the handlers that send). */
  stateBucket?: string;
  /** The client of the state bucket (its region is the home region). */
  s3?: S3Client;
}): PortsFor {
  const cache = new Map<string, RegionPorts>();
  const clients =
    options.clients ??
    ((region: string, credentials?: () => Promise<MemberCredentialsValue>) => ({
      ec2: new EC2Client({ region, ...CLIENT_RETRY, ...(credentials ? { credentials } : {}) }),
      ssm: new SSMClient({ region, ...CLIENT_RETRY, ...(credentials ? { credentials } : {}) }),
    }));
  const s3 = options.stateBucket ? (options.s3 ?? new S3Client({ ...CLIENT_RETRY })) : undefined;
  // The ledgers stay in the home account's state bucket, a member account's under its id.
  const ledger = (region: string, account?: string): ReservationLedger =>
    s3 && options.stateBucket
      ? new ConditionalLedger(new S3LedgerStore(s3, options.stateBucket, region, account))
      : NO_LEDGER;
  const credentialsOf = (account: string | undefined) => {
    if (account === undefined) return undefined;
    if (!options.members)
      throw new Error(`awsPorts: account ${account} asked for, but no member credentials were given`);
    return options.members.credentials.provider(account);
  };
  return (region, account) => {
    const key = account ? `${account}/${region}` : region;
    let ports = cache.get(key);
    if (!ports) {
      const { ec2, ssm } = clients(region, credentialsOf(account));
      ports = {
        instances: new Ec2InstanceDirectory(ec2, region),
        nodes: new SsmManagedNodes(ssm),
        commands: new SsmCommandRunner(ssm, options.documentName),
        tagger: new Ec2InstanceTagger(ec2),
        interfaces: new Ec2NetworkInterfaces(ec2),
        reservations: ledger(region, account),
      };
      cache.set(key, ports);
    }
    return ports;
  };
}
