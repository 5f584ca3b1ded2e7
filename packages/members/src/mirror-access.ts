import { mirrorBucket, mirrorKeyPrefix, type ResolvedConfig } from "@fleetwatch/config";
import type { MemberDeployment } from "./deployment.js";

// The node_exporter S3 mirror is the user's bucket in the home account; member instances download from it with
// their own instance profiles, which S3 lets read a bucket of another account only when the bucket's policy grants
// it too. fleetwatch cannot edit that policy: it states the statement each mirror bucket needs (the plan prints it).

/** The statement a mirror bucket's policy needs so that member accounts' instances can download the release. */
export interface MirrorReadStatement {
  Sid: typeof MIRROR_READ_SID;
  Effect: "Allow";
  /** Anyone, narrowed by the condition to the units' accounts or the listed accounts (not public for S3). */
  Principal: "*";
  Action: "s3:GetObject";
  /** The mirror's objects only: `arn:<partition>:s3:::<bucket>/<prefix>/*`. */
  Resource: string;
  Condition:
    | { "ForAnyValue:StringLike": { "aws:PrincipalOrgPaths": string[] } }
    | { StringEquals: { "aws:PrincipalAccount": string[] } };
}

/** One mirror bucket and the statement its policy needs. */
export interface MirrorAccess {
  /** The region whose instances download from the bucket. */
  region: string;
  bucket: string;
  statement: MirrorReadStatement;
}

/** Who reads the mirror: the accounts of the Organization's units (child units included), or the listed accounts. */
export type MirrorReaders =
  | { organizationId: string; units: readonly string[] }
  | { accountIds: readonly string[] };

/**
 * The `aws:PrincipalOrgPaths` pattern of a unit's accounts, its child units' included: the Organization's id, any
 * path, the unit, then anything (the unit at any depth: `*` matches `/` in StringLike); a root's pattern is the
 * Organization's id, the root, then anything (the whole Organization).
 */
export const orgPathPattern = (organizationId: string, unit: string): string =>
  unit.startsWith("r-") ? `${organizationId}/${unit}/*` : `${organizationId}/*/${unit}/*`;

/** The statement's id, the same in every bucket (a user who pastes it twice replaces it). */
export const MIRROR_READ_SID = "FleetwatchMemberInstancesReadNodeExporter";

/** Thrown when Organization mode asks for the statements without the Organization's id. */
export class MirrorAccessError extends Error {
  override name = "MirrorAccessError";
}

/**
 * The bucket-policy statement that lets `readers` download the mirror's objects (`s3:GetObject` on the key prefix,
 * nothing broader): Principal `*` narrowed by `aws:PrincipalOrgPaths` (the units, not the whole Organization) or
 * `aws:PrincipalAccount`.
 */
export function mirrorReadStatement(
  bucket: string,
  prefix: string | undefined,
  readers: MirrorReaders,
  partition = "aws",
): MirrorReadStatement {
  const keys = mirrorKeyPrefix(prefix);
  return {
    Sid: MIRROR_READ_SID,
    Effect: "Allow",
    Principal: "*",
    Action: "s3:GetObject",
    Resource: `arn:${partition}:s3:::${bucket}/${keys ? `${keys}/` : ""}*`,
    Condition:
      "organizationId" in readers
        ? {
            "ForAnyValue:StringLike": {
              "aws:PrincipalOrgPaths": readers.units.map((u) => orgPathPattern(readers.organizationId, u)),
            },
          }
        : { StringEquals: { "aws:PrincipalAccount": [...readers.accountIds] } },
  };
}

/** What {@link mirrorAccess} needs to know at deploy time. */
export interface MirrorAccessScope {
  /** The partition of the home account (`aws`, `aws-cn`, ...). */
  partition: string;
  /** Organization mode: the Organization's id (`o-...`) as the deploy reads it. */
  organizationId?: string | undefined;
}

/**
 * The statement each mirror bucket's policy needs, per onboarded region with member accounts in it; none when the
 * release comes from upstream or there are no member accounts (the home account's instances need only their
 * instance profile). Organization mode: every region, the units' accounts by their Organization paths. Members mode: the accounts onboarded
 * in the region (a member's own `regions` narrow it).
 * @throws MirrorAccessError in Organization mode without `scope.organizationId`.
 */
export function mirrorAccess(
  config: ResolvedConfig,
  deployment: MemberDeployment | undefined,
  scope: MirrorAccessScope,
): MirrorAccess[] {
  const source = config.nodeExporter.source;
  if (source.kind !== "s3" || !deployment) return [];
  const { organizationId } = scope;
  if (deployment.mode === "organization" && !organizationId)
    throw new MirrorAccessError(
      "the mirror's bucket policy statements need the Organization's id (aws:PrincipalOrgPaths); none was given",
    );
  return deployment.regions.flatMap((region) => {
    const bucket = mirrorBucket(source, region);
    const readers: MirrorReaders | undefined =
      deployment.mode === "organization"
        ? { organizationId: organizationId as string, units: deployment.units }
        : accountsIn(deployment, region);
    if (bucket === undefined || readers === undefined) return [];
    return [
      { region, bucket, statement: mirrorReadStatement(bucket, source.prefix, readers, scope.partition) },
    ];
  });
}

/** The listed accounts onboarded in `region`, each once; undefined when none is. */
function accountsIn(
  deployment: Extract<MemberDeployment, { mode: "accounts" }>,
  region: string,
): MirrorReaders | undefined {
  const ids = [...new Set(deployment.instances.filter((i) => i.region === region).map((i) => i.account))];
  return ids.length > 0 ? { accountIds: ids } : undefined;
}

/** A bucket policy holding the statement alone, as a user pastes it into a bucket with no policy yet. */
export function mirrorBucketPolicy(access: MirrorAccess): {
  Version: "2012-10-17";
  Statement: MirrorReadStatement[];
} {
  return { Version: "2012-10-17", Statement: [access.statement] };
}

/**
 * The plan's Mirror access section: per region, the bucket and the statement to add to its policy (JSON to paste),
 * or `undefined` when no bucket needs one.
 */
export function formatMirrorAccess(accesses: readonly MirrorAccess[]): string | undefined {
  if (accesses.length === 0) return undefined;
  const indent = (text: string) => text.replace(/^/gm, "    ");
  return [
    "Mirror access (member instances download node_exporter from these buckets of yours; add each statement to its bucket's policy, see docs/onboarding.md#mirror-access):",
    ...accesses.flatMap((a) => [
      `  ${a.region}: s3://${a.bucket}`,
      indent(JSON.stringify(a.statement, null, 2)),
    ]),
  ].join("\n");
}
