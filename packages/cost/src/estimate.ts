import { InvalidUsageError } from "./errors.js";
import type { PriceTable } from "./prices.js";

/** Hours in a month, as AWS prices them. */
export const HOURS_PER_MONTH = 730;
/** Fargate ephemeral storage included with every task. */
export const INCLUDED_STORAGE_GB = 20;

/** One kind of Fargate task, running `count` copies all month. */
export interface TaskUsage {
  name: string;
  count: number;
  vcpu: number;
  memoryGb: number;
  storageGb: number;
}

/** What a stage uses in a month. */
export interface Usage {
  tasks: TaskUsage[];
  loadBalancers: number;
  /** Average load balancer capacity units (a few users: 1). */
  loadBalancerLcus: number;
  natGateways: number;
  natInstances: number;
  /** GB through NAT a month (image pulls, EC2 API, Slack; S3 uses the gateway endpoint). */
  natDataGb: number;
  publicIpv4Addresses: number;
  s3StoredGb: number;
  s3PutRequests: number;
  s3GetRequests: number;
  lambdaGbSeconds: number;
  lambdaRequests: number;
  logsIngestGb: number;
}

export interface CostLine {
  item: string;
  detail: string;
  monthlyUsd: number;
}

export interface CostEstimate {
  lines: CostLine[];
  totalUsd: number;
}

function check(usage: Usage): void {
  const numbers: [string, number][] = [
    ...(Object.entries(usage).filter(([, v]) => typeof v === "number") as [string, number][]),
    ...usage.tasks.flatMap((t): [string, number][] => [
      [`tasks.${t.name}.count`, t.count],
      [`tasks.${t.name}.vcpu`, t.vcpu],
      [`tasks.${t.name}.memoryGb`, t.memoryGb],
      [`tasks.${t.name}.storageGb`, t.storageGb],
    ]),
  ];
  for (const [field, value] of numbers) {
    if (!Number.isFinite(value) || value < 0) throw new InvalidUsageError(field, value);
  }
}

const round = (usd: number) => Math.round(usd * 100) / 100;

/** The monthly cost of a stage's usage at the given prices, line by line. */
export function estimateMonthlyCost(usage: Usage, prices: PriceTable): CostEstimate {
  check(usage);
  const h = HOURS_PER_MONTH;
  const lines: CostLine[] = usage.tasks.map((t) => {
    const extraStorage = Math.max(0, t.storageGb - INCLUDED_STORAGE_GB);
    const perTask =
      (t.vcpu * prices.fargateVcpuHour +
        t.memoryGb * prices.fargateGbHour +
        extraStorage * prices.fargateStorageGbHour) *
      h;
    return {
      item: `Fargate ${t.name}`,
      detail: `${t.count} x ${t.vcpu} vCPU, ${t.memoryGb} GB, ${t.storageGb} GB disk`,
      monthlyUsd: t.count * perTask,
    };
  });
  lines.push(
    {
      item: "Load balancer",
      detail: `${usage.loadBalancers} ALB, ${usage.loadBalancerLcus} LCU`,
      monthlyUsd: usage.loadBalancers * (prices.albHour + usage.loadBalancerLcus * prices.albLcuHour) * h,
    },
    {
      item: "NAT",
      detail: `${usage.natGateways} gateways, ${usage.natInstances} instances, ${usage.natDataGb} GB`,
      monthlyUsd:
        usage.natGateways * prices.natGatewayHour * h +
        (usage.natGateways > 0 ? usage.natDataGb * prices.natGatewayGb : 0) +
        usage.natInstances * prices.natInstanceHour * h,
    },
    {
      item: "Public IPv4",
      detail: `${usage.publicIpv4Addresses} addresses`,
      monthlyUsd: usage.publicIpv4Addresses * prices.publicIpv4Hour * h,
    },
    {
      item: "S3 (Thanos bucket)",
      detail: `${usage.s3StoredGb.toFixed(0)} GB, ${usage.s3PutRequests} PUT/LIST, ${usage.s3GetRequests} GET`,
      monthlyUsd:
        usage.s3StoredGb * prices.s3GbMonth +
        (usage.s3PutRequests / 1000) * prices.s3PutPer1000 +
        (usage.s3GetRequests / 1000) * prices.s3GetPer1000,
    },
    {
      item: "Lambda",
      detail: `${usage.lambdaRequests} invocations, ${usage.lambdaGbSeconds} GB-s`,
      monthlyUsd:
        usage.lambdaGbSeconds * prices.lambdaGbSecond +
        (usage.lambdaRequests / 1e6) * prices.lambdaPerMillionRequests,
    },
    {
      item: "CloudWatch Logs",
      detail: `${usage.logsIngestGb} GB ingested`,
      monthlyUsd: usage.logsIngestGb * prices.logsIngestGb,
    },
  );
  const rounded = lines.map((l) => ({ ...l, monthlyUsd: round(l.monthlyUsd) }));
  return { lines: rounded, totalUsd: round(rounded.reduce((sum, l) => sum + l.monthlyUsd, 0)) };
}
