import { PORTS } from "@fleetwatch/monitoring";

// One security group per component; ingress only from the components that call it, by security group.
// Nothing admits an address range except the load balancer's, from `access.allowedCidrs`.

export type SecurityGroupRole =
  | "prometheus"
  | "query"
  | "queryFrontend"
  | "store"
  | "compactor"
  | "ruler"
  | "bucketWeb"
  | "alertmanager"
  | "grafana"
  | "compactorClient";

export type SecurityGroups = Record<SecurityGroupRole, aws.ec2.SecurityGroup>;

const DESCRIPTIONS: Record<SecurityGroupRole, string> = {
  prometheus: "fleetwatch Prometheus + Thanos sidecar tasks",
  query: "fleetwatch Thanos Query",
  queryFrontend: "fleetwatch Thanos Query Frontend",
  store: "fleetwatch Thanos Store Gateway",
  compactor: "fleetwatch Thanos Compactor",
  ruler: "fleetwatch Thanos Ruler",
  bucketWeb: "fleetwatch Thanos Bucket Web",
  alertmanager: "fleetwatch Alertmanager",
  grafana: "fleetwatch Grafana",
  compactorClient: "fleetwatch: attach to reach the compactor's /metrics (the audit Lambda)",
};

/** Who may call whom, on which port: the whole network policy of the monitoring stack. */
export const FLOWS: { to: SecurityGroupRole; from: SecurityGroupRole; port: number; why: string }[] = [
  { to: "prometheus", from: "query", port: PORTS.thanosGrpc, why: "Query reads the sidecars (StoreAPI)" },
  { to: "prometheus", from: "prometheus", port: PORTS.prometheus, why: "replicas scrape each other" },
  { to: "prometheus", from: "prometheus", port: PORTS.thanosHttp, why: "Prometheus scrapes the sidecars" },
  { to: "query", from: "queryFrontend", port: PORTS.thanosHttp, why: "the frontend's downstream" },
  { to: "query", from: "ruler", port: PORTS.thanosHttp, why: "the ruler evaluates rules through Query" },
  { to: "query", from: "prometheus", port: PORTS.thanosHttp, why: "scrape" },
  { to: "queryFrontend", from: "grafana", port: PORTS.thanosHttp, why: "Grafana's datasource" },
  { to: "queryFrontend", from: "prometheus", port: PORTS.thanosHttp, why: "scrape" },
  { to: "store", from: "query", port: PORTS.thanosGrpc, why: "Query reads the bucket (StoreAPI)" },
  { to: "store", from: "prometheus", port: PORTS.thanosHttp, why: "scrape" },
  { to: "compactor", from: "prometheus", port: PORTS.thanosHttp, why: "scrape" },
  { to: "compactor", from: "compactorClient", port: PORTS.thanosHttp, why: "the audit reads /metrics" },
  { to: "ruler", from: "query", port: PORTS.thanosGrpc, why: "Query reads recorded series (StoreAPI)" },
  { to: "ruler", from: "prometheus", port: PORTS.thanosHttp, why: "scrape" },
  { to: "bucketWeb", from: "prometheus", port: PORTS.thanosHttp, why: "scrape" },
  { to: "alertmanager", from: "ruler", port: PORTS.alertmanager, why: "the ruler sends alerts" },
  {
    to: "alertmanager",
    from: "prometheus",
    port: PORTS.alertmanager,
    why: "Prometheus sends alerts, scrape",
  },
  { to: "alertmanager", from: "grafana", port: PORTS.alertmanager, why: "Grafana's Alertmanager datasource" },
  { to: "grafana", from: "prometheus", port: PORTS.grafana, why: "scrape" },
];

/** The security groups of the monitoring stack and the rules between them. */
export function createSecurityGroups(vpcId: $util.Input<string>): SecurityGroups {
  const groups = Object.fromEntries(
    (Object.keys(DESCRIPTIONS) as SecurityGroupRole[]).map((role) => {
      const name = `${role.charAt(0).toUpperCase()}${role.slice(1)}SecurityGroup`;
      const group = new aws.ec2.SecurityGroup(name, { vpcId, description: DESCRIPTIONS[role] });
      // Tasks reach AWS APIs (S3, EC2), Slack and the fleet's node_exporters; inbound is what is guarded.
      new aws.vpc.SecurityGroupEgressRule(`${name}Egress`, {
        securityGroupId: group.id,
        ipProtocol: "-1",
        cidrIpv4: "0.0.0.0/0",
        description: "egress",
      });
      return [role, group];
    }),
  ) as SecurityGroups;
  for (const flow of FLOWS) {
    const name = `${cap(flow.to)}From${cap(flow.from)}${flow.port}`;
    new aws.vpc.SecurityGroupIngressRule(name, {
      securityGroupId: groups[flow.to].id,
      referencedSecurityGroupId: groups[flow.from].id,
      ipProtocol: "tcp",
      fromPort: flow.port,
      toPort: flow.port,
      description: flow.why,
    });
  }
  return groups;
}

/** Admits the load balancer to a component's port. */
export function admitLoadBalancer(
  group: aws.ec2.SecurityGroup,
  role: SecurityGroupRole,
  loadBalancerGroupId: $util.Input<string>,
  port: number,
): void {
  new aws.vpc.SecurityGroupIngressRule(`${cap(role)}FromLoadBalancer${port}`, {
    securityGroupId: group.id,
    referencedSecurityGroupId: loadBalancerGroupId,
    ipProtocol: "tcp",
    fromPort: port,
    toPort: port,
    description: "the monitoring load balancer",
  });
}

function cap(role: string): string {
  return `${role.charAt(0).toUpperCase()}${role.slice(1)}`;
}
