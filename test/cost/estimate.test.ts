import { describe, expect, it } from "vitest";
import {
  estimateMonthlyCost,
  InvalidUsageError,
  US_EAST_1,
  type Usage,
  withOverrides,
} from "../../packages/cost/src/index.js";

const NOTHING: Usage = {
  tasks: [],
  loadBalancers: 0,
  loadBalancerLcus: 0,
  natGateways: 0,
  natInstances: 0,
  natDataGb: 0,
  publicIpv4Addresses: 0,
  s3StoredGb: 0,
  s3PutRequests: 0,
  s3GetRequests: 0,
  lambdaGbSeconds: 0,
  lambdaRequests: 0,
  logsIngestGb: 0,
};

const line = (usage: Partial<Usage>, item: string) =>
  estimateMonthlyCost({ ...NOTHING, ...usage }, US_EAST_1.prices).lines.find((l) => l.item === item)
    ?.monthlyUsd;

describe("estimateMonthlyCost", () => {
  it.each<[string, Partial<Usage>, string, number]>([
    // 730 h x (1 x 0.03238 + 4 x 0.00356 + 30 x 0.000111)
    [
      "a Prometheus task with 50 GB disk",
      { tasks: [{ name: "P", count: 1, vcpu: 1, memoryGb: 4, storageGb: 50 }] },
      "Fargate P",
      36.46,
    ],
    [
      "two tasks at the included 20 GB",
      { tasks: [{ name: "Q", count: 2, vcpu: 0.25, memoryGb: 0.5, storageGb: 20 }] },
      "Fargate Q",
      14.42,
    ],
    ["an ALB at 1 LCU", { loadBalancers: 1, loadBalancerLcus: 1 }, "Load balancer", 22.27],
    ["two NAT gateways and 10 GB", { natGateways: 2, natDataGb: 10 }, "NAT", 66.15],
    ["three NAT instances (data is free)", { natInstances: 3, natDataGb: 10 }, "NAT", 9.2],
    ["two public IPv4 addresses", { publicIpv4Addresses: 2 }, "Public IPv4", 7.3],
    [
      "100 GB and a million GETs",
      { s3StoredGb: 100, s3GetRequests: 1e6, s3PutRequests: 1e4 },
      "S3 (Thanos bucket)",
      2.75,
    ],
    ["a million requests of 1 GB-s", { lambdaRequests: 1e6, lambdaGbSeconds: 1e6 }, "Lambda", 13.53],
  ])("prices %s", (_, usage, item, usd) => {
    expect(line(usage, item)).toBe(usd);
  });

  it("totals its rounded lines", () => {
    const estimate = estimateMonthlyCost(
      { ...NOTHING, loadBalancers: 1, loadBalancerLcus: 1, publicIpv4Addresses: 2 },
      US_EAST_1.prices,
    );
    expect(estimate.totalUsd).toBe(29.57);
    expect(estimate.lines.map((l) => l.item)).toEqual([
      "Load balancer",
      "NAT",
      "Public IPv4",
      "S3 (Thanos bucket)",
      "Lambda",
      "CloudWatch Logs",
    ]);
  });

  it("uses overridden prices and keeps the others", () => {
    const prices = withOverrides(US_EAST_1.prices, { albHour: 0.03, s3GbMonth: undefined });
    expect(prices.albHour).toBe(0.03);
    expect(prices.s3GbMonth).toBe(US_EAST_1.prices.s3GbMonth);
    expect(estimateMonthlyCost({ ...NOTHING, loadBalancers: 1 }, prices).totalUsd).toBe(21.9);
  });

  it.each<[string, Partial<Usage>, string]>([
    ["a negative count", { natGateways: -1 }, "natGateways = -1"],
    ["NaN", { s3StoredGb: Number.NaN }, "s3StoredGb = NaN"],
    [
      "a task of negative memory",
      { tasks: [{ name: "P", count: 1, vcpu: 1, memoryGb: -4, storageGb: 20 }] },
      "tasks.P.memoryGb = -4",
    ],
  ])("rejects %s, naming the field", (_, usage, named) => {
    expect(() => estimateMonthlyCost({ ...NOTHING, ...usage }, US_EAST_1.prices)).toThrow(InvalidUsageError);
    expect(() => estimateMonthlyCost({ ...NOTHING, ...usage }, US_EAST_1.prices)).toThrow(
      `cannot estimate the cost of ${named}: it must be a number of at least 0`,
    );
  });

  it("dates its price table", () => {
    expect(US_EAST_1).toMatchObject({ region: "us-east-1", asOf: expect.stringMatching(/^\d{4}-\d{2}$/) });
  });
});
