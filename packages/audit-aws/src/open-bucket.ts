import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import type { ObjectLister, ObjectReader } from "@fleetwatch/audit";
import { type BucketLocation, parseBucketUrl } from "./bucket-url.js";
import { ObjstoreConfigError } from "./errors.js";
import { FileBucket } from "./file-bucket.js";
import { parseObjstoreConfig } from "./objstore-config.js";
import { S3Bucket } from "./s3-bucket.js";
import { s3ClientFromEnv, s3ClientFromObjstore } from "./s3-client.js";

/** A bucket opened for reading: where it is, and its lister and reader. */
export interface OpenedBucket {
  location: BucketLocation;
  bucket: ObjectLister & ObjectReader;
}

/** The lister and reader of a bucket URL; S3 clients come from the standard AWS environment. */
export function openBucket(url: string, env: NodeJS.ProcessEnv = process.env): OpenedBucket {
  const location = parseBucketUrl(url);
  if (location.kind === "file") return { location, bucket: new FileBucket(location.dir) };
  return { location, bucket: new S3Bucket(s3ClientFromEnv(env), location.bucket, location.prefix) };
}

/**
 * The lister and reader of the bucket a Thanos objstore.yml (`--objstore.config-file`) describes: S3 (its
 * endpoint, region and keys) or FILESYSTEM, under its `prefix`.
 * @throws ObjstoreConfigError when the file cannot be read or is not a config fleetwatch can use.
 */
export async function openObjstoreConfig(
  file: string,
  env: NodeJS.ProcessEnv = process.env,
): Promise<OpenedBucket> {
  const text = await readFile(file, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new ObjstoreConfigError(file, `cannot be read (${error.code ?? error.message}): check the path`, {
      cause: error,
    });
  });
  const config = parseObjstoreConfig(text, file);
  if (config.type === "FILESYSTEM") {
    const dir = resolve(config.directory, config.prefix);
    return { location: { kind: "file", dir }, bucket: new FileBucket(dir) };
  }
  const { s3, prefix } = config;
  return {
    location: { kind: "s3", bucket: s3.bucket, prefix },
    bucket: new S3Bucket(s3ClientFromObjstore(s3, env), s3.bucket, prefix),
  };
}

/** How reports and messages name a bucket: `s3://bucket/prefix/` or `file:///dir`. */
export function bucketName(location: BucketLocation): string {
  return location.kind === "s3" ? `s3://${location.bucket}/${location.prefix}` : `file://${location.dir}`;
}
