import { readFileSync } from "node:fs";
import { resolve } from "node:path";

const DIR = resolve(import.meta.dirname, "../fixtures/events");

/**
 * Events written by hand, on purpose: each is malformed in a way no documented or captured AWS sample is (so
 * the shared samples in `../shared/fixtures/aws-events` cannot stand in), to test that the parsers refuse it with
 * a clear reason. Every well-formed event in tests comes from the shared samples (`awsEvent`, `awsEventWith`).
 */
export const HAND_MADE = {
  /** An EC2 running state-change whose `detail` lacks `instance-id` (and whose `resources` is empty). */
  runningWithoutId: readFileSync(resolve(DIR, "ec2-instance-running-missing-id.json"), "utf8"),
} as const;
