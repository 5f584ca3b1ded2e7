import { z } from "zod";
import { ONBOARDING_STATUS_KEY } from "./keys.js";
import { parseStatusText, type StatusRead } from "./status-text.js";

/**
 * The schema of `onboarding/status.json`: what the reconcile writes for the daily digest (one run, merged from its
 * pages' parts). Unknown keys are dropped rather than refused, so a newer writer never blanks an older digest.
 */
export const onboardingStatusSchema = z.object({
  /** Running instances per `<prefix>status` value after the pass; `none` untagged, `ignored` opted out. */
  instancesByStatus: z.record(z.string(), z.number().int().nonnegative()),
  /** When the pass ran (ISO 8601). */
  generatedAt: z.iso.datetime(),
  /** Regions the pass could not read: their instances are missing from the counts. */
  failedRegions: z.array(z.string()).default([]),
  /** Instances AWS refused for good in this pass (the region went on), with the call and AWS's error code. */
  refused: z
    .array(
      z.object({
        id: z.string(),
        region: z.string(),
        /** The member account (absent in the home account). */
        account: z.string().optional(),
        operation: z.string(),
        code: z.string(),
      }),
    )
    .default([]),
  /**
   * Member accounts whose role could not be assumed (`account-unreachable`): none of their instances was looked
   * at or touched, and they are missing from the counts; with STS's error code. Absent when there is none.
   */
  unreachableAccounts: z.array(z.object({ account: z.string(), code: z.string() })).optional(),
  /** The run the summary is of (absent before runs were paged). */
  runId: z.string().optional(),
  /** Regions of the run still being worked on (or whose worker died): missing from the counts, like failed ones. */
  pendingRegions: z.array(z.string()).optional(),
  /** Whether regions are missing from the counts (failed or pending): the fleet is not smaller, the run is partial. */
  partial: z.boolean().optional(),
});

/** The contents of `onboarding/status.json`, as the reconcile writes it. */
export type OnboardingStatus = z.output<typeof onboardingStatusSchema>;

/** A parsed status file, or why it could not be read (one line naming the key and the fix). */
export type OnboardingStatusRead = StatusRead<OnboardingStatus>;

/** Parses the text of `onboarding/status.json`; bad JSON or a shape the schema refuses is an error, never a throw. */
export const parseOnboardingStatus = (text: string): OnboardingStatusRead =>
  parseStatusText(onboardingStatusSchema, text, ONBOARDING_STATUS_KEY, "the next reconcile run rewrites it");
