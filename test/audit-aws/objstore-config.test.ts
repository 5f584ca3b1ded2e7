import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import {
  ObjstoreConfigError,
  openObjstoreConfig,
  parseObjstoreConfig,
  s3ClientFromObjstore,
} from "@fleetwatch/audit-aws";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const parse = (text: string) => parseObjstoreConfig(text, "objstore.yml");

describe("parseObjstoreConfig", () => {
  it("reads Thanos's S3 config, its keys and the top-level prefix", () => {
    expect(
      parse(`type: S3
config:
  bucket: thanos
  endpoint: minio.local:9000
  region: eu-west-1
  insecure: true
  access_key: AK
  secret_key: SK
  session_token: ST
  signature_version2: false
  http_config: { idle_conn_timeout: 1m30s }
  sse_config: { type: "" }
prefix: /tenant-0/prefix0/
`),
    ).toEqual({
      type: "S3",
      prefix: "tenant-0/prefix0/",
      s3: {
        bucket: "thanos",
        endpoint: "minio.local:9000",
        region: "eu-west-1",
        insecure: true,
        accessKey: "AK",
        secretKey: "SK",
        sessionToken: "ST",
      },
    });
  });

  it("takes type names in any case and defaults: https, no prefix, keys from the environment", () => {
    expect(parse("type: s3\nconfig: {bucket: b, endpoint: s3.us-east-1.amazonaws.com}")).toEqual({
      type: "S3",
      prefix: "",
      s3: { bucket: "b", endpoint: "s3.us-east-1.amazonaws.com", insecure: false },
    });
  });

  it("reads FILESYSTEM with its directory resolved", () => {
    expect(parse("type: FILESYSTEM\nconfig:\n  directory: ./data\nprefix: p")).toEqual({
      type: "FILESYSTEM",
      directory: resolve("./data"),
      prefix: "p/",
    });
  });

  it.each([
    ["type: S3\nconfig:\n  endpoint: h:9000", "config.bucket is missing: set it to the bucket's name"],
    ['type: S3\nconfig:\n  bucket: ""\n  endpoint: h', "config.bucket is missing"],
    ["type: S3\nconfig:\n  bucket: b", "config.endpoint is missing: set it to the S3 host"],
    [
      "type: S3\nconfig: {bucket: b, endpoint: 'http://h:9000'}",
      'config.endpoint "http://h:9000" has a scheme: give host[:port] only (insecure: true for http)',
    ],
    [
      "type: S3\nconfig: {bucket: b, endpoint: h, insecure: yes please}",
      "config.insecure must be true or false",
    ],
    ["type: S3\nconfig: {bucket: b, endpoint: h, access_key: AK}", "config.secret_key is missing: set both"],
    ["type: S3\nconfig: {bucket: b, endpoint: h, secret_key: SK}", "config.access_key is missing: set both"],
    ["type: S3\nconfig: {bucket: b, endpoint: h, bukcet: c}", "config.bukcet is not an option of this store"],
    ["type: S3\nconfig: {bucket: 7, endpoint: h}", "config.bucket must be a string"],
    ["type: GCS\nconfig: {bucket: b}", "type GCS is not read by fleetwatch: use S3 or FILESYSTEM"],
    ["type: FTP\nconfig: {}", 'type "FTP" is unknown: use S3 or FILESYSTEM'],
    ["config: {bucket: b}", "type is missing: set type: S3 or type: FILESYSTEM"],
    [
      "type: S3\nconfig: {bucket: b, endpoint: h}\nbucket: c",
      'unknown key "bucket": the keys are type, config and prefix',
    ],
    ["type: S3\nconfig: [1]", "config must be a mapping"],
    ["type: FILESYSTEM\nconfig: {}", "config.directory is missing: set it to the bucket's root directory"],
    ["- S3", "expected a mapping with type, config and prefix"],
    ["type: S3\n  config: :", "objstore config objstore.yml: "],
  ])("refuses %j in one line naming the key: %s", (text, message) => {
    expect(() => parse(text)).toThrow(ObjstoreConfigError);
    expect(() => parse(text)).toThrow(message);
    expect(() => parse(text)).toThrow(/^objstore config objstore\.yml: [^\n]*$/);
  });
});

describe("s3ClientFromObjstore", () => {
  const base = { bucket: "b", insecure: false };

  it("speaks http to a custom endpoint when insecure, path-style, with the config's keys", async () => {
    const client = s3ClientFromObjstore(
      {
        ...base,
        endpoint: "127.0.0.1:9000",
        insecure: true,
        accessKey: "AK",
        secretKey: "SK",
        sessionToken: "ST",
      },
      { AWS_ENDPOINT_URL_S3: "http://elsewhere:1", AWS_ACCESS_KEY_ID: "ENV", AWS_SECRET_ACCESS_KEY: "ENV" },
    );
    const endpoint = await client.config.endpoint?.();
    expect(endpoint).toMatchObject({ protocol: "http:", hostname: "127.0.0.1", port: 9000 });
    expect(client.config.forcePathStyle).toBe(true);
    expect(await client.config.credentials()).toMatchObject({
      accessKeyId: "AK",
      secretAccessKey: "SK",
      sessionToken: "ST",
    });
  });

  it("uses https and virtual-hosted addressing on AWS, with the region from the endpoint's name", async () => {
    const client = s3ClientFromObjstore({ ...base, endpoint: "s3.eu-central-1.amazonaws.com" }, {});
    expect(await client.config.endpoint?.()).toMatchObject({
      protocol: "https:",
      hostname: "s3.eu-central-1.amazonaws.com",
    });
    expect(client.config.forcePathStyle).toBe(false);
    expect(await client.config.region()).toBe("eu-central-1");
  });

  it("prefers the config's region, and takes keys from the AWS environment when the config has none", async () => {
    const client = s3ClientFromObjstore(
      { ...base, endpoint: "minio:9000", region: "ap-south-1" },
      { AWS_REGION: "us-west-2", AWS_ACCESS_KEY_ID: "ENVK", AWS_SECRET_ACCESS_KEY: "ENVS" },
    );
    expect(await client.config.region()).toBe("ap-south-1");
    expect(await client.config.credentials()).toMatchObject({ accessKeyId: "ENVK", secretAccessKey: "ENVS" });
  });
});

describe("openObjstoreConfig", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-objstore-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("refuses a missing file in one line naming it", async () => {
    const file = join(dir, "nope.yml");
    await expect(openObjstoreConfig(file, {})).rejects.toThrow(
      `objstore config ${file}: cannot be read (ENOENT): check the path`,
    );
  });

  it("opens a FILESYSTEM bucket under its prefix", async () => {
    const file = join(dir, "fs.yml");
    await writeFile(file, `type: FILESYSTEM\nconfig:\n  directory: ${dir}\nprefix: /tenant/\n`);
    expect((await openObjstoreConfig(file, {})).location).toEqual({ kind: "file", dir: join(dir, "tenant") });
  });

  it("opens an S3 bucket under its prefix", async () => {
    const file = join(dir, "s3.yml");
    await writeFile(file, "type: S3\nconfig: {bucket: thanos, endpoint: 127.0.0.1:1}\nprefix: a/b\n");
    expect((await openObjstoreConfig(file, {})).location).toEqual({
      kind: "s3",
      bucket: "thanos",
      prefix: "a/b/",
    });
  });
});
