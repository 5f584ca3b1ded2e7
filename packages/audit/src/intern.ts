import { type BlockMeta, labelsKey } from "@fleetwatch/thanos";

/**
 * Shares what many metas hold alike: external-label sets, file names, the source. 100,000 metas of a few
 * hundred streams then keep one copy of each instead of 100,000 (tens of MB the heap would also grow by).
 * Metas are never mutated once read, so sharing is safe.
 */
export class MetaInterner {
  private readonly labelSets = new Map<string, Record<string, string>>();
  private readonly strings = new Map<string, string>();

  /** The meta with its labels, file names and source shared with the metas interned before it. */
  meta(meta: BlockMeta): BlockMeta {
    const key = labelsKey(meta.thanos.labels);
    const labels = this.labelSets.get(key) ?? meta.thanos.labels;
    this.labelSets.set(key, labels);
    const files = meta.thanos.files?.map((f) => ({ ...f, rel_path: this.string(f.rel_path) }));
    return {
      ...meta,
      thanos: {
        ...meta.thanos,
        labels,
        source: this.string(meta.thanos.source),
        ...(files ? { files } : {}),
      },
    };
  }

  private string<S extends string>(s: S): S {
    const known = this.strings.get(s);
    if (known !== undefined) return known as S;
    this.strings.set(s, s);
    return s;
  }
}
