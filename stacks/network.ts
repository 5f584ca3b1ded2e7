import type { ResolvedConfig } from "@fleetwatch/config";
import { stackTopology } from "@fleetwatch/monitoring";

/** What `sst.aws.Cluster` takes when it is not given an SST `Vpc` component. */
export interface ClusterVpcArgs {
  id: $util.Input<string>;
  securityGroups: $util.Input<$util.Input<string>[]>;
  containerSubnets: $util.Input<$util.Input<string>[]>;
  loadBalancerSubnets: $util.Input<$util.Input<string>[]>;
  cloudmapNamespaceId: $util.Input<string>;
  cloudmapNamespaceName: $util.Input<string>;
}

export interface Network {
  layout: "private" | "public";
  vpcId: $util.Output<string>;
  /** Subnets the Fargate tasks and in-VPC Lambdas run in. */
  taskSubnets: $util.Output<string[]>;
  /** Whether tasks get public IPs (the no-NAT layout; security groups still admit only in-VPC traffic). */
  assignPublicIp: boolean;
  /** The `vpc` argument for `sst.aws.Cluster`. */
  clusterVpc: sst.aws.Vpc | ClusterVpcArgs;
  /** Keeps block traffic to S3 off NAT and the internet. */
  s3Endpoint: aws.ec2.VpcEndpoint;
  /** The `vpc` argument for `sst.aws.Alb`: its private subnets (internal) or public subnets (public). */
  loadBalancerVpc: sst.aws.Vpc | LoadBalancerVpcArgs;
}

/** What `sst.aws.Alb` takes when it is not given an SST `Vpc` component. */
export interface LoadBalancerVpcArgs {
  id: $util.Input<string>;
  publicSubnets: $util.Input<$util.Input<string>[]>;
  privateSubnets: $util.Input<$util.Input<string>[]>;
}

function s3GatewayEndpoint(
  vpcId: $util.Input<string>,
  routeTableIds: $util.Input<$util.Input<string>[]>,
  region: string,
) {
  return new aws.ec2.VpcEndpoint("S3GatewayEndpoint", {
    vpcId,
    serviceName: `com.amazonaws.${region}.s3`,
    vpcEndpointType: "Gateway",
    routeTableIds,
  });
}

/**
 * A VPC made by SST. `private`: tasks in private subnets, egress through NAT (managed gateways or SST's NAT
 * instances). `public`: SST's own layout, no NAT, tasks in public subnets with public IPs.
 */
function createdVpc(config: ResolvedConfig): Network {
  const { layout, nat, azs } = config.network;
  const vpc = new sst.aws.Vpc("Vpc", {
    az: azs,
    ...(layout === "private" ? { nat } : {}),
  });
  const routeTables = $util
    .all([vpc.nodes.privateRouteTables, vpc.nodes.publicRouteTables])
    .apply(([privateTables, publicTables]) => [...privateTables, ...publicTables].map((t) => t.id));
  const s3Endpoint = s3GatewayEndpoint(vpc.id, routeTables, config.homeRegion);
  if (layout === "public") {
    return {
      layout,
      vpcId: vpc.id,
      taskSubnets: $util.output(vpc.publicSubnets),
      assignPublicIp: true,
      clusterVpc: vpc,
      s3Endpoint,
      loadBalancerVpc: vpc,
    };
  }
  return {
    layout,
    vpcId: vpc.id,
    taskSubnets: $util.output(vpc.privateSubnets),
    assignPublicIp: false,
    clusterVpc: {
      id: vpc.id,
      securityGroups: vpc.securityGroups,
      containerSubnets: vpc.privateSubnets,
      loadBalancerSubnets: vpc.privateSubnets,
      cloudmapNamespaceId: vpc.nodes.cloudmapNamespace.id,
      cloudmapNamespaceName: vpc.nodes.cloudmapNamespace.name,
    },
    s3Endpoint,
    loadBalancerVpc: vpc,
  };
}

/** An existing VPC from the config: fleetwatch adds its Cloud Map namespace, a security group and the endpoint. */
function existingVpc(
  config: ResolvedConfig,
  existing: NonNullable<ResolvedConfig["network"]["existing"]>,
): Network {
  const { layout } = config.network;
  const namespace = new aws.servicediscovery.PrivateDnsNamespace("Namespace", {
    // The renderer writes Cloud Map names in this namespace: one definition for both.
    name: stackTopology(config, $app.name).namespace,
    vpc: existing.id,
    description: "fleetwatch service discovery",
  });
  const securityGroup = new aws.ec2.SecurityGroup("TasksSecurityGroup", {
    vpcId: existing.id,
    description: "fleetwatch tasks (ingress rules are added per component)",
    egress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], description: "egress" }],
  });
  const taskSubnets = layout === "public" ? existing.publicSubnetIds : existing.privateSubnetIds;
  return {
    layout,
    vpcId: $util.output(existing.id),
    taskSubnets: $util.output(taskSubnets),
    assignPublicIp: layout === "public",
    clusterVpc: {
      id: existing.id,
      securityGroups: [securityGroup.id],
      containerSubnets: taskSubnets,
      loadBalancerSubnets: existing.privateSubnetIds,
      cloudmapNamespaceId: namespace.id,
      cloudmapNamespaceName: namespace.name,
    },
    s3Endpoint: s3GatewayEndpoint(existing.id, existing.routeTableIds, config.homeRegion),
    loadBalancerVpc: {
      id: existing.id,
      publicSubnets: existing.publicSubnetIds,
      privateSubnets: existing.privateSubnetIds,
    },
  };
}

/** The network of a stage: a VPC made by SST, or the existing one the config names. */
export function createNetwork(config: ResolvedConfig): Network {
  const { existing } = config.network;
  return existing ? existingVpc(config, existing) : createdVpc(config);
}
