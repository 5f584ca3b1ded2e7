import { fileURLToPath } from "node:url";
import { InvalidBucketUrlError } from "./errors.js";

/** Where a Thanos bucket lives. */
export type BucketLocation = { kind: "s3"; bucket: string; prefix: string } | { kind: "file"; dir: string };

/** Parses `s3://bucket[/prefix]` or `file:///dir` (Thanos FILESYSTEM layout). */
export function parseBucketUrl(url: string): BucketLocation {
  const s3 = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (s3) {
    const prefix = (s3[2] ?? "").replace(/^\/+|\/+$/g, "");
    return { kind: "s3", bucket: s3[1] as string, prefix: prefix ? `${prefix}/` : "" };
  }
  if (url.startsWith("file://")) {
    try {
      return { kind: "file", dir: fileURLToPath(url) };
    } catch {
      throw new InvalidBucketUrlError(url);
    }
  }
  throw new InvalidBucketUrlError(url);
}
