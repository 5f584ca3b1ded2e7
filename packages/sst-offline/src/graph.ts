import { ResourceLookupError } from "./errors.js";
import type { RecordedResource } from "./mocks.js";

/** The resources an app registered, with small lookups for assertions and for the plan. */
export class ResourceGraph {
  constructor(readonly resources: readonly RecordedResource[]) {}

  /** Cloud resources only (no components), in registration order. */
  get cloud(): RecordedResource[] {
    return this.resources.filter((r) => r.custom);
  }

  /** Every resource of a Pulumi type, optionally whose logical name matches. */
  ofType(type: string, name?: string | RegExp): RecordedResource[] {
    return this.resources.filter((r) => r.type === type && matches(r.name, name));
  }

  /** Exactly one resource of a type whose name matches; throws when there are none or several. */
  one(type: string, name?: string | RegExp): RecordedResource {
    const found = this.ofType(type, name);
    if (found.length !== 1) {
      const names = this.ofType(type).map((r) => r.name);
      throw new ResourceLookupError(
        `expected one ${type}${name ? ` named ${String(name)}` : ""}, found ${found.length}` +
          ` (resources of that type: ${names.join(", ") || "none"})`,
      );
    }
    return found[0] as RecordedResource;
  }

  /** Counts of cloud resources by type. */
  countByType(): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of this.cloud) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
  }
}

function matches(name: string, wanted: string | RegExp | undefined): boolean {
  if (wanted === undefined) return true;
  return typeof wanted === "string" ? name === wanted : wanted.test(name);
}
