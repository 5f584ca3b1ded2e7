import type { DeliveryState, DeliveryStore, Report, ReportStore, StoredDelivery } from "@fleetwatch/audit";
import { DELIVERED_KEY, reportKey } from "@fleetwatch/state-layout";
import { FakeS3Error } from "../memory-bucket";

/**
 * The state bucket's `reports/` in memory, behaving like S3 for {@link ReportStore} and {@link DeliveryStore}:
 * every write gets a new ETag; a conditional write whose ETag no longer matches (or `If-None-Match: *` on an
 * existing object) loses with 412; reads return copies. Faults: `slowDown` answers the next n requests with
 * 503 SlowDown; `corrupt` replaces an object's body with text that is not JSON.
 */
export class MemoryReportStore implements ReportStore, DeliveryStore {
  readonly deliveryLocation = `the state bucket's ${DELIVERED_KEY}`;
  readonly reports: Report[] = [];
  /** Conditional writes that lost with 412. */
  preconditionFailed = 0;
  private latestText: string | undefined;
  private delivery: { text: string; etag: string } | undefined;
  private etags = 0;
  private slowDowns = 0;

  /** Answers the next `n` requests (any method) with 503 SlowDown. */
  slowDown(n: number): void {
    this.slowDowns = n;
  }

  /** Makes `reports/latest.json` or `reports/delivered.json` unparsable. */
  corrupt(which: "latest" | "delivered"): void {
    if (which === "latest") this.latestText = "{not json";
    else this.delivery = { text: "{not json", etag: this.nextEtag() };
  }

  /** Deletes `reports/delivered.json` (what an operator does with a corrupt one). */
  deleteDelivery(): void {
    this.delivery = undefined;
  }

  /** The stored delivery state (test inspection; no fault applies). */
  get state(): DeliveryState | undefined {
    return this.delivery ? (JSON.parse(this.delivery.text) as DeliveryState) : undefined;
  }

  async latest(): Promise<Report | undefined> {
    this.request();
    return this.latestText === undefined ? undefined : (JSON.parse(this.latestText) as Report);
  }

  async save(report: Report): Promise<string> {
    this.request();
    this.reports.push(structuredClone(report));
    this.latestText = JSON.stringify(report);
    return reportKey(report.generatedAt);
  }

  async readDelivery(): Promise<StoredDelivery | undefined> {
    this.request();
    if (!this.delivery) return undefined;
    const parsed = JSON.parse(this.delivery.text) as DeliveryState;
    if (parsed?.version !== 1) throw new Error(`${DELIVERED_KEY} is not a delivery state`);
    return { state: parsed, etag: this.delivery.etag };
  }

  async writeDelivery(state: DeliveryState, etag: string | undefined): Promise<string | undefined> {
    this.request();
    if (etag === undefined ? this.delivery !== undefined : this.delivery?.etag !== etag) {
      this.preconditionFailed++;
      return undefined;
    }
    this.delivery = { text: JSON.stringify(state), etag: this.nextEtag() };
    return this.delivery.etag;
  }

  private request(): void {
    if (this.slowDowns > 0) {
      this.slowDowns--;
      throw new FakeS3Error("SlowDown", 503);
    }
  }

  private nextEtag(): string {
    return `"${++this.etags}"`;
  }
}
