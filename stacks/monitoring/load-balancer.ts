import { durationMs, type ResolvedConfig } from "@fleetwatch/config";
import type { Network } from "../network";

/** A listener of the monitoring load balancer, as SST writes it. */
export type Listen = `${number}/${"http" | "https"}`;

/** The listeners: one port per service, so paths never collide (Grafana and Thanos both serve `/api`). */
export interface Listeners {
  grafana: Listen;
  queryFrontend: Listen;
  /** Only on an internal load balancer: Bucket Web is never public. */
  bucketWeb?: Listen;
}

/** TLS policy of HTTPS listeners (TLS 1.2 and 1.3 only). */
export const TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";

/** The listeners for the config's access settings. */
export function listenersFor(access: ResolvedConfig["access"]): Listeners {
  return access.public
    ? { grafana: "443/https", queryFrontend: "9443/https" }
    : { grafana: "80/http", queryFrontend: "9090/http", bucketWeb: "8080/http" };
}

export interface MonitoringLoadBalancer {
  alb: sst.aws.Alb;
  listeners: Listeners;
  /** Seconds ECS ignores the target health of a new task, per service behind it (`access.healthCheckGracePeriod`). */
  gracePeriodSeconds: Record<keyof Listeners, number>;
}

const port = (listen: Listen) => Number(listen.split("/")[0]);

/**
 * The one Application Load Balancer of the stack: internal unless `access.public`, admitting only
 * `access.allowedCidrs` on its listener ports; HTTPS with the configured certificate when public.
 */
export function createLoadBalancer(config: ResolvedConfig, network: Network): MonitoringLoadBalancer {
  const { access } = config;
  const listeners = listenersFor(access);
  const listens = Object.values(listeners) as Listen[];
  const alb = new sst.aws.Alb("MonitoringLoadBalancer", {
    vpc: network.loadBalancerVpc,
    public: access.public,
    listeners: listens.map((l) => ({ port: port(l), protocol: l.endsWith("https") ? "https" : "http" })),
    transform: {
      securityGroup: (args) => {
        args.description = access.public
          ? "fleetwatch monitoring load balancer (public, allowed CIDRs only)"
          : "fleetwatch monitoring load balancer (internal)";
        args.ingress = listens.map((l) => ({
          protocol: "tcp",
          fromPort: port(l),
          toPort: port(l),
          cidrBlocks: access.allowedCidrs,
          description: `listener ${l}`,
        }));
      },
      listener: (args) => {
        if (args.protocol !== "HTTPS") return;
        args.certificateArn = access.certificateArn;
        args.sslPolicy = TLS_POLICY;
      },
      loadBalancer: (args) => {
        args.dropInvalidHeaderFields = true;
      },
    },
  });
  return { alb, listeners, gracePeriodSeconds: gracePeriodSeconds(access.healthCheckGracePeriod) };
}

/** The configured grace periods in seconds, as ECS takes them. */
export function gracePeriodSeconds(
  periods: ResolvedConfig["access"]["healthCheckGracePeriod"],
): Record<keyof Listeners, number> {
  return {
    grafana: durationMs(periods.grafana) / 1000,
    queryFrontend: durationMs(periods.queryFrontend) / 1000,
    bucketWeb: durationMs(periods.bucketWeb) / 1000,
  };
}

/** How a service is put behind the load balancer: SST's `loadBalancer` arg and its health check grace period. */
export interface LoadBalancerAttachment {
  args: NonNullable<sst.aws.ServiceArgs["loadBalancer"]>;
  healthCheckGracePeriodSeconds: number;
}

/**
 * A service's attachment to the load balancer: everything on the service's listener goes to
 * `container:forwardPort`.
 */
export function attachment(
  lb: MonitoringLoadBalancer,
  service: keyof Listeners,
  container: string,
  forwardPort: number,
  healthPath: string,
): LoadBalancerAttachment {
  const listen = lb.listeners[service];
  if (!listen) throw new Error(`the monitoring load balancer has no listener for ${service}`);
  const args = {
    instance: lb.alb,
    rules: [
      {
        listen,
        forward: `${forwardPort}/http`,
        container,
        conditions: { path: "/*" },
        priority: 100,
      },
    ],
    health: { [`${forwardPort}/http`]: { path: healthPath, successCodes: "200" } },
  } as NonNullable<sst.aws.ServiceArgs["loadBalancer"]>;
  return { args, healthCheckGracePeriodSeconds: lb.gracePeriodSeconds[service] };
}

/**
 * The URL people open Grafana at: its listener on the load balancer (`http://<dns>` internally, `https://<dns>`
 * when public; SST's `alb.url` is always `http://`, and a public load balancer has no port 80).
 */
export function grafanaUrlOf(lb: MonitoringLoadBalancer): $util.Output<string> {
  const [listenPort, protocol] = lb.listeners.grafana.split("/") as [string, "http" | "https"];
  const defaultPort = protocol === "https" ? "443" : "80";
  const suffix = listenPort === defaultPort ? "" : `:${listenPort}`;
  return $util.interpolate`${protocol}://${lb.alb.nodes.loadBalancer.dnsName}${suffix}`;
}
