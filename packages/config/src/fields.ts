import { z } from "zod";
import {
  AWS_IDS,
  type AwsIdKind,
  bucketNameProblem,
  LOG_RETENTION_DAYS,
  TAG_KEY_CHARACTER,
} from "./aws-names.js";
import { closest } from "./did-you-mean.js";
import { durationMs, isDuration, suggestDuration } from "./duration.js";
import { sizeGb, suggestSize } from "./fargate.js";
import { NODE_EXPORTER_VERSION } from "./node-exporter-release.js";
import { rateProblem } from "./rate.js";
import { AWS_REGIONS } from "./regions.js";
import { type Fix, type Problem, refine } from "./rule.js";
import { quoteList, show, withSuggestion } from "./text.js";
import type { Duration, Rate, Size } from "./types.js";

// Building blocks of the schema: one kind of value each, with the rule that checks it and says how to fix it.

const setTo =
  (value: unknown): Fix =>
  (at) =>
    `set ${at} to ${JSON.stringify(value)}`;

/** A string from a fixed list; a near miss gets a did-you-mean. */
export function choice<const T extends readonly [string, ...string[]]>(values: T) {
  return refine(z.string(), (value): Problem | undefined => {
    if (values.includes(value)) return undefined;
    const near = closest(value, values);
    return {
      message: withSuggestion(`must be ${quoteList(values)}, got ${show(value)}`, near),
      fix: near ? setTo(near) : (at) => `set ${at} to one of those`,
    };
  }).pipe(z.enum(values));
}

/** An AWS region code from {@link AWS_REGIONS}. */
export function awsRegion() {
  const regions: readonly string[] = AWS_REGIONS;
  return refine(z.string(), (value): Problem | undefined => {
    if (regions.includes(value)) return undefined;
    const near = closest(value, regions);
    return {
      message: withSuggestion(`must be an AWS region code, got ${show(value)}`, near),
      fix: near
        ? setTo(near)
        : (at) => `set ${at} to a region code such as "us-east-1" or "eu-west-1" (see AWS_REGIONS)`,
    };
  }).pipe(z.enum(AWS_REGIONS));
}

/** An integer from `min` to `max`. */
export function integer(min: number, max: number, fix: Fix) {
  return refine(z.number(), (value) =>
    Number.isInteger(value) && value >= min && value <= max
      ? undefined
      : { message: `must be an integer from ${min} to ${max}, got ${show(value)}`, fix },
  );
}

/** A Prometheus duration; `positive` rejects zero. `example` is offered in fixes. */
export function duration(
  example: Duration,
  options: { positive?: boolean; min?: { value: Duration; why: string } } = {},
) {
  return refine(z.string(), (value): Problem | undefined => {
    if (!isDuration(value)) {
      const suggestion = suggestDuration(value);
      return {
        message: `must be a duration like "30s", "4h" or "30d" (a whole number and one of s, m, h, d, w, y), got ${show(value)}`,
        fix: suggestion
          ? setTo(suggestion)
          : (at) => `set ${at} to a whole number and a unit, e.g. "${example}"`,
      };
    }
    if (options.positive && durationMs(value) === 0) {
      return {
        message: `must be longer than zero, got ${show(value)}`,
        fix: (at) => `set ${at} to e.g. "${example}"`,
      };
    }
    const min = options.min;
    if (min && durationMs(value) < durationMs(min.value)) {
      return {
        message: `must be at least "${min.value}", got ${show(value)}`,
        fix: (at) => `set ${at} to "${min.value}" or more (${min.why})`,
      };
    }
    return undefined;
  }).pipe(z.custom<Duration>());
}

/** An EventBridge Scheduler rate. */
export function rate() {
  return refine(z.string(), (value): Problem | undefined => {
    const problem = rateProblem(value);
    switch (problem?.kind) {
      case undefined:
        return undefined;
      case "format":
        return {
          message: `must be an EventBridge rate like "1 minute", "30 minutes" or "1 day", got ${show(value)}`,
          fix: problem.suggestion
            ? setTo(problem.suggestion)
            : (at) => `set ${at} to a whole number, a space and minutes, hours or days, e.g. "30 minutes"`,
        };
      case "zero":
        return {
          message: `must be at least 1, got ${show(value)}`,
          fix: (at) => `set ${at} to e.g. "1 minute"`,
        };
      case "plural":
        return {
          message: `must use the singular unit with 1 and the plural otherwise, as EventBridge requires, got ${show(value)}`,
          fix: setTo(problem.corrected),
        };
    }
  }).pipe(z.custom<Rate>());
}

/** A size `"<number> GB"`, optionally a whole number of GB within bounds. */
export function size(bounds?: { min: number; max: number }) {
  return refine(z.string(), (value): Problem | undefined => {
    const gb = sizeGb(value);
    if (gb === undefined) {
      const suggestion = suggestSize(value);
      return {
        message: `must be a size like "4 GB" (a number, a space and GB), got ${show(value)}`,
        fix: suggestion ? setTo(suggestion) : (at) => `set ${at} to a number of gigabytes, e.g. "4 GB"`,
      };
    }
    if (bounds && (!Number.isInteger(gb) || gb < bounds.min || gb > bounds.max)) {
      return {
        message: `must be a whole number of GB from ${bounds.min} to ${bounds.max}, got ${show(value)}`,
        fix: (at) => `set ${at} to a size from "${bounds.min} GB" to "${bounds.max} GB"`,
      };
    }
    return undefined;
  }).pipe(z.custom<Size>());
}

/** An AWS resource id (`vpc-...`, `subnet-...`, `rtb-...`). */
export function awsId(kind: AwsIdKind) {
  const id = AWS_IDS[kind];
  return refine(z.string(), (value): Problem | undefined => {
    if (id.pattern.test(value)) return undefined;
    const cleaned = value.trim().toLowerCase();
    return {
      message: `must be a ${id.noun} like ${JSON.stringify(id.example)}, got ${show(value)}`,
      fix: id.pattern.test(cleaned)
        ? setTo(cleaned)
        : () => `copy the id from \`${id.list}\` or the VPC console`,
    };
  });
}

/** A list of at least `min` different items. */
export function list<T extends z.ZodType>(item: T, min: number, noun: string, fix: Fix) {
  return refine(z.array(item), (values) =>
    new Set(values).size >= min
      ? undefined
      : {
          message: `must list at least ${min === 1 ? `one ${noun}` : `${min} different ${noun}s`}, got ${show(values)}`,
          fix,
        },
  );
}

const SHA256 = /^[0-9a-f]{64}$/;

/** The sha256 of a node_exporter release tarball. */
export function sha256(arch: "amd64" | "arm64") {
  return refine(z.string(), (value) =>
    SHA256.test(value)
      ? undefined
      : {
          message: `must be a sha256: 64 lower-case hex characters, got ${show(value)} (${value.length} characters)`,
          fix: SHA256.test(value.toLowerCase())
            ? setTo(value.toLowerCase())
            : (at) =>
                `set ${at} to the sha256 of node_exporter-<version>.linux-${arch}.tar.gz, from the release's sha256sums.txt`,
        },
  );
}

const VERSION = /^\d+\.\d+\.\d+$/;

/** A release version `major.minor.patch`. */
export function releaseVersion() {
  return refine(z.string(), (value) =>
    VERSION.test(value)
      ? undefined
      : {
          message: `must be a release version like "${NODE_EXPORTER_VERSION}", got ${show(value)}`,
          fix: VERSION.test(value.replace(/^v/, ""))
            ? (at) => `set ${at} to ${JSON.stringify(value.replace(/^v/, ""))}, without the "v"`
            : (at) => `set ${at} to a node_exporter release number, e.g. "${NODE_EXPORTER_VERSION}"`,
        },
  );
}

/** An https:// URL. */
export function httpsUrl() {
  return refine(z.string(), (value) =>
    URL.canParse(value) && new URL(value).protocol === "https:"
      ? undefined
      : {
          message: `must be an https:// URL, got ${show(value)}`,
          fix: (at) =>
            `set ${at} to an https:// URL, or mirror the release to S3 and use { kind: "s3", bucket }`,
        },
  );
}

/** A general purpose S3 bucket name. */
export function bucketName() {
  return refine(z.string(), (value) => {
    const problem = bucketNameProblem(value);
    return problem === undefined
      ? undefined
      : {
          message: `${problem} (S3 bucket naming rules), got ${show(value)}`,
          fix: (at) => `set ${at} to the bucket's name exactly as the S3 console shows it`,
        };
  });
}

/** An S3 key prefix. */
export function keyPrefix() {
  return refine(z.string(), (value) =>
    value.startsWith("/")
      ? { message: `must not start with "/", got ${show(value)}`, fix: setTo(value.replace(/^\/+/, "")) }
      : undefined,
  );
}

const COLLECTOR = /^[a-z_]+$/;

/** A node_exporter collector name, as in its `--collector.<name>` flag. */
export function collectorName() {
  return refine(z.string(), (value) => {
    if (COLLECTOR.test(value)) return undefined;
    const cleaned = value
      .trim()
      .replace(/^(--)?(no-)?collector\./, "")
      .toLowerCase();
    return {
      message: `must be a collector name (lower-case letters and underscores), got ${show(value)}`,
      fix: COLLECTOR.test(cleaned)
        ? setTo(cleaned)
        : (at) => `set ${at} to the name in node_exporter's --collector.<name> flag, e.g. "systemd"`,
    };
  });
}

const CLOCK_TIME = /^([01]\d|2[0-3]):[0-5]\d$/;

/** A time of day `HH:MM`, 24-hour. */
export function clockTime() {
  return refine(z.string(), (value) => {
    if (CLOCK_TIME.test(value)) return undefined;
    const padded = value.trim().replace(/^(\d):/, "0$1:");
    return {
      message: `must be a 24-hour time "HH:MM", got ${show(value)}`,
      fix: CLOCK_TIME.test(padded) ? setTo(padded) : (at) => `set ${at} to e.g. "09:00"`,
    };
  });
}

let timeZones: readonly string[] | undefined;

/** IANA time zones this runtime knows, and UTC. */
function knownTimeZones(): readonly string[] {
  timeZones ??= ["UTC", ...Intl.supportedValuesOf("timeZone")];
  return timeZones;
}

/** An IANA time zone name. */
export function timeZone() {
  return refine(z.string(), (value): Problem | undefined => {
    if (knownTimeZones().includes(value)) return undefined;
    const near = closest(value, knownTimeZones());
    return {
      message: withSuggestion(
        `must be an IANA time zone like "Europe/Berlin" or "UTC", got ${show(value)}`,
        near,
      ),
      fix: near
        ? setTo(near)
        : (at) => `set ${at} to a zone of the IANA tz database, e.g. "America/New_York"`,
    };
  });
}

/** A Slack channel name, `#` first. */
export function slackChannel() {
  return refine(z.string(), (value) =>
    /^#\S+$/.test(value)
      ? undefined
      : {
          message: `must be a channel name starting with "#", got ${show(value)}`,
          fix: /^[^\s#]+$/.test(value) ? setTo(`#${value}`) : (at) => `set ${at} to e.g. "#fleetwatch"`,
        },
  );
}

/** A non-empty string. */
export function nonEmpty(fix: Fix) {
  return refine(z.string(), (value) =>
    value.trim() === "" ? { message: `must not be empty, got ${show(value)}`, fix } : undefined,
  );
}

/** A number of days CloudWatch Logs accepts as a log group's retention. */
export function logRetentionDays() {
  const allowed: readonly number[] = LOG_RETENTION_DAYS;
  return refine(z.number(), (value) => {
    if (allowed.includes(value)) return undefined;
    const nearest = [allowed.findLast((d) => d < value), allowed.find((d) => d > value)].filter(
      (d) => d !== undefined,
    );
    return {
      message: `must be a retention CloudWatch Logs accepts (${allowed.join(", ")}), got ${show(value)}`,
      fix: (at) => `set ${at} to ${nearest.join(" or ")}, the nearest it accepts`,
    };
  });
}

const GROUP_NAME = /^[a-z][a-z0-9-]{0,19}$/;

/** A scrape group name. */
export function groupName() {
  return refine(z.string(), (value) => {
    if (GROUP_NAME.test(value)) return undefined;
    const slug = value
      .toLowerCase()
      .replace(/[^a-z0-9-]+/g, "-")
      .replace(/^[^a-z]+/, "")
      .slice(0, 20)
      .replace(/-+$/, "");
    return {
      message: `must be 1 to 20 lower-case letters, digits or dashes, starting with a letter, got ${show(value)}`,
      fix: GROUP_NAME.test(slug) ? setTo(slug) : (at) => `set ${at} to e.g. "default"`,
    };
  });
}

/** Tags an instance must carry: keys must not be empty. */
export function tagSelector() {
  return refine(z.record(z.string(), z.string()), (tags) =>
    Object.keys(tags)
      .filter((key) => key.trim() === "")
      .map((key) => ({
        path: [key],
        message: `must be a non-empty tag key, got ${show(key)}`,
        fix: () => "remove the entry with the empty key, or name the tag",
      })),
  );
}

/** The prefix of fleetwatch's tag keys. */
export function tagPrefix() {
  return refine(z.string(), (value): Problem | undefined => {
    const length = [...value].length;
    if (length < 1 || length > 64) {
      return {
        message: `must be 1 to 64 characters, got ${show(value)} (${length} characters)`,
        fix: (at) => `set ${at} to a short prefix ending in ":", e.g. "fleetwatch:"`,
      };
    }
    const bad = [...new Set([...value].filter((c) => !TAG_KEY_CHARACTER.test(c)))];
    if (bad.length > 0) {
      return {
        message: `may only contain letters, digits, spaces and _ . : / = + - @, got ${show(value)}`,
        fix: (at) => `remove ${quoteList(bad, "and")} from ${at}`,
      };
    }
    if (/^aws:/i.test(value)) {
      return {
        message: `must not start with "aws:", which AWS reserves for its own tags, got ${show(value)}`,
        fix: (at) => `set ${at} to a prefix of your own ending in ":", e.g. "fleetwatch:"`,
      };
    }
    return undefined;
  });
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;

/** An IPv4 CIDR block whose address is the network address, e.g. `"10.8.0.0/16"`. */
export function ipv4Cidr() {
  return refine(z.string(), (value): Problem | undefined => {
    const match = CIDR.exec(value.trim());
    const octets = match ? match.slice(1, 5).map(Number) : [];
    const bits = match ? Number(match[5]) : Number.NaN;
    if (!match || octets.some((o) => o > 255) || bits > 32) {
      return {
        message: `must be an IPv4 CIDR block like "10.8.0.0/16", got ${show(value)}`,
        fix: (at) => `set ${at} to an address, a slash and a prefix length, e.g. "203.0.113.0/24"`,
      };
    }
    const address = octets.reduce((acc, o) => acc * 256 + o, 0);
    const size = 2 ** (32 - bits);
    const network = address - (address % size);
    if (network !== address || value !== value.trim()) {
      const base = [24, 16, 8, 0].map((shift) => Math.floor(network / 2 ** shift) % 256).join(".");
      return {
        message: `must start at its network address, got ${show(value)}`,
        fix: setTo(`${base}/${bits}`),
      };
    }
    return undefined;
  });
}

const CERTIFICATE_ARN = /^arn:aws[a-z-]*:acm:[a-z0-9-]+:\d{12}:certificate\/[0-9a-f-]{36}$/;

/** The ARN of an ACM certificate. */
export function certificateArn() {
  return refine(z.string(), (value) =>
    CERTIFICATE_ARN.test(value)
      ? undefined
      : {
          message: `must be an ACM certificate ARN like "arn:aws:acm:us-east-1:123456789012:certificate/<id>", got ${show(value)}`,
          fix: (at) => `set ${at} to the ARN the ACM console shows for a certificate of the home region`,
        },
  );
}

/** A number of at least `min` (a price, a rate). */
export function atLeast(min: number, fix: Fix) {
  return refine(z.number(), (value) =>
    Number.isFinite(value) && value >= min
      ? undefined
      : { message: `must be a number of at least ${min}, got ${show(value)}`, fix },
  );
}
