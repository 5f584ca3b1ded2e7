import { FILES, THANOS_BUCKET_ENV } from "@fleetwatch/monitoring";
import { configPath } from "./names";

// Every Thanos component reads the rendered `thanos/objstore.yml` (bucket `$(THANOS_BUCKET)`, task role
// credentials); Thanos expands the variable from the container's environment, set here from the bucket.

/** The rendered directory holding `objstore.yml`: every Thanos task fetches it. */
export const THANOS_CONFIG_DIR = FILES.objstore.split("/")[0] as string;

/** The `--objstore.config-file` flag of every Thanos component. */
export const OBJSTORE_FLAG = `--objstore.config-file=${configPath(FILES.objstore)}`;

/** The environment `objstore.yml` expects: the Thanos bucket's name in {@link THANOS_BUCKET_ENV}. */
export function objstoreEnvironment(bucketName: $util.Input<string>): Record<string, $util.Input<string>> {
  return { [THANOS_BUCKET_ENV]: bucketName };
}
