import type { RefreshStatusStore } from "@fleetwatch/monitoring";
import {
  type DiscoveryRefreshStatus,
  type DiscoveryRefreshStatusRead,
  parseDiscoveryRefreshStatus,
} from "@fleetwatch/state-layout";
import { FakeS3Error } from "../memory-bucket";

/**
 * The discovery refresh's status record in memory, behaving like the S3 object: stored as JSON text and parsed
 * on every read (so a planted malformed text reads as an error, as it would from S3). Faults: `failReads` /
 * `failWrites` answer every read / write with 503 SlowDown until `heal()`.
 */
export class MemoryRefreshStatusStore implements RefreshStatusStore {
  /** The object's text; undefined before the first write. */
  text: string | undefined;
  failReads = false;
  failWrites = false;

  /** The record as last written (parsed), or undefined. */
  get current(): DiscoveryRefreshStatus | undefined {
    if (this.text === undefined) return undefined;
    const read = parseDiscoveryRefreshStatus(this.text);
    return read.ok ? read.value : undefined;
  }

  heal(): void {
    this.failReads = false;
    this.failWrites = false;
  }

  async read(): Promise<DiscoveryRefreshStatusRead | undefined> {
    if (this.failReads) throw new FakeS3Error("SlowDown", 503);
    return this.text === undefined ? undefined : parseDiscoveryRefreshStatus(this.text);
  }

  async write(status: DiscoveryRefreshStatus): Promise<void> {
    if (this.failWrites) throw new FakeS3Error("SlowDown", 503);
    this.text = JSON.stringify(status);
  }
}
