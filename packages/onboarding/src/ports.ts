import type { DocumentParameters } from "./document.js";
import type { Instance } from "./instance.js";
import type { ReservationLedger } from "./reservations.js";

/** EC2 DescribeInstances, in one region. Ids it does not know are left out of the answer. */
export interface InstanceDirectory {
  describe(ids: readonly string[]): Promise<Instance[]>;
  /**
   * One page of the region's running instances (reconcile): DescribeInstances with MaxResults 1,000 and the
   * previous page's token; `nextToken` absent on the last page.
   */
  runningPage(token?: string): Promise<InstancePage>;
}

/** One DescribeInstances page. */
export interface InstancePage {
  instances: Instance[];
  nextToken?: string;
}

/** SSM's view of managed nodes, in one region. */
export interface ManagedNodeRegistry {
  /** The ids among `ids` whose SSM agent is registered and Online. */
  online(ids: readonly string[]): Promise<Set<string>>;
}

/** SSM Run Command with fleetwatch's document, in one region. */
export interface CommandRunner {
  /** Sends the document to at most 50 instances; returns the command id. */
  send(ids: readonly string[], parameters: DocumentParameters): Promise<string>;
  /** Instances with a command of fleetwatch's document still Pending or InProgress (read-after-write). */
  inFlight(): Promise<Set<string>>;
}

/** EC2 CreateTags / DeleteTags, in one region. */
export interface InstanceTagger {
  /** One tag set for many instances (the adapter splits by the API's 1,000 resources). */
  tag(ids: readonly string[], tags: Record<string, string>): Promise<void>;
  untag(ids: readonly string[], keys: readonly string[]): Promise<void>;
}

/** EC2 ModifyNetworkInterfaceAttribute, in one region. */
export interface NetworkInterfaces {
  /** Replaces the interface's security groups with `groupIds`. */
  setGroups(interfaceId: string, groupIds: readonly string[]): Promise<void>;
}

/** The AWS of one account x region, as onboarding needs it. */
export interface RegionPorts {
  instances: InstanceDirectory;
  nodes: ManagedNodeRegistry;
  commands: CommandRunner;
  tagger: InstanceTagger;
  interfaces: NetworkInterfaces;
  /** Who may send to which instance now, across concurrent passes (the region's ledger in the state bucket). */
  reservations: ReservationLedger;
}

/**
 * The ports of an account x region (adapters are built once per account x region and reused). `account` absent:
 * the home account, with the Lambda's own credentials; a member account: its member role's.
 */
export type PortsFor = (region: string, account?: string) => RegionPorts;
