import { type RecordedResource, ResourceGraph, ResourceLookupError } from "@fleetwatch/sst-offline";
import { describe, expect, it } from "vitest";

const resource = (type: string, name: string, custom = true): RecordedResource => ({
  type,
  name,
  inputs: {},
  custom,
  options: { protect: false, retainOnDelete: false },
});

const graph = new ResourceGraph([
  resource("sst:aws:Bucket", "Logs", false),
  resource("aws:s3/bucket:Bucket", "LogsBucket"),
  resource("aws:s3/bucket:Bucket", "DataBucket"),
  resource("aws:sqs/queue:Queue", "Jobs"),
]);

describe("ResourceGraph", () => {
  it("returns only cloud resources from cloud", () => {
    expect(graph.cloud.map((r) => r.name)).toEqual(["LogsBucket", "DataBucket", "Jobs"]);
  });

  it("finds resources by type and by exact name or pattern", () => {
    expect(graph.ofType("aws:s3/bucket:Bucket")).toHaveLength(2);
    expect(graph.ofType("aws:s3/bucket:Bucket", /^Data/).map((r) => r.name)).toEqual(["DataBucket"]);
    expect(graph.one("aws:s3/bucket:Bucket", "LogsBucket").name).toBe("LogsBucket");
  });

  it("throws a lookup error naming what exists when one() matches several or none", () => {
    expect(() => graph.one("aws:s3/bucket:Bucket")).toThrow(ResourceLookupError);
    expect(() => graph.one("aws:s3/bucket:Bucket")).toThrow(
      "expected one aws:s3/bucket:Bucket, found 2 (resources of that type: LogsBucket, DataBucket)",
    );
    expect(() => graph.one("aws:lambda/function:Function", "X")).toThrow(
      "found 0 (resources of that type: none)",
    );
  });

  it("counts cloud resources by type", () => {
    expect(graph.countByType()).toEqual({ "aws:s3/bucket:Bucket": 2, "aws:sqs/queue:Queue": 1 });
  });
});
