import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { INSTALL_SCRIPT_PATH } from "@fleetwatch/onboarding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ARCH,
  createSandbox,
  DEBIAN_BINARY,
  exporterReporting,
  type ReleaseServer,
  type Sandbox,
  startReleaseServer,
} from "./script-sandbox.js";

const exec = promisify(execFile);
const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

describe("assets/node-exporter.sh", () => {
  let srv: string;
  let server: ReleaseServer;
  let box: Sandbox;
  const binaries: Record<string, Buffer> = {};

  beforeAll(async () => {
    srv = await mkdtemp(join(tmpdir(), "fleetwatch-releases-"));
    binaries["1.5.0"] = await readFile(DEBIAN_BINARY);
    // The upgrade reports its own version, as a real release does.
    binaries["1.5.1"] = exporterReporting(binaries["1.5.0"], "1.5.1");
    server = await startReleaseServer(srv, binaries);
    box = await createSandbox(server);
  });

  afterAll(async () => {
    await box?.close();
    await server?.close();
    await rm(srv, { recursive: true, force: true });
  });

  it("is shellcheck clean", async () => {
    const { stdout } = await exec("shellcheck", ["--severity=style", INSTALL_SCRIPT_PATH.pathname]);
    expect(stdout).toBe("");
  });

  it("installs nothing and exits non-zero with a clear message when the checksum is wrong", async () => {
    const result = await box.run("install", box.release("1.5.0", "0".repeat(64)));
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `fleetwatch: error: checksum mismatch for node_exporter-1.5.0.linux-${ARCH}.tar.gz: expected sha256 ${"0".repeat(64)}, got ${server.sums["1.5.0"]}; nothing was installed`,
    );
    expect(await box.exists("usr/local/bin/node_exporter")).toBe(false);
    expect(await box.exists("etc/systemd/system/node_exporter.service")).toBe(false);
    expect(await box.calls()).toEqual([]);
  });

  it("installs a verified binary, a hardened unit and a user; the exporter serves /metrics", async () => {
    const { code, stdout, stderr } = await box.run("install", box.release("1.5.0"));
    expect({ code, stderr }).toEqual({ code: 0, stderr: expect.any(String) });
    expect(stdout).toContain(
      `node_exporter 1.5.0 answers on http://127.0.0.1:${box.port}/metrics (pid ${await box.mainPid()}, the node_exporter service)`,
    );
    expect(await readFile(join(box.root, "usr/local/bin/node_exporter"))).toEqual(binaries["1.5.0"]);
    const unit = await box.read("etc/systemd/system/node_exporter.service");
    expect(unit).toContain(
      `ExecStart=/usr/local/bin/node_exporter --web.listen-address=127.0.0.1:${box.port} --collector.textfile.directory=/var/lib/node_exporter/textfile_collector --collector.processes --no-collector.arp\n`,
    );
    for (const line of ["User=node_exporter", "NoNewPrivileges=yes", "Restart=always"])
      expect(unit.split("\n")).toContain(line);
    expect(await box.exists("var/lib/node_exporter/textfile_collector")).toBe(true);
    expect(await box.read("etc/passwd")).toMatch(/^node_exporter:.*nologin$/m);
    expect(await box.calls()).toEqual([
      "useradd --system --no-create-home --home-dir / --shell /sbin/nologin --user-group node_exporter",
      "getenforce",
      `semanage port --add --type http_port_t --proto tcp ${box.port}`,
      "systemctl daemon-reload",
      "systemctl enable node_exporter",
      "systemctl restart node_exporter",
    ]);
    const metrics = await (await fetch(`http://127.0.0.1:${box.port}/metrics`)).text();
    expect(metrics).toMatch(/^node_exporter_build_info\{.*version="1\.5\.0.*\} 1$/m);
  });

  it("changes nothing on a second run with the same release (no restart)", async () => {
    const before = await box.calls();
    const { code, stdout } = await box.run("install", box.release("1.5.0"));
    expect(code).toBe(0);
    expect(stdout).toContain("already installed with this configuration: nothing to change");
    expect((await box.calls()).slice(before.length)).toEqual(["systemctl is-active --quiet node_exporter"]);
  });

  it("upgrades in place: replaces the binary, restarts once and the new version answers", async () => {
    const before = await box.calls();
    const { code, stdout } = await box.run("install", box.release("1.5.1"));
    expect(code).toBe(0);
    expect(stdout).toContain(`node_exporter 1.5.1 answers on http://127.0.0.1:${box.port}/metrics`);
    expect(sha256(await readFile(join(box.root, "usr/local/bin/node_exporter")))).toBe(
      sha256(binaries["1.5.1"] as Buffer),
    );
    const added = (await box.calls()).slice(before.length);
    expect(added.filter((c) => c === "systemctl restart node_exporter")).toHaveLength(1);
    expect(added.filter((c) => c.startsWith("useradd"))).toEqual([]);
    expect(await (await fetch(`http://127.0.0.1:${box.port}/metrics`)).text()).toMatch(
      /^node_exporter_build_info\{.*version="1\.5\.1".*\} 1$/m,
    );
  });

  it("uninstalls everything: service, unit, binary, directories and user", async () => {
    const before = await box.calls();
    expect((await box.run("uninstall", box.release("1.5.1"))).code).toBe(0);
    for (const path of [
      "usr/local/bin/node_exporter",
      "etc/systemd/system/node_exporter.service",
      "etc/node_exporter",
      "var/lib/node_exporter",
    ])
      expect(await box.exists(path), path).toBe(false);
    expect(await box.read("etc/passwd")).not.toContain("node_exporter");
    expect((await box.calls()).slice(before.length)).toEqual([
      "systemctl disable --now node_exporter",
      "systemctl daemon-reload",
      "userdel node_exporter",
    ]);
    await expect(fetch(`http://127.0.0.1:${box.port}/metrics`)).rejects.toThrow();
  });
});
