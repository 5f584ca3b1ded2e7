import { EC2Client } from "@aws-sdk/client-ec2";
import { SSMClient } from "@aws-sdk/client-ssm";
import type { PortsFor, RegionPorts } from "@fleetwatch/onboarding";
import { Ec2InstanceDirectory, Ec2InstanceTagger, Ec2NetworkInterfaces } from "./ec2.js";
import { SsmCommandRunner, SsmManagedNodes } from "./ssm.js";

/**
 * The SDK retries throttled calls itself (adaptive mode: client-side rate limiting after throttles); what still
 * fails reaches the domain as a retryable error and the queue retries later.
 */
export const CLIENT_RETRY = { maxAttempts: 5, retryMode: "adaptive" } as const;

/** Ports per region, each region's clients built once and reused across invocations. */
export function awsPorts(options: {
  documentName: string;
  clients?: (region: string) => { ec2: EC2Client; ssm: SSMClient };
}): PortsFor {
  const cache = new Map<string, RegionPorts>();
  const clients =
    options.clients ??
    ((region: string) => ({
      ec2: new EC2Client({ region, ...CLIENT_RETRY }),
      ssm: new SSMClient({ region, ...CLIENT_RETRY }),
    }));
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
      };
      cache.set(region, ports);
    }
    return ports;
  };
}
