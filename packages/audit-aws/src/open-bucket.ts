import type { ObjectLister, ObjectReader } from "@fleetwatch/audit";
import { type BucketLocation, parseBucketUrl } from "./bucket-url.js";
import { FileBucket } from "./file-bucket.js";
import { S3Bucket } from "./s3-bucket.js";
import { s3ClientFromEnv } from "./s3-client.js";

/** The lister and reader of a bucket URL; S3 clients come from the standard AWS environment. */
export function openBucket(
  url: string,
  env: NodeJS.ProcessEnv = process.env,
): { location: BucketLocation; bucket: ObjectLister & ObjectReader } {
  const location = parseBucketUrl(url);
  if (location.kind === "file") return { location, bucket: new FileBucket(location.dir) };
  return { location, bucket: new S3Bucket(s3ClientFromEnv(env), location.bucket, location.prefix) };
}
