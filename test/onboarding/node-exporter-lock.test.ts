import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../monitoring/processes.js";
import { DEBIAN_BINARY, sandboxes } from "./script-sandbox.js";

// The launch handler and the reconciler can both send the document to one instance: runs on a host take turns.

describe("assets/node-exporter.sh host lock", () => {
  const fx = sandboxes(async () => {
    return { "1.5.0": await readFile(DEBIAN_BINARY) };
  });

  it.each([
    ["flock", []],
    ["a lock directory where flock is missing", ["flock"]],
  ])("runs two installs started together one after the other (%s)", async (_, without) => {
    const box = await fx.open({ without });
    const downloads = () => fx.server.requests.get(fx.server.tarballPath("1.5.0")) ?? 0;
    const before = downloads();
    // The run that installs pauses before starting the service, so the other surely finds the lock taken.
    const slowStart = { FAKE_BEFORE_START: "sleep 1" };
    const runs = await Promise.all([
      box.run("install", box.release("1.5.0"), slowStart),
      box.run("install", box.release("1.5.0"), slowStart),
    ]);
    for (const run of runs) expect(run, run.stderr).toMatchObject({ code: 0, stderr: "" });
    const waited = runs.filter((run) => run.stdout.includes("waiting for it to finish"));
    const first = runs.filter((run) => !run.stdout.includes("waiting for it to finish"));
    expect(waited).toHaveLength(1);
    const lock = without.includes("flock") ? `${box.lockPath}.d` : box.lockPath;
    expect(waited[0]?.stdout).toMatch(
      new RegExp(`another fleetwatch run \\(pid \\d+\\) holds ${lock}: waiting`),
    );
    expect(first).toHaveLength(1);
    // The one that waited started after the other had installed: it found nothing to change.
    expect(first[0]?.stdout).toContain("installing node_exporter 1.5.0");
    expect(waited[0]?.stdout).toContain("already installed with this configuration: nothing to change");
    expect(downloads() - before).toBe(1);
    expect((await box.calls()).filter((call) => call === "systemctl restart node_exporter")).toHaveLength(1);
    // The lock is released: a third run takes it without waiting.
    const third = await box.run("install", box.release("1.5.0"));
    expect(third.code).toBe(0);
    expect(third.stdout).not.toContain("waiting");
  });

  it("gives up with a clear message when another run holds the lock too long; the next run proceeds", async () => {
    const box = await fx.open();
    await mkdir(join(box.root, "run"), { recursive: true });
    // One process holds the lock (bash takes it, then becomes sleep): stopping it releases the lock.
    const holder = box.spawn("lock holder", "bash", [
      "-c",
      `exec 9<>'${box.lockPath}'; flock 9; exec sleep 30`,
    ]);
    await waitFor("the lock holder", 5_000, async () =>
      (await readFile(`/proc/${holder.child.pid}/cmdline`, "utf8")).includes("sleep") ? true : undefined,
    );
    const { code, stdout, stderr } = await box.run("install", box.release("1.5.0"), {
      FLEETWATCH_LOCK_WAIT: "1",
    });
    expect(code).toBe(1);
    expect(stderr).toContain(
      `fleetwatch: error: another fleetwatch run still holds ${box.lockPath} after 1s; nothing was changed: run fleetwatch again once it has finished`,
    );
    expect(stdout).not.toContain("installing");
    expect(await box.exists("usr/local/bin/node_exporter")).toBe(false);

    await holder.stop();
    const next = await box.run("install", box.release("1.5.0"));
    expect(next.code).toBe(0);
  });

  it("takes over a lock directory left by a run that died (no flock)", async () => {
    const box = await fx.open({ without: ["flock"] });
    await mkdir(`${box.lockPath}.d`, { recursive: true });
    await writeFile(join(`${box.lockPath}.d`, "pid"), "999999999\n");
    const { code, stdout } = await box.run("install", box.release("1.5.0"), { FLEETWATCH_LOCK_WAIT: "5" });
    expect(code).toBe(0);
    expect(stdout).toContain(
      `removed the lock ${box.lockPath}.d of run 999999999, which is no longer running`,
    );
    expect(await box.exists("run/fleetwatch-node-exporter.lock.d")).toBe(false);
  });
});
