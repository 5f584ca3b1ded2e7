/** Unit prices in USD. Fargate prices are for arm64 (Graviton), which every fleetwatch task runs on. */
export interface PriceTable {
  /** Fargate arm64, per vCPU-hour. */
  fargateVcpuHour: number;
  /** Fargate arm64, per GB of memory per hour. */
  fargateGbHour: number;
  /** Fargate ephemeral storage beyond the 20 GB included, per GB-hour. */
  fargateStorageGbHour: number;
  /** Application Load Balancer, per hour. */
  albHour: number;
  /** Application Load Balancer, per LCU-hour. */
  albLcuHour: number;
  /** NAT gateway, per hour. */
  natGatewayHour: number;
  /** NAT gateway, per GB processed. */
  natGatewayGb: number;
  /** t4g.nano on demand (SST's NAT instance), per hour. */
  natInstanceHour: number;
  /** Public IPv4 address, per hour. */
  publicIpv4Hour: number;
  /** S3 Standard, per GB-month (first 50 TB). */
  s3GbMonth: number;
  /** S3 PUT, COPY, POST, LIST, per 1,000 requests. */
  s3PutPer1000: number;
  /** S3 GET and others, per 1,000 requests. */
  s3GetPer1000: number;
  /** Lambda arm64, per GB-second. */
  lambdaGbSecond: number;
  /** Lambda, per million requests. */
  lambdaPerMillionRequests: number;
  /** CloudWatch Logs ingestion (standard class), per GB. */
  logsIngestGb: number;
}

/** A price table for one region, with the date its prices were read. */
export interface DatedPrices {
  region: string;
  /** When the prices were taken from the AWS pricing pages (YYYY-MM). */
  asOf: string;
  prices: PriceTable;
}

/**
 * us-east-1 on-demand prices from the public AWS pricing pages, as of 2025-06. Prices change: check the
 * pricing pages, and override in `prices` of fleetwatch.config.ts (e.g. for another home region).
 */
export const US_EAST_1: DatedPrices = {
  region: "us-east-1",
  asOf: "2025-06",
  prices: {
    fargateVcpuHour: 0.03238,
    fargateGbHour: 0.00356,
    fargateStorageGbHour: 0.000111,
    albHour: 0.0225,
    albLcuHour: 0.008,
    natGatewayHour: 0.045,
    natGatewayGb: 0.045,
    natInstanceHour: 0.0042,
    publicIpv4Hour: 0.005,
    s3GbMonth: 0.023,
    s3PutPer1000: 0.005,
    s3GetPer1000: 0.0004,
    lambdaGbSecond: 0.0000133334,
    lambdaPerMillionRequests: 0.2,
    logsIngestGb: 0.5,
  },
};

/** Amazon Managed Service for Prometheus prices (us-east-1, as of 2025-06), for the comparison. */
export const AMP_US_EAST_1 = {
  asOf: "2025-06",
  /** Ingestion per 10 million samples, by tier: up to `upToSamples` samples a month. */
  ingestTiers: [
    { upToSamples: 2e9, per10M: 0.9 },
    { upToSamples: 252e9, per10M: 0.35 },
    { upToSamples: Number.POSITIVE_INFINITY, per10M: 0.16 },
  ],
  /** Metrics storage, per GB-month. */
  storageGbMonth: 0.03,
  /** Query samples processed, per billion. */
  queryPerBillionSamples: 0.1,
} as const;

/** The table with the given prices replaced. */
export function withOverrides(table: PriceTable, overrides: Partial<PriceTable> = {}): PriceTable {
  const defined = Object.entries(overrides).filter(([, value]) => value !== undefined);
  return { ...table, ...Object.fromEntries(defined) };
}
