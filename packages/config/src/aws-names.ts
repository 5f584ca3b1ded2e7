/** Resource ids fleetwatch reads from a config, with how a user finds them. */
export const AWS_IDS = {
  vpc: {
    pattern: /^vpc-[0-9a-f]{8,17}$/,
    noun: "VPC id",
    example: "vpc-0123456789abcdef0",
    list: "aws ec2 describe-vpcs",
  },
  subnet: {
    pattern: /^subnet-[0-9a-f]{8,17}$/,
    noun: "subnet id",
    example: "subnet-0123456789abcdef0",
    list: "aws ec2 describe-subnets",
  },
  routeTable: {
    pattern: /^rtb-[0-9a-f]{8,17}$/,
    noun: "route table id",
    example: "rtb-0123456789abcdef0",
    list: "aws ec2 describe-route-tables",
  },
} as const;

export type AwsIdKind = keyof typeof AWS_IDS;

/** Characters AWS allows in a tag key. */
export const TAG_KEY_CHARACTER = /[\p{L}\p{Z}\p{N}_.:/=+\-@]/u;

/** Retention periods (days) CloudWatch Logs accepts for a log group. */
export const LOG_RETENTION_DAYS = [
  1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653,
] as const;

const RESERVED_BUCKET_PREFIXES = ["xn--", "sthree-", "amzn-s3-demo-"];
const RESERVED_BUCKET_SUFFIXES = ["-s3alias", "--ol-s3", ".mrap", "--x-s3", "--table-s3"];

/** Why `name` is not a valid general purpose S3 bucket name, or undefined when it is. */
export function bucketNameProblem(name: string): string | undefined {
  if (name.length < 3 || name.length > 63) return "must be 3 to 63 characters long";
  if (!/^[a-z0-9.-]+$/.test(name)) return "may only contain lower-case letters, digits, dots and dashes";
  if (!/^[a-z0-9].*[a-z0-9]$/.test(name)) return "must start and end with a letter or digit";
  if (name.includes("..")) return "must not contain two dots in a row";
  if (/^\d+\.\d+\.\d+\.\d+$/.test(name)) return "must not look like an IP address";
  const prefix = RESERVED_BUCKET_PREFIXES.find((p) => name.startsWith(p));
  if (prefix) return `must not start with ${JSON.stringify(prefix)}, which AWS reserves`;
  const suffix = RESERVED_BUCKET_SUFFIXES.find((s) => name.endsWith(s));
  if (suffix) return `must not end with ${JSON.stringify(suffix)}, which AWS reserves`;
  return undefined;
}
