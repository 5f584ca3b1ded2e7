import type { AppRun } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";
import { runStage } from "../infra/harness";

const SUBNET = "aws:ec2/subnet:Subnet";
const NAT_GATEWAY = "aws:ec2/natGateway:NatGateway";
const NAT_INSTANCE = "aws:ec2/instance:Instance";
const ENDPOINT = "aws:ec2/vpcEndpoint:VpcEndpoint";
const ROUTE_TABLE = "aws:ec2/routeTable:RouteTable";

/** The default routes of the private route tables. */
function privateDefaultRoutes(run: AppRun) {
  return run.graph
    .ofType(ROUTE_TABLE, /Private/)
    .flatMap((t) =>
      (t.inputs.routes as Record<string, unknown>[]).filter((r) => r.cidrBlock === "0.0.0.0/0"),
    );
}

describe("network stack", () => {
  it("by default makes a private layout: subnets in 2 AZs with a managed NAT gateway each", async () => {
    const run = await runStage("dev");
    expect(run.graph.ofType("aws:ec2/vpc:Vpc")).toHaveLength(1);
    const subnets = run.graph.ofType(SUBNET);
    expect(subnets.filter((s) => s.name.includes("Private"))).toHaveLength(2);
    expect(
      subnets.filter((s) => s.name.includes("Private")).every((s) => !s.inputs.mapPublicIpOnLaunch),
    ).toBe(true);
    expect(new Set(subnets.map((s) => s.inputs.availabilityZone))).toEqual(
      new Set(["us-east-1a", "us-east-1b"]),
    );
    expect(run.graph.ofType(NAT_GATEWAY)).toHaveLength(2);
    expect(run.graph.ofType(NAT_INSTANCE)).toHaveLength(0);
    const gateways = run.graph.ofType(NAT_GATEWAY).map((n) => `${n.name.toLowerCase()}-id`);
    expect(
      privateDefaultRoutes(run)
        .map((r) => r.natGatewayId)
        .sort(),
    ).toEqual(gateways.sort());
    expect(run.outputs.networkLayout).toBe("private");
  });

  it("routes S3 through a gateway endpoint on every route table, so blocks never pay for NAT", async () => {
    const run = await runStage("dev");
    const endpoint = run.graph.one(ENDPOINT, "S3GatewayEndpoint");
    expect(endpoint.inputs).toMatchObject({
      serviceName: "com.amazonaws.us-east-1.s3",
      vpcEndpointType: "Gateway",
    });
    const tableIds = run.graph.ofType(ROUTE_TABLE).map((t) => `${t.name.toLowerCase()}-id`);
    expect([...(endpoint.inputs.routeTableIds as string[])].sort()).toEqual(tableIds.sort());
    expect(tableIds).toHaveLength(4);
  });

  it("offers SST's no-NAT layout: public subnets, no NAT at all", async () => {
    const run = await runStage("dev", "public-network.ts");
    expect(run.graph.ofType(NAT_GATEWAY)).toHaveLength(0);
    expect(run.graph.ofType(NAT_INSTANCE)).toHaveLength(0);
    expect(run.graph.ofType("aws:ec2/eip:Eip")).toHaveLength(0);
    expect(privateDefaultRoutes(run).filter((r) => r.natGatewayId || r.networkInterfaceId)).toEqual([]);
    expect(run.graph.ofType(ENDPOINT)).toHaveLength(1);
    expect(run.outputs.networkLayout).toBe("public");
  });

  it("uses SST's NAT instances instead of gateways when asked, in the configured AZ count and region", async () => {
    const run = await runStage("dev", "ec2-nat.ts");
    expect(run.graph.ofType(NAT_GATEWAY)).toHaveLength(0);
    expect(run.graph.ofType(NAT_INSTANCE)).toHaveLength(3);
    expect(run.graph.ofType(SUBNET).filter((s) => s.name.includes("Private"))).toHaveLength(3);
    expect(run.graph.one(ENDPOINT).inputs.serviceName).toBe("com.amazonaws.eu-west-1.s3");
    const interfaces = run.graph.ofType(NAT_INSTANCE).map((n) => `eni-${n.name.toLowerCase()}`);
    expect(
      privateDefaultRoutes(run)
        .map((r) => r.networkInterfaceId)
        .sort(),
    ).toEqual(interfaces.sort());
  });

  it("deploys into an existing VPC without creating one: namespace, security group and endpoint only", async () => {
    const run = await runStage("dev", "existing-vpc.ts");
    expect(run.graph.ofType("aws:ec2/vpc:Vpc")).toHaveLength(0);
    expect(run.graph.ofType(SUBNET)).toHaveLength(0);
    expect(run.graph.ofType(NAT_GATEWAY)).toHaveLength(0);
    expect(
      run.graph.one("aws:servicediscovery/privateDnsNamespace:PrivateDnsNamespace").inputs,
    ).toMatchObject({
      vpc: "vpc-0123456789abcdef0",
      name: "dev.fleetwatch.local",
    });
    expect(run.graph.one(ENDPOINT).inputs).toMatchObject({
      vpcId: "vpc-0123456789abcdef0",
      routeTableIds: ["rtb-0cccccccccccccccc"],
    });
    const sg = run.graph.one("aws:ec2/securityGroup:SecurityGroup", "TasksSecurityGroup");
    expect(sg.inputs.ingress ?? []).toEqual([]);
    expect(run.outputs.vpc).toBe("vpc-0123456789abcdef0");
  });
});
