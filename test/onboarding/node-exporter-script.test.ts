import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { createServer, type Server } from "node:http";
import { type AddressInfo, createServer as createTcpServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import {
  commandDocument,
  documentParameters,
  type ExporterRelease,
  INSTALL_SCRIPT_PATH,
  renderRunCommand,
} from "@fleetwatch/onboarding";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const exec = promisify(execFile);
const DEBIAN_BINARY = "/usr/bin/prometheus-node-exporter";
const ARCH = process.arch === "arm64" ? "arm64" : "amd64";
const REGION = "us-east-1";

/** Fakes put first on PATH inside the sandbox: each records its call; systemctl really starts the exporter. */
const FAKES: Record<string, string> = {
  systemctl: `#!/usr/bin/env bash
echo "systemctl $*" >>"$FLEETWATCH_ROOT/calls.log"
pidfile="$FLEETWATCH_ROOT/run/node_exporter.pid"
unit="$FLEETWATCH_ROOT/etc/systemd/system/node_exporter.service"
stop() {
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"; kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
}
start() {
  mkdir -p "$FLEETWATCH_ROOT/run"
  read -r -a cmd <<<"$(sed -n 's/^ExecStart=//p' "$unit")"
  nohup "$FLEETWATCH_ROOT\${cmd[0]}" "\${cmd[@]:1}" >"$FLEETWATCH_ROOT/run/node_exporter.log" 2>&1 &
  echo $! >"$pidfile"
}
case "$1" in
  restart) stop; start ;;
  start) start ;;
  stop) stop ;;
  is-active) [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null ;;
  disable) [ "\${2:-}" = --now ] && stop ;;
esac
exit 0
`,
  useradd: `#!/usr/bin/env bash
echo "useradd $*" >>"$FLEETWATCH_ROOT/calls.log"
echo "\${!#}:x:990:990::/:/usr/sbin/nologin" >>"$FLEETWATCH_ROOT/etc/passwd"
`,
  userdel: `#!/usr/bin/env bash
echo "userdel $*" >>"$FLEETWATCH_ROOT/calls.log"
sed -i "/^$1:/d" "$FLEETWATCH_ROOT/etc/passwd"
`,
  getenforce: `#!/usr/bin/env bash
echo "getenforce" >>"$FLEETWATCH_ROOT/calls.log"
echo Enforcing
`,
  semanage: `#!/usr/bin/env bash
echo "semanage $*" >>"$FLEETWATCH_ROOT/calls.log"
`,
};

const sha256 = (data: Buffer) => createHash("sha256").update(data).digest("hex");

async function freePort(): Promise<number> {
  const server = createTcpServer();
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  const { port } = server.address() as AddressInfo;
  await new Promise((done) => server.close(done));
  return port;
}

/** A release-shaped tarball (`node_exporter-<v>.linux-<arch>/node_exporter`) under `<srv>/v<v>/`. */
async function releaseTarball(srv: string, version: string, binary: Buffer): Promise<string> {
  const name = `node_exporter-${version}.linux-${ARCH}`;
  const build = join(srv, "build", name);
  await mkdir(build, { recursive: true });
  await writeFile(join(build, "node_exporter"), binary, { mode: 0o755 });
  await mkdir(join(srv, `v${version}`), { recursive: true });
  const tarball = join(srv, `v${version}`, `${name}.tar.gz`);
  await exec("tar", ["-czf", tarball, "-C", join(srv, "build"), name]);
  return sha256(await readFile(tarball));
}

describe("assets/node-exporter.sh", () => {
  let work: string;
  let root: string;
  let server: Server;
  let source: string;
  let port: number;
  const sums: Record<string, string> = {};
  const binaries: Record<string, Buffer> = {};

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), "fleetwatch-script-"));
    root = join(work, "root");
    const srv = join(work, "srv");
    const fakes = join(work, "fakes");
    await mkdir(join(root, "etc"), { recursive: true });
    await mkdir(fakes, { recursive: true });
    await writeFile(
      join(root, "etc/os-release"),
      'NAME="Amazon Linux"\nID="amzn"\nID_LIKE="centos rhel fedora"\n',
    );
    await writeFile(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
    for (const [name, body] of Object.entries(FAKES)) {
      await writeFile(join(fakes, name), body);
      await chmod(join(fakes, name), 0o755);
    }
    const debian = await readFile(DEBIAN_BINARY);
    binaries["1.5.0"] = debian;
    // The "upgrade" differs in its bytes (trailing bytes keep an ELF runnable), so a replacement shows.
    binaries["1.5.1"] = Buffer.concat([debian, Buffer.from("fleetwatch-upgrade-marker")]);
    for (const [version, binary] of Object.entries(binaries))
      sums[version] = await releaseTarball(srv, version, binary);

    let requests = 0;
    server = createServer(async (req, res) => {
      if (++requests > 50) return res.writeHead(429).end();
      try {
        res.writeHead(200).end(await readFile(join(srv, (req.url ?? "/").replace(/\.\./g, ""))));
      } catch {
        res.writeHead(404).end();
      }
    });
    server.requestTimeout = 10_000;
    await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
    source = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    port = await freePort();
    process.env.FAKES_PATH = fakes;
  });

  afterAll(async () => {
    const pid = await readFile(join(root, "run/node_exporter.pid"), "utf8").catch(() => "");
    if (pid.trim()) {
      try {
        process.kill(Number(pid.trim()));
      } catch {
        // already stopped
      }
    }
    await new Promise((done) => server?.close(done));
    await rm(work, { recursive: true, force: true });
  });

  function release(version: string, sha = sums[version] ?? ""): ExporterRelease {
    return {
      version,
      sha256: { amd64: sha, arm64: sha },
      sources: { [REGION]: source },
      port,
      collectors: "processes -arp",
    };
  }

  /** Runs the SSM document's own shell (parameters substituted as SSM does) inside the sandbox root. */
  async function runDocument(action: "install" | "uninstall", rel: ExporterRelease) {
    const shell = renderRunCommand(commandDocument(rel, REGION), documentParameters(action, rel, REGION));
    return exec("bash", ["-c", shell], {
      timeout: 60_000,
      env: {
        PATH: `${process.env.FAKES_PATH}:${process.env.PATH}`,
        FLEETWATCH_ROOT: root,
        FLEETWATCH_LISTEN_HOST: "127.0.0.1",
        FLEETWATCH_VERIFY_TRIES: "15",
        TMPDIR: work,
      },
    });
  }
  const calls = async () =>
    (await readFile(join(root, "calls.log"), "utf8").catch(() => "")).trim().split("\n");
  const exists = (path: string) =>
    stat(join(root, path)).then(
      () => true,
      () => false,
    );

  it("is shellcheck clean", async () => {
    const { stdout } = await exec("shellcheck", ["--severity=style", INSTALL_SCRIPT_PATH.pathname]);
    expect(stdout).toBe("");
  });

  it("installs nothing and exits non-zero with a clear message when the checksum is wrong", async () => {
    const wrong = release("1.5.0", "0".repeat(64));
    await expect(runDocument("install", wrong)).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining(
        `checksum mismatch for node_exporter-1.5.0.linux-${ARCH}.tar.gz: expected sha256 ${"0".repeat(64)}, got ${sums["1.5.0"]}; nothing was installed`,
      ),
    });
    expect(await exists("usr/local/bin/node_exporter")).toBe(false);
    expect(await exists("etc/systemd/system/node_exporter.service")).toBe(false);
    expect(await calls()).toEqual([""]);
  });

  it("installs a verified binary, a hardened unit and a user; the exporter serves /metrics", async () => {
    const { stdout } = await runDocument("install", release("1.5.0"));
    expect(stdout).toContain(`node_exporter 1.5.0 answers on http://127.0.0.1:${port}/metrics`);
    expect(await readFile(join(root, "usr/local/bin/node_exporter"))).toEqual(binaries["1.5.0"]);
    const unit = await readFile(join(root, "etc/systemd/system/node_exporter.service"), "utf8");
    expect(unit).toContain(
      `ExecStart=/usr/local/bin/node_exporter --web.listen-address=127.0.0.1:${port} --collector.textfile.directory=/var/lib/node_exporter/textfile_collector --collector.processes --no-collector.arp\n`,
    );
    for (const line of [
      "User=node_exporter",
      "NoNewPrivileges=yes",
      "ProtectHome=yes",
      "ProtectSystem=strict",
      "ProtectControlGroups=yes",
      "ProtectKernelModules=yes",
      "ProtectKernelTunables=yes",
      "Restart=always",
    ])
      expect(unit.split("\n")).toContain(line);
    expect(await exists("var/lib/node_exporter/textfile_collector")).toBe(true);
    expect(await readFile(join(root, "etc/passwd"), "utf8")).toMatch(/^node_exporter:.*nologin$/m);
    expect(await calls()).toEqual([
      "useradd --system --no-create-home --home-dir / --shell /sbin/nologin --user-group node_exporter",
      "getenforce",
      `semanage port --add --type http_port_t --proto tcp ${port}`,
      "systemctl daemon-reload",
      "systemctl enable node_exporter",
      "systemctl restart node_exporter",
    ]);
    const metrics = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
    expect(metrics).toMatch(/^node_exporter_build_info\{.*version="1\.5\.0.*\} 1$/m);
  });

  it("changes nothing on a second run with the same release (no restart)", async () => {
    const before = await calls();
    const { stdout } = await runDocument("install", release("1.5.0"));
    expect(stdout).toContain("already installed with this configuration: nothing to change");
    expect((await calls()).slice(before.length)).toEqual(["systemctl is-active --quiet node_exporter"]);
  });

  it("upgrades in place: replaces the binary and restarts once", async () => {
    const before = await calls();
    await runDocument("install", release("1.5.1"));
    expect(sha256(await readFile(join(root, "usr/local/bin/node_exporter")))).toBe(
      sha256(binaries["1.5.1"] as Buffer),
    );
    const added = (await calls()).slice(before.length);
    expect(added.filter((c) => c === "systemctl restart node_exporter")).toHaveLength(1);
    expect(added.filter((c) => c.startsWith("useradd"))).toEqual([]);
    expect(await (await fetch(`http://127.0.0.1:${port}/metrics`)).text()).toContain(
      "node_exporter_build_info",
    );
  });

  it("uninstalls everything: service, unit, binary, directories and user", async () => {
    const before = await calls();
    await runDocument("uninstall", release("1.5.1"));
    for (const path of [
      "usr/local/bin/node_exporter",
      "etc/systemd/system/node_exporter.service",
      "etc/node_exporter",
      "var/lib/node_exporter",
    ])
      expect(await exists(path), path).toBe(false);
    expect(await readFile(join(root, "etc/passwd"), "utf8")).not.toContain("node_exporter");
    expect((await calls()).slice(before.length)).toEqual([
      "systemctl disable --now node_exporter",
      "systemctl daemon-reload",
      "userdel node_exporter",
    ]);
    await expect(fetch(`http://127.0.0.1:${port}/metrics`)).rejects.toThrow();
  });
});
