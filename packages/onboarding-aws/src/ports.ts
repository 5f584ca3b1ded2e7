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

/** Ports per region, each region's clients built once and reused across invocations. */
export function awsPorts(options: {
  documentName: string;
  clients?: (region: string) => { ec2: EC2Client; ssm: SSMClient };
  /** The state bucket holding the per-region reservation ledgers (needed by the handlers that send). */
  stateBucket?: string;
  /** The client of the state bucket (its region is the home region). */
  s3?: S3Client;
}): PortsFor {
  const cache = new Map<string, RegionPorts>();
  const clients =
    options.clients ??
    ((region: string) => ({
      ec2: new EC2Client({ region, ...CLIENT_RETRY }),
      ssm: new SSMClient({ region, ...CLIENT_RETRY }),
    }));
  const s3 = options.stateBucket ? (options.s3 ?? new S3Client({ ...CLIENT_RETRY })) : undefined;
  const ledger = (region: string): ReservationLedger =>
    s3 && options.stateBucket
      ? new ConditionalLedger(new S3LedgerStore(s3, options.stateBucket, region))
      : NO_LEDGER;
  return (region) => {
    let ports = cache.get(region);
    if (!ports) {
      const { ec2, ssm } = clients(region);
      ports = {
        instances: new Ec2InstanceDirectory(ec2, region),
        nodes: new SsmManagedNodes(ssm),
        commands: new SsmCommandRunner(ssm, options.documentName),
        tagger: new Ec2InstanceTagger(ec2),
        interfaces: new Ec2NetworkInterfaces(ec2),
        reservations: ledger(region),
      };
      cache.set(region, ports);
    }
    return ports;
  };
}
