import { parseArgs } from "node:util";
import { UsageError } from "./errors.js";

export const FORMATS = ["table", "json", "slack"] as const;
export type Format = (typeof FORMATS)[number];

/** The options of `fleetwatch audit`. */
export interface AuditArgs {
  bucket: string;
  format: Format;
  out?: string;
  /** Unix ms. */
  now: number;
  config?: string;
  cache?: string;
  compactorUrl?: string;
}

export const USAGE = `usage: fleetwatch audit --bucket <s3://bucket[/prefix]|file:///dir> [--format table|json|slack]
                        [--out DIR] [--now ISO-8601] [--config FILE] [--cache FILE] [--compactor-url URL]

  --bucket         the Thanos bucket: S3 (credentials and AWS_ENDPOINT_URL_S3 from the AWS environment)
                   or a local directory in Thanos's FILESYSTEM layout
  --format         table (default), json ({findings, summary, ...}) or slack (the digest's Block Kit JSON)
  --out DIR        also write report.json, slack.json and timeline.png into DIR
  --now            judge as of this time (default: now)
  --config FILE    YAML or JSON: expectedStreams, replicaLabels, freshness, retention, downsampling
  --cache FILE     keep meta.json contents between runs in FILE (a warm run reads only new blocks)
  --compactor-url  the compactor's HTTP address (e.g. http://10.0.1.5:10902) to read its /metrics

exit code: 0 healthy, 1 warnings, 2 criticals, 3 usage or configuration error`;

/** Parses `fleetwatch <command> ...`; throws UsageError with the usage text on anything wrong. */
export function parseAuditArgs(argv: readonly string[], now: () => number = Date.now): AuditArgs {
  const [command, ...rest] = argv;
  if (command !== "audit")
    throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : "missing command");
  let values: Record<string, string | boolean | undefined>;
  try {
    ({ values } = parseArgs({
      args: [...rest],
      options: {
        bucket: { type: "string" },
        format: { type: "string", default: "table" },
        out: { type: "string" },
        now: { type: "string" },
        config: { type: "string" },
        cache: { type: "string" },
        "compactor-url": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  const bucket = values.bucket as string | undefined;
  if (!bucket) throw new UsageError("--bucket is required");
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
  const nowText = values.now as string | undefined;
  const at = nowText === undefined ? now() : Date.parse(nowText);
  if (Number.isNaN(at))
    throw new UsageError(`--now must be an ISO-8601 time, got ${JSON.stringify(nowText)}`);
  const pick = (k: string) =>
    typeof values[k] === "string" ? { [k === "compactor-url" ? "compactorUrl" : k]: values[k] } : {};
  return {
    bucket,
    format: format as Format,
    now: at,
    ...pick("out"),
    ...pick("config"),
    ...pick("cache"),
    ...pick("compactor-url"),
  };
}
