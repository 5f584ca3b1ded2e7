import { createWriteStream } from "node:fs";
import { readdir, readFile, stat } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import {
  type AuditCache,
  BucketAccessError,
  type BucketAccessKind,
  type CacheState,
  cacheJsonChunks,
  type KeyRange,
  type ListedObject,
  type ListPage,
  type ObjectLister,
  type ObjectReader,
} from "@fleetwatch/audit";

const FILE_ACCESS: Record<string, BucketAccessKind> = {
  ENOENT: "missing-directory",
  ENOTDIR: "not-a-directory",
  EACCES: "permission-denied",
  EPERM: "permission-denied",
};

/**
 * The {@link BucketAccessError} of a file system error on `path`, or the error itself when its cause is not one
 * the user fixes (EIO, EMFILE, ...).
 */
export function fileAccessError(error: unknown, path: string): unknown {
  if (error instanceof BucketAccessError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  const kind = code === undefined ? undefined : FILE_ACCESS[code];
  return kind && code ? new BucketAccessError(kind, path, code, { cause: error }) : error;
}

/** Inside the bucket only a denied permission is the user's to fix; other errors stay as they are. */
function permissionError(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  return code === "EACCES" || code === "EPERM" ? fileAccessError(error, path) : error;
}

/** A bucket in a local directory (Thanos's FILESYSTEM objstore: `<dir>/<ULID>/meta.json`, ...). */
export class FileBucket implements ObjectLister, ObjectReader {
  private listing: Promise<ListedObject[]> | undefined;

  constructor(private readonly dir: string) {}

  async listPage(range: KeyRange, token?: string): Promise<ListPage> {
    this.listing ??= walk(this.dir, this.dir)
      .catch((error: unknown) => Promise.reject(fileAccessError(error, this.dir)))
      .then((all) => all.sort((a, b) => (a.key < b.key ? -1 : 1)));
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
      throw permissionError(error, join(this.dir, key));
    }
  }
}

async function walk(root: string, dir: string): Promise<ListedObject[]> {
  // Below the root, a directory removed while listing is simply gone; an unreadable one is named.
  const entries = await readdir(dir, { withFileTypes: true }).catch((error: unknown) => {
    if (dir !== root && (error as NodeJS.ErrnoException).code === "ENOENT") return [];
    throw dir === root ? error : permissionError(error, dir);
  });
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

  /** Writes the JSON as it is produced ({@link cacheJsonChunks}), never holding it whole. */
  async save(state: CacheState): Promise<void> {
    await pipeline(Readable.from(cacheJsonChunks(state)), createWriteStream(this.path));
  }
}
