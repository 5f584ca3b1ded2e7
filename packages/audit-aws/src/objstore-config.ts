import { resolve } from "node:path";
import { parse } from "yaml";
import { normalizePrefix } from "./bucket-url.js";
import { ObjstoreConfigError } from "./errors.js";

/** The S3 part of a Thanos objstore.yml that fleetwatch reads. */
export interface S3ObjstoreConfig {
  bucket: string;
  /** `host[:port]`, no scheme. */
  endpoint: string;
  region?: string;
  /** Plain HTTP instead of HTTPS. @default false */
  insecure: boolean;
  accessKey?: string;
  secretKey?: string;
  sessionToken?: string;
}

/** A Thanos objstore.yml (`--objstore.config-file`): S3 or FILESYSTEM, with the top-level `prefix` normalized. */
export type ObjstoreConfig =
  | { type: "S3"; s3: S3ObjstoreConfig /** "" or ending in `/`. */; prefix: string }
  | { type: "FILESYSTEM" /** Absolute. */; directory: string; prefix: string };

/** Object stores Thanos knows and fleetwatch does not read. */
const OTHER_TYPES = ["GCS", "AZURE", "SWIFT", "COS", "ALIYUNOSS", "BOS", "OCI", "OBS"];

/**
 * Keys of Thanos's S3 config fleetwatch accepts and does not act on: HTTP tuning, uploads, SSE for writes.
 * fleetwatch always lists with ListObjectsV2, signs with SigV4 and addresses custom endpoints path-style.
 */
const IGNORED_S3_KEYS = [
  "aws_sdk_auth",
  "signature_version2",
  "put_user_metadata",
  "http_config",
  "trace",
  "list_objects_version",
  "bucket_lookup_type",
  "send_content_md5",
  "disable_multipart",
  "part_size",
  "sse_config",
  "sts_endpoint",
  "max_retries",
];
const S3_KEYS = ["bucket", "endpoint", "region", "insecure", "access_key", "secret_key", "session_token"];

/**
 * Parses the text of a Thanos objstore.yml. Type names are case-insensitive, as in Thanos.
 * @param file the file's path, for messages.
 * @throws ObjstoreConfigError naming the key and its fix.
 */
export function parseObjstoreConfig(text: string, file: string): ObjstoreConfig {
  const fail = (message: string): never => {
    throw new ObjstoreConfigError(file, message);
  };
  let raw: unknown;
  try {
    raw = parse(text);
  } catch (error) {
    // YAML's messages go on with a picture of the line: the first line names the fault and where.
    throw new ObjstoreConfigError(file, (error as Error).message.split("\n")[0] ?? "not YAML", {
      cause: error,
    });
  }
  const top = record(raw) ?? fail("expected a mapping with type, config and prefix");
  for (const key of Object.keys(top))
    if (!["type", "config", "prefix"].includes(key))
      fail(`unknown key ${JSON.stringify(key)}: the keys are type, config and prefix`);
  if (top.type === undefined || top.type === null) fail("type is missing: set type: S3 or type: FILESYSTEM");
  const type = String(top.type).toUpperCase();
  const prefix = normalizePrefix(optionalString(top.prefix, "prefix", fail) ?? "");
  const config = record(top.config ?? {}) ?? fail("config must be a mapping of the store's options");
  if (type === "S3") return { type, s3: s3Config(config, fail), prefix };
  if (type === "FILESYSTEM") {
    unknownKeys(config, ["directory"], [], fail);
    const directory = optionalString(config.directory, "config.directory", fail);
    if (!directory) fail("config.directory is missing: set it to the bucket's root directory");
    return { type, directory: resolve(directory as string), prefix };
  }
  return OTHER_TYPES.includes(type)
    ? fail(`type ${type} is not read by fleetwatch: use S3 or FILESYSTEM`)
    : fail(`type ${JSON.stringify(top.type)} is unknown: use S3 or FILESYSTEM`);
}

function s3Config(config: Record<string, unknown>, fail: (message: string) => never): S3ObjstoreConfig {
  unknownKeys(config, S3_KEYS, IGNORED_S3_KEYS, fail);
  const text = (key: string) => optionalString(config[key], `config.${key}`, fail) || undefined;
  const bucket = text("bucket") ?? fail("config.bucket is missing: set it to the bucket's name");
  const endpoint =
    text("endpoint") ??
    fail(
      "config.endpoint is missing: set it to the S3 host, e.g. s3.us-east-1.amazonaws.com or 127.0.0.1:9000",
    );
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(endpoint);
  if (scheme)
    fail(
      `config.endpoint ${JSON.stringify(endpoint)} has a scheme: give host[:port] only (insecure: true for http)`,
    );
  if (config.insecure !== undefined && typeof config.insecure !== "boolean")
    fail("config.insecure must be true or false");
  const accessKey = text("access_key");
  const secretKey = text("secret_key");
  if ((accessKey === undefined) !== (secretKey === undefined))
    fail(
      `config.${accessKey ? "secret_key" : "access_key"} is missing: set both access_key and secret_key, or neither to use the AWS environment`,
    );
  const region = text("region");
  const sessionToken = text("session_token");
  return {
    bucket,
    endpoint,
    insecure: config.insecure === true,
    ...(region ? { region } : {}),
    ...(accessKey && secretKey ? { accessKey, secretKey } : {}),
    ...(sessionToken ? { sessionToken } : {}),
  };
}

function record(value: unknown): Record<string, unknown> | undefined {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;
}

function optionalString(value: unknown, key: string, fail: (message: string) => never): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") fail(`${key} must be a string`);
  return value as string;
}

function unknownKeys(
  config: Record<string, unknown>,
  known: readonly string[],
  ignored: readonly string[],
  fail: (message: string) => never,
) {
  for (const key of Object.keys(config))
    if (!known.includes(key) && !ignored.includes(key))
      fail(
        `config.${key} is not an option of this store: remove it or fix its spelling (${known.join(", ")})`,
      );
}
