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
  --now            judge as of this ISO-8601 time, e.g. 2026-11-29T10:00:00Z (default: now)
  --config FILE    YAML or JSON: expectedStreams, replicaLabels, freshness, retention, downsampling
  --cache FILE     keep meta.json contents between runs in FILE (a warm run reads only new blocks)
  --compactor-url  the compactor's HTTP address (e.g. http://10.0.1.5:10902) to read its /metrics

exit code: 0 healthy, 1 warnings, 2 criticals, 3 usage or configuration error`;

/** The verbs of `fleetwatch`. */
export const COMMANDS = ["audit", "plan", "render"] as const;
export type Command = (typeof COMMANDS)[number];

export const PLAN_USAGE = "usage: fleetwatch plan [--stage S] [--json] [--config FILE]";
export const RENDER_USAGE = "usage: fleetwatch render [--stage S] --out DIR [--config FILE]";

/** What `fleetwatch <command> --help` prints: the verb's usage and its options. */
export const VERB_HELP: Record<Command, string> = {
  audit: USAGE,
  plan: `${PLAN_USAGE}

  --stage S      the stage to plan (default: dev)
  --json         print the plan as JSON (only the plan goes to stdout)
  --config FILE  another config file than fleetwatch.config.ts

exit code: 0 planned, 1 config or setup error, 2 AWS would reject the plan, 3 usage error`,
  render: `${RENDER_USAGE}

  --stage S      the stage to render (default: dev)
  --out DIR      the directory to write into (created if missing)
  --config FILE  another config file than fleetwatch.config.ts

exit code: 0 rendered, 1 config error, 3 usage error`,
};

/** The flags that ask for help instead of running a verb. */
export const HELP_FLAGS = ["--help", "-h"] as const;

/** What `fleetwatch` without a known verb prints. */
export const COMMANDS_USAGE = `usage: fleetwatch <command> ...

  audit    audit a Thanos bucket (run it without --bucket for its options)
           fleetwatch audit --bucket <s3://bucket[/prefix]|file:///dir> [--format table|json|slack] ...
  plan     what \`sst deploy\` would create for a stage, offline, and its monthly cost
           ${PLAN_USAGE.slice("usage: ".length)}
  render   write the monitoring configuration of a stage into a directory
           ${RENDER_USAGE.slice("usage: ".length)}
  help     this text; \`fleetwatch help <command>\` or \`fleetwatch <command> --help\` for a command's options

  --version  the version of fleetwatch

exit code: 3 on a usage error`;

/** The verb of `fleetwatch <command> ...`; throws UsageError when it is missing or unknown. */
export function parseCommand(argv: readonly string[]): Command {
  const [command] = argv;
  if (command === undefined) throw new UsageError("missing command");
  if (!(COMMANDS as readonly string[]).includes(command))
    throw new UsageError(`unknown command ${JSON.stringify(command)}`);
  return command as Command;
}

/** The options of `fleetwatch plan`. */
export interface PlanArgs {
  /** @default "dev" */
  stage: string;
  json: boolean;
  /** Another config file than fleetwatch.config.ts. */
  config?: string;
}

/** The options of `fleetwatch render`. */
export interface RenderArgs {
  /** @default "dev" */
  stage: string;
  out: string;
  config?: string;
}

type Flags = NonNullable<Parameters<typeof parseArgs>[0]>["options"];

/** node's parseArgs, strict, with its errors as UsageErrors of one sentence. */
export function parseFlags(
  args: readonly string[],
  options: Flags,
): Record<string, string | boolean | undefined> {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false }).values as Record<
      string,
      string | boolean | undefined
    >;
  } catch (error) {
    // "Unknown option '--x'. To specify a positional argument starting with a '-', ..." -> its first sentence.
    const message = (error as Error).message.split(/\.\s/)[0] ?? String(error);
    throw new UsageError(message, { cause: error });
  }
}

const stageFlags = { stage: { type: "string", default: "dev" }, config: { type: "string" } } as const;

/** Parses the arguments after `fleetwatch plan`. */
export function parsePlanArgs(args: readonly string[]): PlanArgs {
  const values = parseFlags(args, { ...stageFlags, json: { type: "boolean", default: false } });
  return {
    stage: String(values.stage),
    json: values.json === true,
    ...(typeof values.config === "string" ? { config: values.config } : {}),
  };
}

/** Parses the arguments after `fleetwatch render`. */
export function parseRenderArgs(args: readonly string[]): RenderArgs {
  const values = parseFlags(args, { ...stageFlags, out: { type: "string" } });
  if (typeof values.out !== "string" || values.out === "") throw new UsageError("--out DIR is required");
  return {
    stage: String(values.stage),
    out: values.out,
    ...(typeof values.config === "string" ? { config: values.config } : {}),
  };
}

/** Parses `fleetwatch <command> ...`; throws UsageError with the usage text on anything wrong. */
export function parseAuditArgs(argv: readonly string[], now: () => number = Date.now): AuditArgs {
  const [command, ...rest] = argv;
  if (command !== "audit")
    throw new UsageError(command ? `unknown command ${JSON.stringify(command)}` : "missing command");
  const values = parseFlags(rest, {
    bucket: { type: "string" },
    format: { type: "string", default: "table" },
    out: { type: "string" },
    now: { type: "string" },
    config: { type: "string" },
    cache: { type: "string" },
    "compactor-url": { type: "string" },
  });
  const bucket = values.bucket as string | undefined;
  if (!bucket) throw new UsageError("--bucket is required");
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
  const nowText = values.now as string | undefined;
  const at = nowText === undefined ? now() : parseIsoTime(nowText);
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

/** Date, time to the minute or finer, and a zone: what `--now` takes. */
const ISO_TIME =
  /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;

/**
 * A `--now` value in Unix ms: strict ISO-8601 with a date, a time and a zone (`2026-11-29T10:00:00Z`,
 * `2026-11-29T11:00+01:00`). `Date.parse` alone takes "1", "March 7" or 2026-02-31 as some other date.
 * @throws UsageError naming the expected form.
 */
export function parseIsoTime(text: string): number {
  const m = ISO_TIME.exec(text);
  const [year, month, day, hour, minute, second, zoneHour, zoneMinute] = (m?.slice(1) ?? []).map((v) =>
    v === undefined ? 0 : Number(v),
  );
  const at = Date.parse(text);
  const date = new Date(Date.UTC(year ?? 0, (month ?? 1) - 1, day ?? 1));
  const valid =
    m !== null &&
    !Number.isNaN(at) &&
    date.getUTCFullYear() === year &&
    date.getUTCMonth() + 1 === month &&
    date.getUTCDate() === day &&
    (hour ?? 0) < 24 &&
    (minute ?? 0) < 60 &&
    (second ?? 0) < 60 &&
    (zoneHour ?? 0) < 24 &&
    (zoneMinute ?? 0) < 60;
  if (!valid)
    throw new UsageError(
      `--now must be an ISO-8601 time with a zone like 2026-11-29T10:00:00Z, got ${JSON.stringify(text)}`,
    );
  return at;
}
