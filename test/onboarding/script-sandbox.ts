import { execFile } from "node:child_process";
import { createHash } from "node:crypto";
import { chmod, mkdir, mkdtemp, readdir, readFile, rm, stat, symlink, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { delimiter, join } from "node:path";
import {
  commandDocument,
  documentParameters,
  type ExporterRelease,
  renderRunCommand,
} from "@fleetwatch/onboarding";
import { afterAll, afterEach, beforeAll } from "vitest";
import { freePort, type RunningProcess, startProcess } from "../monitoring/processes.js";

// A sandbox root for the install script: the SSM document runs under dash as the agent runs it, with fake
// systemctl/useradd/userdel/getenforce/semanage first on PATH and every path the script writes under FLEETWATCH_ROOT.

/** The Debian package's node_exporter (version 1.5.0): the real exporter the sandbox's fake systemd runs. */
export const DEBIAN_BINARY = "/usr/bin/prometheus-node-exporter";
/** The version `DEBIAN_BINARY` reports in `node_exporter_build_info`. */
export const DEBIAN_VERSION = "1.5.0";
/** The architecture of the release tarballs the sandbox serves (this machine's). */
export const ARCH = process.arch === "arm64" ? "arm64" : "amd64";
/** The region the sandbox plays (the document takes the instances' region for its mirror). */
export const SANDBOX_REGION = "us-east-1";
/** What systemd 252 (Amazon Linux 2023, Debian 12) prints first for `systemctl --version`. */
export const SYSTEMD_252 = "systemd 252 (252.17-1~deb12u1)";
/** What systemd 219 (Amazon Linux 2) prints first for `systemctl --version`. */
export const SYSTEMD_219 = "systemd 219";

/** Fakes put first on PATH inside the sandbox: each records its call; systemctl really starts the exporter. */
const FAKES: Record<string, string> = {
  systemctl: `#!/usr/bin/env bash
echo "systemctl $*" >>"$FLEETWATCH_ROOT/calls.log"
pidfile="$FLEETWATCH_ROOT/run/node_exporter.pid"
unit="$FLEETWATCH_ROOT/etc/systemd/system/node_exporter.service"
main_pid() {
  local pid
  pid="$(cat "$pidfile" 2>/dev/null || true)"
  if [ -n "$pid" ] && kill -0 "$pid" 2>/dev/null; then echo "$pid"; else echo 0; fi
}
stop() {
  [ -f "$pidfile" ] || return 0
  pid="$(cat "$pidfile")"; kill "$pid" 2>/dev/null || true
  for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$pidfile"
}
# systemd starts a service with stdin, stdout and stderr only: close what the caller left open (its lock).
close_fds() {
  local fd n
  for fd in /proc/$BASHPID/fd/*; do
    n="\${fd##*/}"
    if [ "$n" -gt 2 ] && [ "$n" -ne 255 ]; then eval "exec $n>&-"; fi
  done
}
start() {
  mkdir -p "$FLEETWATCH_ROOT/run"
  if [ -n "\${FAKE_BEFORE_START:-}" ]; then (close_fds; bash -c "$FAKE_BEFORE_START"); fi
  read -r -a cmd <<<"$(sed -n 's/^ExecStart=//p' "$unit")"
  args=()
  for arg in "\${cmd[@]:1}"; do
    case "$arg" in
      --collector.textfile.directory=/*) args+=("--collector.textfile.directory=$FLEETWATCH_ROOT\${arg#*=}") ;;
      *) args+=("$arg") ;;
    esac
  done
  (
    close_fds
    exec nohup "$FLEETWATCH_ROOT\${cmd[0]}" "\${args[@]}" >"$FLEETWATCH_ROOT/run/node_exporter.log" 2>&1 </dev/null
  ) &
  echo $! >"$pidfile"
}
case "$1" in
  --version) printf '%s\\n+PAM +AUDIT +SELINUX\\n' "\${FAKE_SYSTEMD_VERSION:-${SYSTEMD_252}}" ;;
  show) [ "$2 $3" = "-p MainPID" ] && echo "MainPID=$(main_pid)" ;;
  restart) stop; start ;;
  start) start ;;
  stop) stop ;;
  is-active) [ "$(main_pid)" != 0 ] ;;
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
  // The AWS CLI's "aws s3 cp --only-show-errors s3://bucket/key dest": copies FAKE_S3_ROOT/bucket/key, or fails as
  // the CLI does (with FAKE_S3_ERROR as its message, else a 404 for a missing key).
  aws: `#!/usr/bin/env bash
echo "aws $*" >>"$FLEETWATCH_ROOT/calls.log"
[ "$1 $2 $3" = "s3 cp --only-show-errors" ] || { echo "fake aws: unexpected call: $*" >&2; exit 2; }
if [ -n "\${FAKE_S3_ERROR:-}" ]; then echo "$FAKE_S3_ERROR" >&2; exit 1; fi
key="\${4#s3://}"
cp "\${FAKE_S3_ROOT:-/nonexistent}/$key" "$5" 2>/dev/null ||
  { echo "fatal error: An error occurred (404) when calling the HeadObject operation: Not Found" >&2; exit 1; }
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
const exec = (command: string, args: string[]) =>
  new Promise<void>((resolve, reject) =>
    execFile(command, args, (error) => (error ? reject(error) : resolve())),
  );

/**
 * The Debian exporter made to report `version` (same length as 1.5.0) in `node_exporter_build_info`: Go keeps the
 * `-X ...version.Version=1.5.0` string NUL-delimited in its data, so patching those bytes changes the answer.
 */
export function exporterReporting(debian: Buffer, version: string): Buffer {
  if (version.length !== DEBIAN_VERSION.length) throw new Error(`${version} must have 5 characters`);
  const at = debian.indexOf(Buffer.from(`\0${DEBIAN_VERSION}\0`));
  if (at < 0) throw new Error(`${DEBIAN_BINARY} holds no \\0${DEBIAN_VERSION}\\0 to patch`);
  const patched = Buffer.from(debian);
  patched.write(version, at + 1, "latin1");
  return patched;
}

/** Release tarballs (`v<v>/node_exporter-<v>.linux-<arch>.tar.gz`) served from 127.0.0.1; counts every request. */
export interface ReleaseServer {
  /** The base URL (`nodeExporter.source`). */
  readonly source: string;
  /** sha256 of each version's tarball. */
  readonly sums: Record<string, string>;
  /** How many requests asked for each URL path. */
  readonly requests: Map<string, number>;
  /** The URL path of a version's tarball. */
  tarballPath(version: string): string;
  close(): Promise<void>;
}

/** Builds one tarball per version (the binary it holds as given) under `dir` and serves them. Always `close()`. */
export async function startReleaseServer(
  dir: string,
  binaries: Record<string, Buffer>,
): Promise<ReleaseServer> {
  const sums: Record<string, string> = {};
  const tarballPath = (version: string) => `/v${version}/node_exporter-${version}.linux-${ARCH}.tar.gz`;
  for (const [version, binary] of Object.entries(binaries)) {
    const name = `node_exporter-${version}.linux-${ARCH}`;
    const build = join(dir, "build", name);
    await mkdir(build, { recursive: true });
    await writeFile(join(build, "node_exporter"), binary, { mode: 0o755 });
    await mkdir(join(dir, `v${version}`), { recursive: true });
    await exec("tar", ["-czf", join(dir, tarballPath(version)), "-C", join(dir, "build"), name]);
    sums[version] = sha256(await readFile(join(dir, tarballPath(version))));
  }
  const requests = new Map<string, number>();
  let total = 0;
  const server = createServer(async (req, res) => {
    const path = (req.url ?? "/").replace(/\.\./g, "");
    requests.set(path, (requests.get(path) ?? 0) + 1);
    if (++total > 100) return res.writeHead(429).end();
    try {
      res.writeHead(200).end(await readFile(join(dir, path)));
    } catch {
      res.writeHead(404).end();
    }
  });
  server.requestTimeout = 10_000;
  await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
  return {
    source: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sums,
    requests,
    tarballPath,
    close: () => {
      server.closeAllConnections();
      return new Promise<void>((done) => server.close(() => done()));
    },
  };
}

/** What one run of the document printed and how it exited. */
export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface SandboxOptions {
  /**
   * First line of the fake `systemctl --version`.
   * @default SYSTEMD_252
   */
  systemd?: string;
  /** Commands the sandbox's PATH must lack (e.g. `semanage`, `flock`): every other command on PATH stays. */
  without?: string[];
}

/** One sandbox root with its own port; `close()` stops every process it started and removes it. */
export interface Sandbox {
  readonly root: string;
  /** The port the sandbox's exporter is configured for (free when the sandbox was made). */
  readonly port: number;
  /** The lock file the script takes (flock) and its mkdir fallback's directory. */
  readonly lockPath: string;
  release(version: string, sha?: string): ExporterRelease;
  /** Runs the SSM document's own shell (parameters substituted as SSM does) under dash, as the agent does. */
  run(
    action: "install" | "uninstall",
    release: ExporterRelease,
    env?: Record<string, string>,
  ): Promise<RunResult>;
  /** The commands the fakes recorded (read-only systemctl queries left out). */
  calls(): Promise<string[]>;
  exists(path: string): Promise<boolean>;
  read(path: string): Promise<string>;
  /** Starts a process stopped by `close()`. */
  spawn(name: string, command: string, args: string[]): RunningProcess;
  /** The PID of the exporter the fake systemd runs, or undefined. */
  mainPid(): Promise<number | undefined>;
  close(): Promise<void>;
}

/** Symlinks to every command on PATH except `without`, so the script sees them as not installed. */
async function pathWithout(dir: string, without: string[]): Promise<string> {
  await mkdir(dir, { recursive: true });
  const seen = new Set(without);
  for (const entry of (process.env.PATH ?? "").split(delimiter)) {
    const names = await readdir(entry).catch(() => [] as string[]);
    for (const name of names) {
      if (seen.has(name)) continue;
      seen.add(name);
      await symlink(join(entry, name), join(dir, name));
    }
  }
  return dir;
}

/** A sandbox root for an Amazon Linux instance (SELinux enforcing) served by `server`. */
export async function createSandbox(server: ReleaseServer, options: SandboxOptions = {}): Promise<Sandbox> {
  const work = await mkdtemp(join(tmpdir(), "fleetwatch-script-"));
  const root = join(work, "root");
  const fakes = join(work, "fakes");
  await mkdir(join(root, "etc"), { recursive: true });
  await mkdir(fakes, { recursive: true });
  await writeFile(
    join(root, "etc/os-release"),
    'NAME="Amazon Linux"\nID="amzn"\nID_LIKE="centos rhel fedora"\n',
  );
  await writeFile(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
  const without = options.without ?? [];
  for (const [name, body] of Object.entries(FAKES)) {
    if (without.includes(name)) continue;
    await writeFile(join(fakes, name), body);
    await chmod(join(fakes, name), 0o755);
  }
  const path = without.length
    ? `${fakes}${delimiter}${await pathWithout(join(work, "bin"), without)}`
    : `${fakes}${delimiter}${process.env.PATH}`;
  const port = await freePort();
  const started: RunningProcess[] = [];
  const mainPid = async () => {
    const pid = Number((await readFile(join(root, "run/node_exporter.pid"), "utf8").catch(() => "")).trim());
    return pid > 0 ? pid : undefined;
  };
  return {
    root,
    port,
    lockPath: join(root, "run/fleetwatch-node-exporter.lock"),
    release: (version, sha = server.sums[version] ?? "") => ({
      version,
      sha256: { amd64: sha, arm64: sha },
      sources: { [SANDBOX_REGION]: server.source },
      port,
      collectors: "processes -arp",
    }),
    run: (action, release, env = {}) => {
      const shell = renderRunCommand(
        commandDocument(release, SANDBOX_REGION),
        documentParameters(action, release, SANDBOX_REGION),
      );
      return new Promise((resolve) =>
        execFile(
          "dash",
          ["-c", shell],
          {
            timeout: 60_000,
            env: {
              PATH: path,
              FLEETWATCH_ROOT: root,
              FLEETWATCH_LISTEN_HOST: "127.0.0.1",
              FLEETWATCH_VERIFY_TRIES: "15",
              FAKE_SYSTEMD_VERSION: options.systemd ?? SYSTEMD_252,
              TMPDIR: work,
              ...env,
            },
          },
          (error, stdout, stderr) =>
            resolve({ code: error ? (typeof error.code === "number" ? error.code : 1) : 0, stdout, stderr }),
        ),
      );
    },
    calls: async () =>
      (await readFile(join(root, "calls.log"), "utf8").catch(() => ""))
        .split("\n")
        .filter((line) => line && !/^systemctl (--version|show )/.test(line)),
    exists: (file) =>
      stat(join(root, file)).then(
        () => true,
        () => false,
      ),
    read: (file) => readFile(join(root, file), "utf8"),
    spawn: (name, command, args) => {
      const child = startProcess(name, command, args);
      started.push(child);
      return child;
    },
    mainPid,
    close: async () => {
      const pid = await mainPid();
      if (pid) {
        try {
          process.kill(pid);
        } catch {
          // already stopped
        }
      }
      await Promise.all(started.map((child) => child.stop()));
      await rm(work, { recursive: true, force: true });
    },
  };
}

/**
 * The sandboxes of one test file: a release server serving `releases` (started before the file's tests, stopped
 * after them) and one sandbox per test (`open`), closed after each test.
 */
export function sandboxes(releases: () => Promise<Record<string, Buffer>>) {
  let srv = "";
  let server: ReleaseServer | undefined;
  let box: Sandbox | undefined;
  beforeAll(async () => {
    srv = await mkdtemp(join(tmpdir(), "fleetwatch-releases-"));
    server = await startReleaseServer(srv, await releases());
  });
  afterEach(async () => {
    await box?.close();
    box = undefined;
  });
  afterAll(async () => {
    await server?.close();
    await rm(srv, { recursive: true, force: true });
  });
  const started = (): ReleaseServer => {
    if (!server) throw new Error("the release server is started before the tests");
    return server;
  };
  return {
    get server(): ReleaseServer {
      return started();
    },
    async open(options?: SandboxOptions): Promise<Sandbox> {
      box = await createSandbox(started(), options);
      return box;
    },
  };
}
