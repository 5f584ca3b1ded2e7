import { mkdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { waitFor } from "../monitoring/processes.js";
import { DEBIAN_BINARY, exporterReporting, sandboxes } from "./script-sandbox.js";

// The script's last step proves that the exporter it installed answers: the whole /metrics body, the version in
// node_exporter_build_info, and the listener being fleetwatch's service, not another exporter on the port.

/** Series that sort after node_exporter_build_info, `bytes` long in all: a textfile collector file. */
function paddingMetrics(bytes: number): string {
  const lines = ["# HELP zz_fleetwatch_padding Test padding.", "# TYPE zz_fleetwatch_padding gauge"];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const line = `zz_fleetwatch_padding{series="${String(i).padStart(6, "0")}",pad="${"x".repeat(60)}"} 1`;
    lines.push(line);
    size += line.length + 1;
  }
  return `${lines.join("\n")}\n`;
}

const answers = async (port: number) => {
  const response = await fetch(`http://127.0.0.1:${port}/metrics`);
  return response.ok ? response.text() : undefined;
};

describe("assets/node-exporter.sh verification of the exporter", () => {
  const fx = sandboxes(async () => {
    const debian = await readFile(DEBIAN_BINARY);
    return {
      "1.5.0": debian,
      "1.5.1": exporterReporting(debian, "1.5.1"),
      // A mislabelled release: its tarball says 1.6.0, its binary answers 1.5.0.
      "1.6.0": debian,
    };
  });

  it("succeeds on an exporter whose /metrics is far larger than a pipe (a big textfile collector file)", async () => {
    const box = await fx.open();
    const textfiles = join(box.root, "var/lib/node_exporter/textfile_collector");
    await mkdir(textfiles, { recursive: true });
    await writeFile(join(textfiles, "padding.prom"), paddingMetrics(512 * 1024));
    const { code, stdout, stderr } = await box.run("install", box.release("1.5.0"), {
      FLEETWATCH_VERIFY_TRIES: "5",
    });
    expect(stderr).not.toContain("error");
    expect(code).toBe(0);
    expect(stdout).toContain(`node_exporter 1.5.0 answers on http://127.0.0.1:${box.port}/metrics`);
    // The body the script read: the build info first, then more than 256 KB after it.
    const body = (await answers(box.port)) ?? "";
    const after = body.slice(body.indexOf("\nnode_exporter_build_info{"));
    expect(after.length).toBeGreaterThan(256 * 1024);
    expect(after).toContain('zz_fleetwatch_padding{pad="');

    // The next run reads the same big body again and still finds nothing to change.
    const again = await box.run("install", box.release("1.5.0"), { FLEETWATCH_VERIFY_TRIES: "5" });
    expect(again.code).toBe(0);
    expect(again.stdout).toContain("nothing to change");
  });

  it("refuses to install while another exporter holds the port, naming it and the fix; installs once it is gone", async () => {
    const box = await fx.open();
    const port = box.port;
    const foreign = box.spawn("prometheus-node-exporter", DEBIAN_BINARY, [
      `--web.listen-address=127.0.0.1:${port}`,
    ]);
    await waitFor("the foreign exporter", 10_000, () => answers(port), foreign.log);

    const { code, stdout, stderr } = await box.run("install", box.release("1.5.0"));
    expect(code).toBe(1);
    expect(stdout).not.toContain("answers on");
    expect(stderr).toContain(
      `fleetwatch: error: port ${port} is already in use by pid ${foreign.child.pid} (prometheus-node)`,
    );
    expect(stderr).toMatch(/stop and disable it .* or set nodeExporter\.port to a free port/);
    expect(await box.exists("usr/local/bin/node_exporter")).toBe(false);
    expect(await box.calls()).toEqual([]);

    await foreign.stop();
    const next = await box.run("install", box.release("1.5.0"));
    expect(next.code).toBe(0);
    expect(next.stdout).toContain(`node_exporter 1.5.0 answers on http://127.0.0.1:${port}/metrics`);
  });

  it("fails when the exporter answers with another version than the release it installed", async () => {
    const box = await fx.open();
    const { code, stdout, stderr } = await box.run("install", box.release("1.6.0"), {
      FLEETWATCH_VERIFY_TRIES: "2",
    });
    expect(code).toBe(1);
    expect(stdout).not.toContain("answers on");
    expect(stderr).toContain(
      `fleetwatch: error: verification of node_exporter 1.6.0 failed after 2 tries: the node_exporter on port ${box.port} reports version 1.5.0, not 1.6.0`,
    );
  });

  it("fails when another process took the port before the service started, even with the same version", async () => {
    const box = await fx.open();
    const port = box.port;
    const pidFile = join(box.root, "intruder.pid");
    // Started by the fake systemd just before the service: the race the port check before installing cannot see.
    const intruder = `${DEBIAN_BINARY} --web.listen-address=127.0.0.1:${port} >/dev/null 2>&1 </dev/null & echo $! >'${pidFile}'; sleep 0.5`;
    try {
      const { code, stdout, stderr } = await box.run("install", box.release("1.5.0"), {
        FAKE_BEFORE_START: intruder,
        FLEETWATCH_VERIFY_TRIES: "3",
      });
      const pid = (await readFile(pidFile, "utf8")).trim();
      expect(code).toBe(1);
      expect(stdout).not.toContain("answers on");
      expect(stderr).toMatch(
        new RegExp(
          `fleetwatch: error: verification of node_exporter 1\\.5\\.0 failed after 3 tries: port ${port} is answered by pid ${pid} \\(prometheus-node[^)]*\\), not by the node_exporter service \\(MainPID \\d+\\)`,
        ),
      );
    } finally {
      const pid = Number((await readFile(pidFile, "utf8").catch(() => "")).trim());
      if (pid > 0) process.kill(pid);
    }
  });
});
