import { S3Client, type S3ClientConfig } from "@aws-sdk/client-s3";

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
    ...(env.AWS_ACCESS_KEY_ID && env.AWS_SECRET_ACCESS_KEY
      ? {
          credentials: {
            accessKeyId: env.AWS_ACCESS_KEY_ID,
            secretAccessKey: env.AWS_SECRET_ACCESS_KEY,
            ...(env.AWS_SESSION_TOKEN ? { sessionToken: env.AWS_SESSION_TOKEN } : {}),
          },
        }
      : {}),
    ...overrides,
  });
}
