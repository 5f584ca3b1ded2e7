import type { ResolvedConfig } from "@fleetwatch/config";
import {
  PORTS,
  pascalCase,
  RULER_SCRAPE,
  SHARED_SCRAPES,
  type SharedComponent,
  stackGroup,
} from "@fleetwatch/monitoring";

// One security group per component; ingress only from the components that call it, by security group.
// Nothing admits an address range except the load balancer's, from `access.allowedCidrs`. The Prometheus tasks
// also carry their scrape group's own group, which admits what the rendered scrape configs need: the replicas
// of a group scrape each other, and only the first group's pair scrapes the shared services.

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
  | "auditClient";

export type SecurityGroups = Record<SecurityGroupRole, aws.ec2.SecurityGroup>;

// EC2 refuses a description with any other character than a-zA-Z0-9, space and ._-:/()#,@[]+=&;{}!$* (rules:
// the same without "&"), so no apostrophes in group descriptions or in the flows' `why`.
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
  auditClient: "fleetwatch health Lambdas: attach to reach the compactor /metrics and the Query Frontend",
};

/** Who may call whom, on which port: the whole network policy of the monitoring stack. */
export const FLOWS: { to: SecurityGroupRole; from: SecurityGroupRole; port: number; why: string }[] = [
  { to: "prometheus", from: "query", port: PORTS.thanosGrpc, why: "Query reads the sidecars (StoreAPI)" },
  { to: "query", from: "queryFrontend", port: PORTS.thanosHttp, why: "downstream of the Query Frontend" },
  { to: "query", from: "ruler", port: PORTS.thanosHttp, why: "the ruler evaluates rules through Query" },
  { to: "queryFrontend", from: "grafana", port: PORTS.thanosHttp, why: "Grafana datasource" },
  { to: "store", from: "query", port: PORTS.thanosGrpc, why: "Query reads the bucket (StoreAPI)" },
  { to: "compactor", from: "auditClient", port: PORTS.thanosHttp, why: "the audit reads /metrics" },
  {
    to: "queryFrontend",
    from: "auditClient",
    port: PORTS.thanosHttp,
    why: "the digest asks for targets down",
  },
  { to: "ruler", from: "query", port: PORTS.thanosGrpc, why: "Query reads recorded series (StoreAPI)" },
  { to: "alertmanager", from: "ruler", port: PORTS.alertmanager, why: "the ruler sends alerts" },
  { to: "alertmanager", from: "prometheus", port: PORTS.alertmanager, why: "Prometheus sends alerts" },
  { to: "alertmanager", from: "grafana", port: PORTS.alertmanager, why: "Grafana Alertmanager datasource" },
];

/** The security group of each shared service, by its SST component name. */
export const SHARED_ROLES: Record<SharedComponent, SecurityGroupRole> = {
  ThanosQuery: "query",
  ThanosQueryFrontend: "queryFrontend",
  ThanosStore: "store",
  ThanosCompactor: "compactor",
  ThanosBucketWeb: "bucketWeb",
  Alertmanager: "alertmanager",
  Grafana: "grafana",
};

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

/**
 * One security group per scrape group, carried by its Prometheus tasks besides the shared `prometheus` one: its
 * replicas scrape each other's Prometheus and sidecar; the first group's also scrape every shared service.
 */
export function createScrapeGroupSecurityGroups(
  config: ResolvedConfig,
  vpcId: $util.Input<string>,
  groups: SecurityGroups,
): Map<string, aws.ec2.SecurityGroup> {
  const created = new Map<string, aws.ec2.SecurityGroup>();
  for (const { name: group } of config.scrapeGroups) {
    const prefix = `Prometheus${pascalCase(group)}`;
    const sg = new aws.ec2.SecurityGroup(`${prefix}SecurityGroup`, {
      vpcId,
      description: `fleetwatch Prometheus tasks of scrape group ${group}`,
    });
    for (const port of [PORTS.prometheus, PORTS.thanosHttp]) {
      new aws.vpc.SecurityGroupIngressRule(`${prefix}FromItself${port}`, {
        securityGroupId: sg.id,
        referencedSecurityGroupId: sg.id,
        ipProtocol: "tcp",
        fromPort: port,
        toPort: port,
        description: `the replicas of ${group} scrape each other (Prometheus and sidecar)`,
      });
    }
    if (group === stackGroup(config)) {
      const scrapes = [
        ...SHARED_SCRAPES.map((scrape) => ({ role: SHARED_ROLES[scrape.component], port: scrape.port })),
        { role: "ruler" as const, port: RULER_SCRAPE.port },
      ];
      for (const { role, port } of scrapes) {
        // Already admitted from every Prometheus task (alerts go to Alertmanager on its scrape port).
        if (FLOWS.some((f) => f.to === role && f.from === "prometheus" && f.port === port)) continue;
        new aws.vpc.SecurityGroupIngressRule(`${cap(role)}From${prefix}${port}`, {
          securityGroupId: groups[role].id,
          referencedSecurityGroupId: sg.id,
          ipProtocol: "tcp",
          fromPort: port,
          toPort: port,
          description: `the ${group} Prometheus pair scrapes it`,
        });
      }
    }
    created.set(group, sg);
  }
  return created;
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

/** Admits a component's tasks to one of their own ports: replicas that talk to each other. */
export function admitItself(
  group: aws.ec2.SecurityGroup,
  role: SecurityGroupRole,
  port: number,
  protocol: "tcp" | "udp",
  why: string,
): void {
  new aws.vpc.SecurityGroupIngressRule(`${cap(role)}FromItself${port}${cap(protocol)}`, {
    securityGroupId: group.id,
    referencedSecurityGroupId: group.id,
    ipProtocol: protocol,
    fromPort: port,
    toPort: port,
    description: why,
  });
}

function cap(role: string): string {
  return `${role.charAt(0).toUpperCase()}${role.slice(1)}`;
}
