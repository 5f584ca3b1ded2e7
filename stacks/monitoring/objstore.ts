/**
 * The Thanos S3 objstore config, inline (`--objstore.config`): no keys, so the task role signs requests;
 * SSE-S3 like the bucket's default; `sts_endpoint` left empty as Fargate needs.
 */
export function objstoreConfig(bucket: $util.Input<string>, region: string): $util.Output<string> {
  return $util.interpolate`type: S3
config:
  bucket: ${bucket}
  endpoint: s3.${region}.amazonaws.com
  region: ${region}
  sse_config:
    type: SSE-S3
`;
}

/** The `--objstore.config=` flag for the Thanos bucket. */
export function objstoreFlag(bucket: $util.Input<string>, region: string): $util.Output<string> {
  return $util.interpolate`--objstore.config=${objstoreConfig(bucket, region)}`;
}
