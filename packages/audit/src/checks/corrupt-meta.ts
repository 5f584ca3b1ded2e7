import type { Check } from "../check.js";

/** A meta.json or marker that does not parse or validate: Thanos ignores the block or the marker. */
export const corruptMeta: Check = {
  id: "corrupt-meta",
  run({ view }) {
    return view.problems.map((p) => ({
      id: "corrupt-meta" as const,
      severity: p.file === "meta.json" ? ("critical" as const) : ("warning" as const),
      subject: p.ulid,
      evidence: `${p.ulid}/${p.file}: ${p.problem}`.slice(0, 300),
      fix:
        p.file === "meta.json"
          ? "the block is invisible to queries and compaction: restore meta.json from the uploader, or delete the block"
          : `rewrite or delete ${p.file} (thanos tools bucket mark writes a valid one)`,
    }));
  },
};
