import { META_FILE } from "@fleetwatch/thanos";
import type { Check } from "../check.js";
import type { Finding } from "../finding.js";
import { liveBlocks } from "../view.js";

/** An object listed in `thanos.files` that is absent, or whose size differs (thanos#5859, #7234). */
export const missingFile: Check = {
  id: "missing-file",
  run({ view }) {
    const findings: Finding[] = [];
    for (const block of liveBlocks(view)) {
      const wrong: string[] = [];
      for (const file of block.meta.thanos.files ?? []) {
        if (file.rel_path === META_FILE) continue;
        const object = block.objects.get(file.rel_path);
        if (!object) wrong.push(`${file.rel_path} absent`);
        else if (file.size_bytes !== undefined && object.size !== file.size_bytes)
          wrong.push(`${file.rel_path} is ${object.size} bytes, meta.json says ${file.size_bytes}`);
      }
      if (wrong.length === 0) continue;
      findings.push({
        id: "missing-file",
        severity: "critical",
        subject: block.ulid,
        evidence: wrong.slice(0, 3).join("; ") + (wrong.length > 3 ? `; ${wrong.length - 3} more` : ""),
        fix: "queries and compaction of this block fail: re-upload it from its source, or mark it for deletion",
      });
    }
    return findings;
  },
};
