import type { AuditCache, CacheState } from "@fleetwatch/audit";

/** The audit cache in memory: saves and loads copies, as the S3 and file caches do through JSON. */
export class MemoryAuditCache implements AuditCache {
  state: CacheState | undefined;
  saves = 0;
  async load(): Promise<CacheState | undefined> {
    return structuredClone(this.state);
  }
  async save(state: CacheState): Promise<void> {
    this.saves++;
    this.state = structuredClone(state);
  }
}
