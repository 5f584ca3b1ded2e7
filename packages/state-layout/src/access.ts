// Who may read and write which prefix of the state bucket, and what expires: the stacks turn these into IAM
// grants (stacks/storage.ts `stateBucketAccess`, the monitoring tasks' `configRead`) and lifecycle rules.
import {
  AUDIT_PREFIX,
  CONFIG_PREFIX,
  DIGESTS_PREFIX,
  DISCOVERY_REFRESH_PREFIX,
  ONBOARDING_PREFIX,
  REPORTS_PREFIX,
  RESERVATIONS_PREFIX,
} from "./keys.js";

/** Prefixes of the state bucket one workload may read and write, and may only read. */
export interface StateAccess {
  readonly readWrite: readonly string[];
  readonly read: readonly string[];
}

/** Every workload that touches the state bucket, with the prefixes it is granted. */
export const STATE_ACCESS = {
  /** The health Lambdas (audit and digest): their reports, digests and cache; onboarding's status to read. */
  health: { readWrite: [REPORTS_PREFIX, DIGESTS_PREFIX, AUDIT_PREFIX], read: [ONBOARDING_PREFIX] },
  /** The reconcile workers: run parts, the status summary, the reservation ledgers. */
  reconcile: { readWrite: [ONBOARDING_PREFIX], read: [] },
  /** The launch handler: the reservation ledgers only. */
  launch: { readWrite: [RESERVATIONS_PREFIX], read: [] },
  /** The monitoring tasks' config init and reloader containers: the rendered config, read only. */
  monitoringConfig: { readWrite: [], read: [CONFIG_PREFIX] },
  /**
   * The discovery refresh (Organization mode): reads the current version's render input, writes a new version
   * and moves the pointer when the units' accounts changed; rewrites its status record after every run.
   */
  discoveryRefresh: { readWrite: [CONFIG_PREFIX, DISCOVERY_REFRESH_PREFIX], read: [] },
  /** The health Lambdas in Organization mode, beside `health`: the discovery refresh's status, to read. */
  healthOrganization: { readWrite: [], read: [DISCOVERY_REFRESH_PREFIX] },
  /** The deploy itself (`sst deploy`'s credentials, not a grant of the stack): it uploads the rendered config. */
  deploy: { readWrite: [CONFIG_PREFIX], read: [] },
} as const satisfies Record<string, StateAccess>;

/** The name of a workload of {@link STATE_ACCESS}. */
export type StateWorkload = keyof typeof STATE_ACCESS;

/**
 * The health Lambdas' grant: `health`, and in Organization mode (where the discovery refresh runs) its status
 * record too (`healthOrganization`).
 */
export function healthAccess(organization: boolean): StateAccess {
  const { health, healthOrganization } = STATE_ACCESS;
  if (!organization) return health;
  return {
    readWrite: [...health.readWrite, ...healthOrganization.readWrite],
    read: [...health.read, ...healthOrganization.read],
  };
}

/** Whether a key lies under one of the prefixes. */
export const under = (prefixes: readonly string[], key: string): boolean =>
  prefixes.some((prefix) => key.startsWith(prefix));

/** Days the audit reports are kept. */
export const REPORT_RETENTION_DAYS = 90;

/** A lifecycle rule of the state bucket: objects under `prefix` expire `days` after they were last written. */
export interface ExpiryRule {
  /** The rule's id in the bucket's lifecycle configuration. */
  readonly id: string;
  readonly prefix: string;
  readonly days: number;
}

/** What expires in the state bucket (everything else is kept, or rewritten in place every run). */
export const STATE_EXPIRY: readonly ExpiryRule[] = [
  { id: "expire-old-reports", prefix: REPORTS_PREFIX, days: REPORT_RETENTION_DAYS },
];
