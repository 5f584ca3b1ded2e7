import type { ConfigPointer, ConfigStore } from "@fleetwatch/monitoring";
import { CONFIG_POINTER_KEY } from "@fleetwatch/state-layout";
import { FakeS3Error } from "../memory-bucket";

/**
 * The state bucket's rendered config in memory, behaving like S3 for {@link ConfigStore}: every write gets a new
 * ETag; moving the pointer with an ETag that no longer matches loses with `false` (S3's 412), as does moving a
 * pointer that does not exist. `writes` records every key written, in order (the pointer's too). Faults:
 * `failWritesAfter(n)` lets n more writes through and answers the rest with 503 SlowDown.
 */
export class MemoryConfigStore implements ConfigStore {
  readonly objects = new Map<string, { body: string; etag: string }>();
  readonly writes: string[] = [];
  private etags = 0;
  private writesLeft = Number.POSITIVE_INFINITY;

  /** Seeds an object (a deploy's upload): not recorded in `writes`. */
  seed(key: string, body: string): void {
    this.objects.set(key, { body, etag: this.nextEtag() });
  }

  /** The version the pointer names, if any. */
  get current(): string | undefined {
    return this.objects.get(CONFIG_POINTER_KEY)?.body;
  }

  /** Lets `n` more writes succeed, then answers every write with 503 SlowDown until `heal()`. */
  failWritesAfter(n: number): void {
    this.writesLeft = n;
  }

  heal(): void {
    this.writesLeft = Number.POSITIVE_INFINITY;
  }

  async pointer(): Promise<ConfigPointer | undefined> {
    const found = this.objects.get(CONFIG_POINTER_KEY);
    return found ? { version: found.body, etag: found.etag } : undefined;
  }

  async read(key: string): Promise<string | undefined> {
    return this.objects.get(key)?.body;
  }

  async write(key: string, body: string): Promise<void> {
    this.admit();
    this.writes.push(key);
    this.objects.set(key, { body, etag: this.nextEtag() });
  }

  async movePointer(version: string, etag: string): Promise<boolean> {
    this.admit();
    const found = this.objects.get(CONFIG_POINTER_KEY);
    if (!found || found.etag !== etag) return false;
    this.writes.push(CONFIG_POINTER_KEY);
    this.objects.set(CONFIG_POINTER_KEY, { body: version, etag: this.nextEtag() });
    return true;
  }

  private admit(): void {
    if (this.writesLeft <= 0) throw new FakeS3Error("SlowDown", 503);
    this.writesLeft--;
  }

  private nextEtag(): string {
    return `"${(++this.etags).toString(16)}"`;
  }
}
