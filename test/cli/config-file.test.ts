import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DEFAULT_AUDIT_CONFIG } from "@fleetwatch/audit";
import { loadCliConfig } from "@fleetwatch/cli";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

describe("loadCliConfig", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-cfg-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));
  const file = async (name: string, text: string) => {
    const path = join(dir, name);
    await writeFile(path, text);
    return path;
  };

  it("uses the defaults without a file", async () => {
    expect(await loadCliConfig(undefined)).toEqual(DEFAULT_AUDIT_CONFIG);
  });

  it("reads expected streams and thresholds from YAML", async () => {
    const path = await file(
      "ok.yaml",
      'expectedStreams:\n  - { cluster: "eu" }\nfreshness: { warning: 2h, critical: 3h }\nretention: { raw: 0d }\n',
    );
    const config = await loadCliConfig(path);
    expect(config.expectedStreams).toEqual([{ cluster: "eu" }]);
    expect(config.staleWarningMs).toBe(7_200_000);
    expect(config.staleCriticalMs).toBe(10_800_000);
    expect(config.retentionMs.raw).toBe(0);
  });

  it("keeps Thanos's default delays unless the file names the compactor's own", async () => {
    expect(await loadCliConfig(await file("none.yaml", "downsampling: false\n"))).toMatchObject({
      deleteDelayMs: 48 * 3_600_000,
      consistencyDelayMs: 30 * 60_000,
    });
    const path = await file("delays.yaml", "deleteDelay: 2h\nconsistencyDelay: 1h\n");
    expect(await loadCliConfig(path)).toMatchObject({
      deleteDelayMs: 7_200_000,
      consistencyDelayMs: 3_600_000,
    });
  });

  it.each([
    ["typo.yaml", "freshnes: {}\n", 'Unrecognized key: "freshnes"'],
    ["bad.yaml", "freshness: { warning: 4 hours }\n", 'freshness.warning: must be a duration like "4h"'],
    [
      "order.yaml",
      "freshness: { warning: 6h, critical: 4h }\n",
      "freshness.critical: must be above freshness.warning",
    ],
    ["broken.yaml", "a: [\n", "--config"],
  ])("rejects %s", async (name, text, message) => {
    await expect(loadCliConfig(await file(name, text))).rejects.toThrow(message);
  });
});
