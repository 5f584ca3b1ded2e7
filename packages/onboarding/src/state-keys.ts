/** The keys onboarding owns in the state bucket: the one owner of their names. */

/** The reconcile's status summary, read by the daily digest. */
export const STATUS_KEY = "onboarding/status.json";

/** Where the per-region reservation ledgers live (the Lambdas' IAM grants cover this prefix). */
export const RESERVATIONS_PREFIX = "onboarding/reservations/";

/** The reservation ledger of one region: one JSON object per region. */
export const reservationsKey = (region: string): string => `${RESERVATIONS_PREFIX}${region}.json`;
