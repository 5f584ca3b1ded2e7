import { z } from "zod";
import { DISCOVERY_REFRESH_STATUS_KEY } from "./keys.js";
import { parseStatusText, type StatusRead } from "./status-text.js";

/**
 * How often the discovery refresh runs, in minutes: the stack's schedule and the digest's "not running" threshold
 * (a last run older than {@link DISCOVERY_REFRESH_STALE_PERIODS} periods) both read it.
 */
export const DISCOVERY_REFRESH_PERIOD_MINUTES = 10;

/** Periods without a run after which the digest says the refresh is not running. */
export const DISCOVERY_REFRESH_STALE_PERIODS = 3;

const iso = z.iso.datetime();

/**
 * The schema of `monitoring/discovery-refresh/status.json`: what the discovery refresh writes after every run for
 * the daily digest. Unknown keys are dropped rather than refused, so a newer writer never blanks an older digest.
 */
export const discoveryRefreshStatusSchema = z.object({
  /** When the last run ended (ISO 8601). */
  lastRunAt: iso,
  /** The last run's outcome kind: `unchanged`, `refreshed`, or a finding (`accounts-unavailable`, ...). */
  outcome: z.string().min(1),
  /** `ok` after `unchanged`/`refreshed`; a finding's level: `expected` (no config, pointer moved) or `problem`. */
  level: z.enum(["ok", "expected", "problem"]),
  /** What went wrong in the last run (a finding with an error or a problem), one line. */
  problem: z.string().optional(),
  /** The Organization units the refresh follows (known after a run that read the render input). */
  units: z.array(z.string()).optional(),
  /** When a run last succeeded (`unchanged` or `refreshed`): the accounts discovered are those of that time. */
  lastSuccessAt: iso.optional(),
  /** How many member accounts the current version discovers in, as of {@link lastSuccessAt}. */
  memberAccounts: z.number().int().nonnegative().optional(),
  /** The first `problem` run after the last success; absent while the refresh is healthy. */
  failingSince: iso.optional(),
});

/** The contents of `monitoring/discovery-refresh/status.json`. */
export type DiscoveryRefreshStatus = z.output<typeof discoveryRefreshStatusSchema>;

/** A parsed status record, or why it could not be read (one line naming the key and what happens next). */
export type DiscoveryRefreshStatusRead = StatusRead<DiscoveryRefreshStatus>;

/** Parses the text of the status record; bad JSON or a shape the schema refuses is an error, never a throw. */
export const parseDiscoveryRefreshStatus = (text: string): DiscoveryRefreshStatusRead =>
  parseStatusText(
    discoveryRefreshStatusSchema,
    text,
    DISCOVERY_REFRESH_STATUS_KEY,
    "the next refresh run rewrites it",
  );
