import { createServer, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readBody } from "./processes.js";

// A local EC2 API for Prometheus's ec2_sd_configs (aws-sdk-go, query protocol): DescribeAvailabilityZones and
// DescribeInstances with server-side filters, as EC2 applies them. Bounded: small bodies, short timeouts.

export interface StubInstance {
  instanceId: string;
  imageId: string;
  state: string;
  instanceType: string;
  availabilityZone: string;
  privateIpAddress: string;
  vpcId: string;
  subnetId: string;
  tags: Record<string, string>;
  /** The account owning the instance's reservation (Prometheus's `__meta_ec2_owner_id`). */
  ownerId?: string;
}

/** The owner of an instance without `ownerId`: the account the stub pretends to be. */
export const STUB_ACCOUNT_ID = "123456789012";

export interface Ec2Stub {
  readonly url: string;
  /** Every request's form parameters, in order. */
  readonly requests: URLSearchParams[];
  close(): Promise<void>;
}

const NS = "http://ec2.amazonaws.com/doc/2016-11-15/";

function xml(text: string): string {
  return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");
}

/** `Filter.N.Name` / `Filter.N.Value.M` -> name -> values. */
export function filtersOf(params: URLSearchParams): Map<string, string[]> {
  const filters = new Map<string, string[]>();
  for (const [key, value] of params) {
    const name = /^Filter\.(\d+)\.Name$/.exec(key);
    if (!name) continue;
    const values = [...params].filter(([k]) => k.startsWith(`Filter.${name[1]}.Value.`)).map(([, v]) => v);
    filters.set(value, values);
  }
  return filters;
}

function matches(instance: StubInstance, filters: Map<string, string[]>): boolean {
  for (const [name, values] of filters) {
    const actual =
      name === "instance-state-name"
        ? instance.state
        : name === "vpc-id"
          ? instance.vpcId
          : name.startsWith("tag:")
            ? instance.tags[name.slice(4)]
            : undefined;
    if (actual === undefined && !name.startsWith("tag:"))
      throw new Error(`the stub does not know filter ${name}`);
    if (actual === undefined || !values.includes(actual)) return false;
  }
  return true;
}

function instanceXml(i: StubInstance): string {
  const tags = Object.entries(i.tags)
    .map(([key, value]) => `<item><key>${xml(key)}</key><value>${xml(value)}</value></item>`)
    .join("");
  return `<item><instanceId>${i.instanceId}</instanceId><imageId>${i.imageId}</imageId><instanceState><code>16</code><name>${i.state}</name></instanceState><privateDnsName>ip-${i.privateIpAddress.replaceAll(".", "-")}.ec2.internal</privateDnsName><instanceType>${i.instanceType}</instanceType><placement><availabilityZone>${i.availabilityZone}</availabilityZone></placement><subnetId>${i.subnetId}</subnetId><vpcId>${i.vpcId}</vpcId><privateIpAddress>${i.privateIpAddress}</privateIpAddress><architecture>x86_64</architecture><tagSet>${tags}</tagSet></item>`;
}

/** One reservation per owning account, as EC2 groups instances launched together (here: by account). */
function describeInstances(instances: StubInstance[], params: URLSearchParams): string {
  const filters = filtersOf(params);
  const byOwner = new Map<string, StubInstance[]>();
  for (const instance of instances.filter((i) => matches(i, filters))) {
    const owner = instance.ownerId ?? STUB_ACCOUNT_ID;
    byOwner.set(owner, [...(byOwner.get(owner) ?? []), instance]);
  }
  const reservations = [...byOwner]
    .map(
      ([owner, owned], n) =>
        `<item><reservationId>r-0e2e${n}</reservationId><ownerId>${owner}</ownerId><instancesSet>${owned.map(instanceXml).join("")}</instancesSet></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><DescribeInstancesResponse xmlns="${NS}"><requestId>e2e</requestId><reservationSet>${reservations}</reservationSet></DescribeInstancesResponse>`;
}

function describeAvailabilityZones(instances: StubInstance[]): string {
  const zones = [...new Set(instances.map((i) => i.availabilityZone))]
    .map(
      (zone, n) =>
        `<item><zoneName>${zone}</zoneName><zoneId>use1-az${n + 1}</zoneId><zoneState>available</zoneState><regionName>us-east-1</regionName></item>`,
    )
    .join("");
  return `<?xml version="1.0" encoding="UTF-8"?><DescribeAvailabilityZonesResponse xmlns="${NS}"><requestId>e2e</requestId><availabilityZoneInfo>${zones}</availabilityZoneInfo></DescribeAvailabilityZonesResponse>`;
}

function send(response: ServerResponse, status: number, body: string) {
  response.writeHead(status, { "content-type": "text/xml;charset=UTF-8" }).end(body);
}

/** Starts the stub on 127.0.0.1, an ephemeral port. */
export async function startEc2Stub(instances: StubInstance[]): Promise<Ec2Stub> {
  const requests: URLSearchParams[] = [];
  const server: Server = createServer(async (request, response) => {
    try {
      const params = new URLSearchParams(await readBody(request, 64 * 1024));
      requests.push(params);
      const action = params.get("Action");
      if (action === "DescribeInstances") return send(response, 200, describeInstances(instances, params));
      if (action === "DescribeAvailabilityZones")
        return send(response, 200, describeAvailabilityZones(instances));
      send(
        response,
        400,
        `<Response><Errors><Error><Code>InvalidAction</Code><Message>${xml(String(action))}</Message></Error></Errors><RequestID>e2e</RequestID></Response>`,
      );
    } catch (error) {
      send(
        response,
        500,
        `<Response><Errors><Error><Code>InternalError</Code><Message>${xml(String(error))}</Message></Error></Errors></Response>`,
      );
    }
  });
  server.requestTimeout = 5_000;
  server.headersTimeout = 5_000;
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
