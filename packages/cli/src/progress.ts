import type { ReadProgress } from "@fleetwatch/audit";
import cliProgress from "cli-progress";

/** A progress bar on stderr while listing and reading, only on a TTY; otherwise a no-op. */
export function progressBar(stream: NodeJS.WritableStream & { isTTY?: boolean }) {
  if (!stream.isTTY) return { update: (_: ReadProgress) => {}, stop: () => {} };
  const bar = new cliProgress.SingleBar(
    { stream, format: "{phase} |{bar}| {value}/{total} {unit}", hideCursor: true, clearOnComplete: true },
    cliProgress.Presets.shades_classic,
  );
  let started = false;
  return {
    update(p: ReadProgress) {
      const [value, total, unit] =
        p.phase === "list"
          ? [p.listed, Math.max(p.listed, 1), "objects listed"]
          : [p.fetched, p.toFetch, "metas read"];
      if (!started) {
        bar.start(total, value, { phase: p.phase, unit });
        started = true;
      }
      bar.setTotal(total);
      bar.update(value, { phase: p.phase, unit });
    },
    stop() {
      if (started) bar.stop();
    },
  };
}
