/** EC2 instance states, as DescribeInstances names them. */
export type InstanceState = "pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated";

/** What onboarding knows of an instance: a DescribeInstances item, trimmed. */
export interface Instance {
  id: string;
  region: string;
  /** The member account it runs in (12 digits); absent in the home account (see {@link InstanceRef.account}). */
  account?: string;
  state: InstanceState;
  /** DescribeInstances' `Platform`: only ever `windows`, absent on Linux. */
  platform?: "windows";
  vpcId?: string;
  /** The network interface at device index 0 (DescribeInstances' `NetworkInterfaces`). */
  primaryInterface?: NetworkInterface;
  launchTime: Date;
  tags: Record<string, string>;
}

/** A network interface: its id, VPC and security groups. */
export interface NetworkInterface {
  id: string;
  vpcId: string;
  groupIds: string[];
}

/** An instance named by an event, before it is described. */
export interface InstanceRef {
  id: string;
  region: string;
  /**
   * The account it runs in, as its event said (12 digits). Absent, or the home account's id: the home account
   * (where fleetwatch is deployed); `memberAccount` tells them apart.
   */
  account?: string;
}
