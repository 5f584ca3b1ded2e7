import { parseArgs } from "node:util";
import {
  BLOCK_COLUMNS,
  type BlockColumn,
  blockColumnOf,
  DEFAULT_BLOCK_SORT,
  InvalidSelectorError,
  type LabelMatcher,
  parseSelector,
} from "@fleetwatch/audit";
import { type BucketSource, bucketSourceOf, SOURCE_FLAGS } from "./bucket-source.js";
import { UsageError } from "./errors.js";

export const FORMATS = ["table", "json", "slack"] as const;
export type Format = (typeof FORMATS)[number];

/** The options of `fleetwatch audit`: the bucket (a URL or an objstore.yml) and the rest. */
export type AuditArgs = BucketSource & AuditOptionArgs;

/** The options of `fleetwatch audit` besides the bucket. */
export interface AuditOptionArgs {
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
       fleetwatch audit --objstore.config-file FILE [options as above]

  --bucket         the Thanos bucket: S3 (credentials and AWS_ENDPOINT_URL_S3 from the AWS environment)
                   or a local directory in Thanos's FILESYSTEM layout
  --objstore.config-file FILE
                   instead of --bucket: the objstore.yml Thanos uses (type S3 or FILESYSTEM, config, prefix)
  --format         table (default), json ({findings, summary, ...}) or slack (the digest's Block Kit JSON)
  --out DIR        also write report.json, slack.json and timeline.png into DIR
  --now            judge as of this ISO-8601 time, e.g. 2026-11-29T10:00:00Z (default: now)
  --config FILE    YAML or JSON: expectedStreams, replicaLabels, freshness, retention, downsampling
  --cache FILE     keep meta.json contents between runs in FILE (a warm run reads only new blocks)
  --compactor-url  the compactor's HTTP address (e.g. http://10.0.1.5:10902) to read its /metrics

exit code: 0 healthy, 1 warnings, 2 criticals, 3 usage or configuration error`;

/** The verbs of `fleetwatch`. */
export const COMMANDS = ["audit", "blocks", "plan", "render"] as const;
export type Command = (typeof COMMANDS)[number];

export const PLAN_USAGE = "usage: fleetwatch plan [--stage S] [--json] [--config FILE]";
export const RENDER_USAGE = "usage: fleetwatch render [--stage S] --out DIR [--config FILE]";
export const BLOCKS_USAGE = `usage: fleetwatch blocks --bucket <s3://bucket[/prefix]|file:///dir> | --objstore.config-file FILE
                         [--selector '{label="value",...}'] [--sort COLUMN[,COLUMN...]] [--format table|json|csv]`;

/** What `fleetwatch <command> --help` prints: the verb's usage and its options. */
export const VERB_HELP: Record<Command, string> = {
  audit: USAGE,
  blocks: `${BLOCKS_USAGE}

  Every block of the bucket, as \`thanos tools bucket inspect\` shows them, with its markers.

  --bucket         the Thanos bucket, as for \`fleetwatch audit\`
  --objstore.config-file FILE
                   instead of --bucket: the objstore.yml Thanos uses (type S3 or FILESYSTEM, config, prefix)
  --selector       PromQL-style matchers on the external labels, all must hold: =, !=, =~, !~ with quoted
                   values, e.g. '{fleetwatch_group="default",prometheus_replica!="1"}'; repeatable
  --sort           columns to sort by, in turn (default: FROM,UNTIL); repeatable:
                   ${BLOCK_COLUMNS.join(", ")}
  --format         table (default), json (an array of objects) or csv (a header row, RFC 4180 quoting)

  MARKERS: partial (no meta.json), invalid-meta, deletion-mark, no-compact-mark, no-downsample-mark,
           invalid-marker, compaction-failed

exit code: 0 listed, 1 the bucket could not be read (after retries), 3 usage, configuration or access error`,
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
  blocks   list the blocks of a Thanos bucket, like \`thanos tools bucket inspect\`
           fleetwatch blocks --bucket <...> [--selector '{...}'] [--sort COLUMN,...] [--format table|json|csv]
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

/** What {@link parseFlags} returns: a list for `multiple` options. */
export type FlagValues = Record<string, string | boolean | string[] | undefined>;

/** node's parseArgs, strict, with its errors as UsageErrors of one sentence. */
export function parseFlags(args: readonly string[], options: Flags): FlagValues {
  try {
    return parseArgs({ args: [...args], options, strict: true, allowPositionals: false })
      .values as FlagValues;
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
    ...SOURCE_FLAGS,
    format: { type: "string", default: "table" },
    out: { type: "string" },
    now: { type: "string" },
    config: { type: "string" },
    cache: { type: "string" },
    "compactor-url": { type: "string" },
  });
  const source = bucketSourceOf(values);
  const format = values.format as string;
  if (!(FORMATS as readonly string[]).includes(format))
    throw new UsageError(`--format must be one of ${FORMATS.join(", ")}, got ${JSON.stringify(format)}`);
  const nowText = values.now as string | undefined;
  const at = nowText === undefined ? now() : parseIsoTime(nowText);
  const pick = (k: string) =>
    typeof values[k] === "string" ? { [k === "compactor-url" ? "compactorUrl" : k]: values[k] } : {};
  return {
    ...source,
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

/** What `fleetwatch blocks --format` prints. */
export const BLOCKS_FORMATS = ["table", "json", "csv"] as const;
export type BlocksFormat = (typeof BLOCKS_FORMATS)[number];

/** The options of `fleetwatch blocks`. */
export type BlocksArgs = BucketSource & {
  /** All of `--selector`'s matchers. */
  selector: LabelMatcher[];
  /** @default DEFAULT_BLOCK_SORT */
  sort: BlockColumn[];
  /** @default "table" */
  format: BlocksFormat;
};

/** An example `--selector` for messages. */
const SELECTOR_EXAMPLE = `--selector '{fleetwatch_group="default",prometheus_replica!="1"}'`;

/** Parses the arguments after `fleetwatch blocks`; throws UsageError naming the flag and the fix. */
export function parseBlocksArgs(args: readonly string[]): BlocksArgs {
  const values = parseFlags(args, {
    ...SOURCE_FLAGS,
    selector: { type: "string", multiple: true },
    sort: { type: "string", multiple: true },
    format: { type: "string", default: "table" },
  });
  const source = bucketSourceOf(values);
  const format = values.format as string;
  if (!(BLOCKS_FORMATS as readonly string[]).includes(format))
    throw new UsageError(
      `--format must be one of ${BLOCKS_FORMATS.join(", ")}, got ${JSON.stringify(format)}`,
    );
  const selector = ((values.selector ?? []) as string[]).flatMap((text) => {
    try {
      return parseSelector(text);
    } catch (error) {
      if (!(error instanceof InvalidSelectorError)) throw error;
      throw new UsageError(`--selector ${JSON.stringify(text)}: ${error.problem}; e.g. ${SELECTOR_EXAMPLE}`, {
        cause: error,
      });
    }
  });
  const names = ((values.sort ?? []) as string[]).flatMap((text) => text.split(","));
  const sort = names.map(
    (name) =>
      blockColumnOf(name) ??
      (() => {
        throw new UsageError(
          `--sort: unknown column ${JSON.stringify(name)}: use ${BLOCK_COLUMNS.join(", ")}`,
        );
      })(),
  );
  return {
    ...source,
    selector,
    sort: sort.length > 0 ? sort : [...DEFAULT_BLOCK_SORT],
    format: format as BlocksFormat,
  };
}
