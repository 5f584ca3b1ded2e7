import { mkdtemp, readFile, rm, stat } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BucketFixture, HOUR, NOW } from "@fleetwatch/devkit/blocks";
import { writeFixture } from "@fleetwatch/devkit/file-bucket";
import { afterEach, describe, expect, it } from "vitest";

describe("writeFixture", () => {
  let dir: string | undefined;
  afterEach(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("writes every object at its key with its body, size and LastModified as mtime", async () => {
    dir = await mkdtemp(join(tmpdir(), "fleetwatch-devkit-files-"));
    const fixture = new BucketFixture();
    const ulid = fixture.block({ minTime: NOW - 2 * HOUR, maxTime: NOW, chunkBytes: 321 });
    await writeFixture(dir, fixture);
    for (const [key, object] of fixture.objects) {
      const info = await stat(join(dir, ...key.split("/")));
      expect(info.size, key).toBe(object.size);
      expect(info.mtimeMs, key).toBe(object.lastModified);
    }
    expect(await readFile(join(dir, ulid, "meta.json"), "utf8")).toBe(
      fixture.bodies.get(`${ulid}/meta.json`),
    );
  });
});
