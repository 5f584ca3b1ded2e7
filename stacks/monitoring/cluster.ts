import type { Network } from "../network";

/** The ECS cluster of the monitoring services, in the network stack's VPC. */
export function createCluster(network: Network): sst.aws.Cluster {
  return new sst.aws.Cluster("MonitoringCluster", { vpc: network.clusterVpc });
}
