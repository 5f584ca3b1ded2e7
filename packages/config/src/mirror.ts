import { bucketNameProblem } from "./aws-names.js";
import { closest } from "./did-you-mean.js";
import type { Problem } from "./rule.js";
import { quoteList, show, withSuggestion } from "./text.js";

// The S3 mirror of node_exporter releases, per region: an S3 gateway endpoint reaches buckets of its own region
// only, so instances in private subnets of each onboarded region need a mirror bucket in that region.

/** The placeholder a mirror bucket name takes for the region's code: `"acme-mirror-{region}"`. */
export const REGION_PLACEHOLDER = "{region}";

/** An S3 mirror as the config gives it: one bucket name (a `{region}` template) or a bucket per region. */
export interface MirrorBuckets {
  readonly bucket?: string | undefined;
  readonly buckets?: Readonly<Record<string, string>> | undefined;
}

/**
 * The mirror bucket of `region`: the `buckets` entry of the region, or `bucket` with every `{region}` replaced
 * by the region's code (a plain `bucket` serves every region). Undefined when the mirror names none.
 */
export function mirrorBucket(mirror: MirrorBuckets, region: string): string | undefined {
  if (mirror.buckets !== undefined)
    return Object.hasOwn(mirror.buckets, region) ? mirror.buckets[region] : undefined;
  return mirror.bucket?.replaceAll(REGION_PLACEHOLDER, region);
}

/**
 * The key prefix of a mirror's objects without leading or trailing slashes (`"/releases/ne/"` -> `"releases/ne"`),
 * `""` for none: the tarballs are `<prefix>/<tarball>`, or `<tarball>` at the bucket's root.
 */
export function mirrorKeyPrefix(prefix: string | undefined): string {
  return (prefix ?? "").replace(/^\/+|\/+$/g, "");
}

/**
 * Checks a mirror's own keys (they need no regions): exactly one of `bucket` and `buckets`, and a `bucket` whose
 * only placeholder is `{region}` and that is a valid bucket name once it is replaced. Paths are relative to the
 * source.
 */
export function mirrorKeyProblems(mirror: MirrorBuckets): Problem[] {
  if (mirror.bucket !== undefined && mirror.buckets !== undefined)
    return [
      {
        path: ["buckets"],
        message: "must not be set together with nodeExporter.source.bucket, got both",
        fix: (at) =>
          `remove ${at} to use one bucket name for every region, or remove nodeExporter.source.bucket to name a bucket per region`,
      },
    ];
  if (mirror.bucket === undefined && mirror.buckets === undefined)
    return [
      {
        message: 'must name its bucket with kind "s3", got neither bucket nor buckets',
        fix: (at) =>
          `set ${at}.bucket to e.g. "acme-mirror-{region}" (one bucket per region), or ${at}.buckets to { "<region>": "<bucket>" }`,
      },
    ];
  return mirror.bucket === undefined ? [] : templateProblems(mirror.bucket);
}

function templateProblems(bucket: string): Problem[] {
  const placeholders = [...new Set(bucket.match(/\{[^}]*\}?/g) ?? [])].filter(
    (p) => p !== REGION_PLACEHOLDER,
  );
  if (placeholders.length > 0)
    return [
      {
        path: ["bucket"],
        message: `may hold no placeholder but "{region}", got ${show(bucket)} with ${quoteList(placeholders, "and")}`,
        fix: (at) => `remove ${quoteList(placeholders, "and")} from ${at}, or write it as "{region}"`,
      },
    ];
  if (bucket.includes(REGION_PLACEHOLDER)) return []; // checked once the regions are known
  const problem = bucketNameProblem(bucket);
  if (problem === undefined) return [];
  return [
    {
      path: ["bucket"],
      message: `${problem} (S3 bucket naming rules), got ${show(bucket)}`,
      fix: (at) => `set ${at} to the bucket's name exactly as the S3 console shows it`,
    },
  ];
}

/**
 * Checks a mirror against the regions fleetwatch onboards (`regions`: the home region first): every region
 * resolves to a valid bucket name, a `buckets` key is a configured region, and a plain `bucket` (without
 * `{region}`) is refused as soon as more than one region is onboarded: instances reach a bucket of another
 * region only through the internet, which a mirror is there to avoid. Refused rather than warned about, since
 * the plan would otherwise deploy installs that fail in every region but one; where instances do have egress,
 * `buckets` naming the same bucket for every region says so explicitly. Paths are relative to the source.
 */
export function mirrorRegionProblems(mirror: MirrorBuckets, regions: readonly string[]): Problem[] {
  const every = quoteList(regions, "and");
  if (mirror.bucket !== undefined && !mirror.bucket.includes(REGION_PLACEHOLDER) && regions.length > 1)
    return [
      {
        path: ["bucket"],
        message: `must name a bucket in each onboarded region (${every}; an S3 gateway endpoint reaches buckets of its own region only), got the one bucket ${show(mirror.bucket)}`,
        fix: (at) =>
          `put "{region}" in ${at} (e.g. "${mirror.bucket}-{region}"), or set nodeExporter.source.buckets to a bucket per region instead`,
      },
    ];
  const problems: Problem[] = [];
  for (const key of Object.keys(mirror.buckets ?? {})) {
    if (regions.includes(key)) continue;
    problems.push({
      path: ["buckets", key],
      message: withSuggestion(
        `must be a region fleetwatch onboards (homeRegion or one of regions: ${quoteList(regions)}), got ${show(key)}`,
        closest(key, regions),
      ),
      fix: (at) => `remove ${at}, or add ${show(key)} to regions`,
    });
  }
  for (const region of regions) {
    const bucket = mirrorBucket(mirror, region);
    if (bucket === undefined) {
      problems.push({
        path: ["buckets"],
        message: `must name a bucket for every onboarded region (${every}), got none for ${show(region)}`,
        fix: (at) => `add "${region}": "<mirror bucket in ${region}>" to ${at}`,
      });
      continue;
    }
    const problem = mirror.bucket?.includes(REGION_PLACEHOLDER) ? bucketNameProblem(bucket) : undefined;
    if (problem !== undefined) {
      problems.push({
        path: ["bucket"],
        message: `${problem} (S3 bucket naming rules), got ${show(mirror.bucket)}, which makes ${show(bucket)} in ${show(region)}`,
        fix: (at) => `change ${at} so that it makes a valid bucket name in every onboarded region`,
      });
      break; // a template's problem is the same in every region: once is enough
    }
  }
  return problems;
}
