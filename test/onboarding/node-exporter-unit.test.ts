import { readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { DEBIAN_BINARY, type SandboxOptions, SYSTEMD_219, SYSTEMD_252, sandboxes } from "./script-sandbox.js";

// The host-dependent parts of an install: the unit's hardening for the host's systemd, and SELinux port labelling.

const UNIT = "etc/systemd/system/node_exporter.service";
/** Options systemd only knows from version 232 on (older ones ignore them with a warning). */
const SINCE_232 = ["ProtectControlGroups=yes", "ProtectKernelModules=yes", "ProtectKernelTunables=yes"];

describe("assets/node-exporter.sh on different hosts", () => {
  const fx = sandboxes(async () => {
    return { "1.5.0": await readFile(DEBIAN_BINARY) };
  });

  async function install(options: SandboxOptions) {
    const box = await fx.open(options);
    const result = await box.run("install", box.release("1.5.0"));
    return { ...result, box, unit: (await box.read(UNIT).catch(() => "")).split("\n") };
  }

  it("writes ProtectSystem=strict and the kernel/cgroup protections for systemd 252 (Amazon Linux 2023, Debian 12)", async () => {
    const { code, unit } = await install({ systemd: SYSTEMD_252 });
    expect(code).toBe(0);
    expect(unit).toContain("ProtectSystem=strict");
    for (const line of SINCE_232) expect(unit).toContain(line);
  });

  it("writes ProtectSystem=full and leaves out options systemd 219 (Amazon Linux 2) does not know", async () => {
    const { code, stderr, unit } = await install({ systemd: SYSTEMD_219 });
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(unit).toContain("ProtectSystem=full");
    expect(unit).not.toContain("ProtectSystem=strict");
    for (const line of SINCE_232) expect(unit.join("\n")).not.toContain(line.split("=")[0]);
    expect(unit).toContain("NoNewPrivileges=yes");
  });

  it.each([
    ["systemd 252", SYSTEMD_252],
    ["systemd 219", SYSTEMD_219],
  ])(
    "with /home as a mount (%s): the unit keeps /home visible to the filesystem collector",
    async (_, systemd) => {
      const { code, unit } = await install({ systemd });
      expect(code).toBe(0);
      expect(unit).toContain("ProtectHome=read-only");
      expect(unit).not.toContain("ProtectHome=yes");
      expect(unit).not.toContain("ProtectHome=tmpfs");
      expect(unit.filter((line) => /^(TemporaryFileSystem|InaccessiblePaths)=.*\/home/.test(line))).toEqual(
        [],
      );
    },
  );

  it("labels the port for SELinux with semanage when it is installed", async () => {
    const { code, stderr, box } = await install({});
    expect(code).toBe(0);
    expect(stderr).toBe("");
    expect(await box.calls()).toContain(`semanage port --add --type http_port_t --proto tcp ${box.port}`);
  });

  it("warns and still installs when SELinux enforces but semanage is missing; the next run warns again", async () => {
    const { code, stdout, stderr, box } = await install({ without: ["semanage"] });
    const warning =
      `fleetwatch: warning: SELinux is enforcing but semanage is missing: tcp port ${box.port} was not labelled http_port_t; ` +
      "if node_exporter cannot bind it, install semanage (dnf install policycoreutils-python-utils) and run fleetwatch again";
    expect(stderr).toContain(warning);
    expect(code).toBe(0);
    expect(stdout).toContain(`node_exporter 1.5.0 answers on http://127.0.0.1:${box.port}/metrics`);
    expect((await box.calls()).filter((call) => call.startsWith("semanage"))).toEqual([]);

    const again = await box.run("install", box.release("1.5.0"));
    expect(again.code).toBe(0);
    expect(again.stderr).toContain(warning);
  });
});
