import { mkdir, utimes, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { BucketFixture } from "./blocks";

/** Writes a fixture into a directory in Thanos's FILESYSTEM layout, with each object's LastModified as mtime. */
export async function writeFixture(dir: string, fixture: BucketFixture): Promise<void> {
  for (const [key, object] of fixture.objects) {
    const path = join(dir, ...key.split("/"));
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, fixture.bodies.get(key) || Buffer.alloc(object.size));
    const at = new Date(object.lastModified);
    await utimes(path, at, at);
  }
}
