/** EC2 instance states, as DescribeInstances names them. */
export type InstanceState = "pending" | "running" | "stopping" | "stopped" | "shutting-down" | "terminated";

/** What onboarding knows of an instance: a DescribeInstances item, trimmed. */
export interface Instance {
  id: string;
  region: string;
  state: InstanceState;
  /** DescribeInstances' `Platform`: only ever `windows`, absent on Linux. */
  platform?: "windows";
  vpcId?: string;
  launchTime: Date;
  tags: Record<string, string>;
}

/** An instance named by an event, before it is described. */
export interface InstanceRef {
  id: string;
  region: string;
}
