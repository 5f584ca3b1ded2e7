import type { ResolvedConfig } from "@fleetwatch/config";
import { STATE_EXPIRY, type StateAccess } from "@fleetwatch/state-layout";

/** Days after which an unfinished multipart upload is aborted (no real upload of a block takes this long). */
export const ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS = 3;

export interface Storage {
  /** Thanos long-term storage: blocks uploaded by the sidecars and the ruler, rewritten by the compactor. */
  thanosBucket: sst.aws.Bucket;
  /** fleetwatch's own state: audit reports, the audit cache, rendered monitoring configs. */
  stateBucket: sst.aws.Bucket;
}

type LifecycleRule = aws.types.input.s3.BucketLifecycleConfigurationRule;

const abortIncompleteUploads: LifecycleRule = {
  id: "abort-incomplete-multipart-uploads",
  status: "Enabled",
  filter: {},
  abortIncompleteMultipartUpload: { daysAfterInitiation: ABORT_INCOMPLETE_UPLOADS_AFTER_DAYS },
};

/**
 * A private bucket: public access blocked, non-TLS access denied (SST's `enforceHttps`), encrypted at rest,
 * incomplete multipart uploads aborted; on production stages never force-destroyed and protected.
 * Thanos's compactor owns retention of blocks, so no rule here ever expires block data.
 */
function privateBucket(
  name: string,
  config: ResolvedConfig,
  extraRules: LifecycleRule[] = [],
): sst.aws.Bucket {
  const production = config.isProduction;
  const bucket = new sst.aws.Bucket(name, {
    enforceHttps: true,
    cors: false,
    // A placeholder rule makes SST create the lifecycle resource; the transform sets the real rules.
    lifecycle: [{ id: "fleetwatch" }],
    transform: {
      bucket: (args, opts) => {
        args.forceDestroy = !production;
        if (production) opts.protect = true;
      },
      lifecycle: (args) => {
        args.rules = [abortIncompleteUploads, ...extraRules];
      },
    },
  });
  new aws.s3.BucketServerSideEncryptionConfiguration(
    `${name}Encryption`,
    {
      bucket: bucket.name,
      rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" }, bucketKeyEnabled: true }],
    },
    production ? { protect: true } : {},
  );
  return bucket;
}

/** The two buckets of a stage. */
export function createStorage(config: ResolvedConfig): Storage {
  const thanosBucket = privateBucket("ThanosBucket", config);
  const stateBucket = privateBucket(
    "StateBucket",
    config,
    STATE_EXPIRY.map((rule) => ({
      id: rule.id,
      status: "Enabled",
      filter: { prefix: rule.prefix },
      expiration: { days: rule.days },
    })),
  );
  return { thanosBucket, stateBucket };
}

/**
 * Access to parts of the state bucket for one of fleetwatch's Lambdas, as a link: list the bucket, get (and put)
 * objects under the given prefixes only (a plain `link` to the bucket would grant `s3:*` on all of it).
 * Handlers read the bucket's name as `Resource.<name>.name`.
 */
export function stateBucketAccess(
  name: string,
  storage: Storage,
  prefixes: StateAccess,
): sst.Linkable<{ name: $util.Output<string> }> {
  const bucket = storage.stateBucket;
  const under = (list: readonly string[]) => list.map((prefix) => $interpolate`${bucket.arn}/${prefix}*`);
  return new sst.Linkable(name, {
    properties: { name: bucket.name },
    include: [
      sst.aws.permission({ actions: ["s3:ListBucket"], resources: [bucket.arn] }),
      sst.aws.permission({ actions: ["s3:GetObject", "s3:PutObject"], resources: under(prefixes.readWrite) }),
      ...(prefixes.read.length
        ? [sst.aws.permission({ actions: ["s3:GetObject"], resources: under(prefixes.read) })]
        : []),
    ],
  });
}
