import { admission, instanceKey, scopeKey } from "./accounts.js";
import { failureOutcome } from "./apply.js";
import { chunk, groupBy } from "./chunk.js";
import { AwsCallError } from "./errors.js";
import type { InstanceRef } from "./instance.js";
import { isolate } from "./isolate.js";
import { SSM_BATCH } from "./limits.js";
import type { OnboardingDeps } from "./onboard.js";
import type { Outcome } from "./outcome.js";

/** A carried instance that was waiting for SSM, with its launch time (see `LaunchItem.launchedAt`). */
export interface WaitingRef extends InstanceRef {
  launchedAt: Date;
}

/** What SSM said of the waiting instances, before any of them is described. */
export interface Readiness {
  /** The refs to describe and onboard now: Online, past the readiness bound, or SSM refused the question for them. */
  proceed: InstanceRef[];
  /**
   * SSM's answer for each ref that proceeds, by {@link instanceKey}: `true` Online, `false` not Online (past the
   * readiness bound). The pass does not ask about them again.
   */
  answered: Map<string, boolean>;
  /** Decided without describing: still `waiting` (with the launch time), or `retry` / `account-unreachable`. */
  outcomes: Outcome[];
}

/**
 * Asks SSM (DescribeInstanceInformation, 50 ids per call and account x region) which carried waiting instances
 * are Online before describing any of them: a pass over instances whose agents have not registered yet then
 * costs one call per 50 of them instead of a DescribeInstances as well, which is what makes passes over many
 * accounts cheap. Each instance is described again, as on every pass, before anything is done to it; one still
 * offline is described once it is past the readiness bound (to be tagged `unmanaged`, or found gone). Refs of an
 * account x region onboarding does not admit go on unasked (the pass reports them `not-member`). Throttling or an
 * unreachable account makes the refs asked `retry` or `account-unreachable`; an instance SSM refuses alone goes
 * on, so the pass records the refusal as it always does.
 */
export async function askReadiness(refs: readonly WaitingRef[], deps: OnboardingDeps): Promise<Readiness> {
  const out: Readiness = { proceed: [], answered: new Map(), outcomes: [] };
  const now = deps.now().getTime();
  for (const inScope of groupBy(refs, scopeKey).values()) {
    const { region, account } = inScope[0] as WaitingRef;
    if (!admission({ region, ...(account ? { account } : {}) }, deps.settings, deps.unitAccounts).admitted) {
      out.proceed.push(...inScope);
      continue;
    }
    const nodes = deps.ports(region, account).nodes;
    const online = new Set<string>();
    const asked = new Set<WaitingRef>();
    for (const slice of chunk(inScope, SSM_BATCH)) {
      const result = await isolate(slice, async (part) => {
        for (const id of await nodes.online(part.map((r) => r.id))) online.add(id);
      });
      for (const ref of result.done) asked.add(ref);
      for (const { item, error } of result.failed)
        if (error instanceof AwsCallError) out.proceed.push(item);
        else out.outcomes.push({ ...failureOutcome(item, error), launchedAt: item.launchedAt });
    }
    for (const ref of asked) {
      const { launchedAt, ...plain } = ref;
      if (online.has(ref.id) || now - launchedAt.getTime() >= deps.settings.readinessTimeoutMs) {
        out.answered.set(instanceKey(plain), online.has(ref.id));
        out.proceed.push(plain);
      } else out.outcomes.push({ ...plain, kind: "waiting", detail: "not Online with SSM yet", launchedAt });
    }
  }
  return out;
}
