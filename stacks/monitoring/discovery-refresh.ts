import { ORGANIZATION_GRANT } from "@fleetwatch/onboarding-aws/calls";
import { DISCOVERY_REFRESH_PERIOD_MINUTES, STATE_ACCESS } from "@fleetwatch/state-layout";
import { type Storage, stateBucketAccess } from "../storage";

/** How often the units' accounts are listed again: an account that joins or leaves is followed within this. */
export const DISCOVERY_REFRESH_RATE = `${DISCOVERY_REFRESH_PERIOD_MINUTES} minutes`;

/** What the refresh adds to the stack (Organization mode only). */
export interface DiscoveryRefresh {
  fn: sst.aws.Function;
  schedule: sst.aws.CronV2;
}

/**
 * Organization mode: a Lambda that, every {@link DISCOVERY_REFRESH_RATE}, lists the units' ACTIVE accounts,
 * renders the current version's input again with them (functions/monitoring/discovery-refresh.ts) and, when
 * the accounts changed, writes a new version and moves the pointer, so the Prometheus tasks' reloaders discover
 * in a new account (or stop discovering in one that left) without a deploy; after every run it rewrites its status
 * record for the daily digest. Its grants: the rendered config's prefix and the status record's folder of the
 * state bucket, and the two Organizations listings (authorized on "*" only). The Prometheus task
 * roles may already assume the member role in any account of the Organization (iam.ts).
 */
export function createDiscoveryRefresh(storage: Storage): DiscoveryRefresh {
  const state = stateBucketAccess("MonitoringDiscoveryRefreshState", storage, STATE_ACCESS.discoveryRefresh);
  const fn = new sst.aws.Function("MonitoringDiscoveryRefresh", {
    handler: "functions/monitoring/discovery-refresh.handler",
    description: "fleetwatch MonitoringDiscoveryRefresh",
    timeout: "2 minutes",
    memory: "512 MB",
    link: [state],
    permissions: [{ actions: [...ORGANIZATION_GRANT.actions], resources: [...ORGANIZATION_GRANT.resources] }],
  });
  const schedule = new sst.aws.CronV2("MonitoringDiscoveryRefreshSchedule", {
    schedule: `rate(${DISCOVERY_REFRESH_RATE})`,
    function: fn.arn,
  });
  return { fn, schedule };
}
