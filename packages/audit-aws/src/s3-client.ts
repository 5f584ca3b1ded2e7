import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";
import type { S3ObjstoreConfig } from "./objstore-config.js";

/**
 * An S3 client from the standard AWS environment (region, key credentials or the default chain,
 * `AWS_ENDPOINT_URL_S3`). Path-style
 * addressing when an endpoint is set (local servers, MinIO). The audit retries throttling itself, with jitter,
 * so the SDK makes one attempt. Checksums only when required: local servers store aws-chunked bodies otherwise.
 */
export function s3ClientFromEnv(
  env: NodeJS.ProcessEnv = process.env,
  overrides: S3ClientConfig = {},
): S3Client {
  const endpoint = env.AWS_ENDPOINT_URL_S3 ?? env.AWS_ENDPOINT_URL;
  return new S3Client({
    maxAttempts: 1,
    requestChecksumCalculation: "WHEN_REQUIRED",
    responseChecksumValidation: "WHEN_REQUIRED",
    ...(endpoint ? { endpoint, forcePathStyle: true } : {}),
    region: env.AWS_REGION ?? env.AWS_DEFAULT_REGION ?? "us-east-1",
    ...keyCredentials(env.AWS_ACCESS_KEY_ID, env.AWS_SECRET_ACCESS_KEY, env.AWS_SESSION_TOKEN),
    ...overrides,
  });
}

/** `s3.amazonaws.com`, `s3.eu-west-1.amazonaws.com`, `s3-eu-west-1.amazonaws.com`, `s3.dualstack.<region>...`. */
const AWS_ENDPOINT = /^s3(?:[.-]dualstack)?(?:[.-]([a-z0-9-]+))?\.amazonaws\.com(?:\.cn)?(?::\d+)?$/;

/**
 * An S3 client for the S3 section of a Thanos objstore.yml: `https://endpoint` (`http://` when `insecure`),
 * path-style addressing for every endpoint but AWS's own, the region from the config, else from an AWS endpoint's
 * name, else from the environment. Keys from the config when given (both, as Thanos), else the AWS environment.
 */
export function s3ClientFromObjstore(
  config: S3ObjstoreConfig,
  env: NodeJS.ProcessEnv = process.env,
): S3Client {
  const aws = AWS_ENDPOINT.exec(config.endpoint);
  const region = config.region ?? (aws?.[1] && aws[1] !== "dualstack" ? aws[1] : undefined);
  const { AWS_ENDPOINT_URL_S3: _s3, AWS_ENDPOINT_URL: _any, ...rest } = env;
  return s3ClientFromEnv(rest, {
    endpoint: `${config.insecure ? "http" : "https"}://${config.endpoint}`,
    forcePathStyle: aws === null,
    ...(region ? { region } : {}),
    ...keyCredentials(config.accessKey, config.secretKey, config.sessionToken),
  });
}

/** Static credentials when both keys are given (the session token is optional); else none: the default chain. */
function keyCredentials(
  accessKeyId: string | undefined,
  secretAccessKey: string | undefined,
  sessionToken: string | undefined,
): Pick<S3ClientConfig, "credentials"> {
  return accessKeyId && secretAccessKey
    ? { credentials: { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) } }
    : {};
}
