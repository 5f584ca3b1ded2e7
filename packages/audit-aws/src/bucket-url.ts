import { fileURLToPath } from "node:url";
import { InvalidBucketUrlError } from "./errors.js";

/** Where a Thanos bucket lives. */
export type BucketLocation = { kind: "s3"; bucket: string; prefix: string } | { kind: "file"; dir: string };

/** Parses `s3://bucket[/prefix]` or `file:///dir` (Thanos FILESYSTEM layout). */
export function parseBucketUrl(url: string): BucketLocation {
  const s3 = /^s3:\/\/([a-z0-9][a-z0-9.-]{1,61}[a-z0-9])(?:\/(.*))?$/.exec(url);
  if (s3) {
    return { kind: "s3", bucket: s3[1] as string, prefix: normalizePrefix(s3[2] ?? "") };
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

/** A key prefix as the bucket adapters take it: "" or `a/b/` (Thanos's `prefix: /a/b/` and `a/b` alike). */
export function normalizePrefix(prefix: string): string {
  const trimmed = prefix.replace(/^\/+|\/+$/g, "");
  return trimmed ? `${trimmed}/` : "";
}
