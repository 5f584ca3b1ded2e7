import { readdir, readFile, stat, writeFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import type {
  AuditCache,
  CacheState,
  KeyRange,
  ListedObject,
  ListPage,
  ObjectLister,
  ObjectReader,
} from "@fleetwatch/audit";

/** A bucket in a local directory (Thanos's FILESYSTEM objstore: `<dir>/<ULID>/meta.json`, ...). */
export class FileBucket implements ObjectLister, ObjectReader {
  private listing: Promise<ListedObject[]> | undefined;

  constructor(private readonly dir: string) {}

  async listPage(range: KeyRange, token?: string): Promise<ListPage> {
    this.listing ??= walk(this.dir, this.dir).then((all) => all.sort((a, b) => (a.key < b.key ? -1 : 1)));
    const all = await this.listing;
    const after = token ?? range.startAfter;
    const from = after === undefined ? all : all.filter((o) => o.key > after);
    const page = from.slice(0, 1000);
    const last = page.at(-1);
    return from.length > 1000 && last ? { objects: page, nextToken: last.key } : { objects: page };
  }

  async get(key: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.dir, ...key.split("/")), "utf8");
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }
}

async function walk(root: string, dir: string): Promise<ListedObject[]> {
  const entries = await readdir(dir, { withFileTypes: true });
  const nested = await Promise.all(
    entries.map(async (entry): Promise<ListedObject[]> => {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) return walk(root, path);
      if (!entry.isFile()) return [];
      const info = await stat(path);
      return [
        { key: relative(root, path).split(sep).join("/"), size: info.size, lastModified: info.mtimeMs },
      ];
    }),
  );
  return nested.flat();
}

/** The audit cache in a local JSON file (the CLI's `--cache`). */
export class FileAuditCache implements AuditCache {
  constructor(private readonly path: string) {}

  async load(): Promise<CacheState | undefined> {
    try {
      return JSON.parse(await readFile(this.path, "utf8")) as CacheState;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  }

  async save(state: CacheState): Promise<void> {
    await writeFile(this.path, JSON.stringify(state));
  }
}
