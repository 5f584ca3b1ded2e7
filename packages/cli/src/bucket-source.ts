import { type OpenedBucket, openBucket, openObjstoreConfig } from "@fleetwatch/audit-aws";
import type { FlagValues } from "./args.js";
import { UsageError } from "./errors.js";

/** Where a verb reads the bucket: a URL (`--bucket`) or a Thanos objstore.yml (`--objstore.config-file`). */
export type BucketSource = { bucket: string } | { objstoreConfig: string };

/** The flags of a {@link BucketSource}, for parseArgs. */
export const SOURCE_FLAGS = {
  bucket: { type: "string" },
  "objstore.config-file": { type: "string" },
} as const;

/** The source the flags name; exactly one of `--bucket` and `--objstore.config-file`, else a UsageError. */
export function bucketSourceOf(values: FlagValues): BucketSource {
  const bucket = values.bucket;
  const file = values["objstore.config-file"];
  if (typeof bucket === "string" && typeof file === "string")
    throw new UsageError("--bucket and --objstore.config-file name the bucket twice: give one of them");
  if (typeof file === "string") {
    if (file === "") throw new UsageError("--objstore.config-file needs a file");
    return { objstoreConfig: file };
  }
  if (typeof bucket !== "string" || bucket === "")
    throw new UsageError("--bucket is required, or --objstore.config-file FILE");
  return { bucket };
}

/**
 * Opens the source's bucket for reading.
 * @throws InvalidBucketUrlError or ObjstoreConfigError, both for the user to fix.
 */
export async function openSource(source: BucketSource, env: NodeJS.ProcessEnv): Promise<OpenedBucket> {
  return "objstoreConfig" in source
    ? openObjstoreConfig(source.objstoreConfig, env)
    : openBucket(source.bucket, env);
}
