import { type ChildProcess, execFile, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { promisify } from "node:util";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { INIT_SCRIPT, RELOADER_SCRIPT } from "../../../stacks/monitoring/scripts";
import { ROOT } from "../../infra/harness";

const exec = promisify(execFile);
const FAKE_BIN = join(ROOT, "test/fixtures/bin");

/** Runs shellcheck on a script given on stdin. */
function shellcheck(script: string): Promise<{ code: number; out: string }> {
  return new Promise((resolve) => {
    const child = execFile("shellcheck", ["-s", "sh", "-"], { timeout: 20_000 }, (error, stdout) =>
      resolve({ code: error ? Number((error as { code?: number }).code ?? 1) : 0, out: stdout }),
    );
    child.stdin?.end(script);
  });
}

async function until(check: () => boolean, what: string, timeoutMs = 5_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

describe("config init and reloader scripts", () => {
  let dir: string;
  let env: Record<string, string>;
  let reloader: ChildProcess | undefined;
  const put = (key: string, content: string) => {
    const path = join(dir, "s3", "state", key);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, content);
  };
  const config = (path: string) => join(dir, "etc", path);

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "fleetwatch-scripts-"));
    env = {
      PATH: `${FAKE_BIN}:${process.env.PATH ?? ""}`,
      FAKE_S3: join(dir, "s3"),
      FAKE_CURL_LOG: join(dir, "curl.log"),
      FAKE_CURL_FAIL: join(dir, "curl.fail"),
      CONFIG_DIR: join(dir, "etc"),
      CONFIG_BUCKET: "state",
      CONFIG_PREFIX: "config",
      CONFIG_POINTER: "config/current",
      CONFIG_PATHS: "alertmanager rules/global",
    };
    put("config/current", "v1");
    put("config/v1/alertmanager/alertmanager.yml", "route: v1\n");
    put("config/v1/rules/global/old.yml", "groups: []\n");
    put("config/v1/prometheus/other/prometheus.yml", "not for this task\n");
  });

  afterEach(() => {
    reloader?.kill("SIGKILL");
    reloader = undefined;
    rmSync(dir, { recursive: true, force: true });
  });

  it.each([
    ["init", INIT_SCRIPT],
    ["reloader", RELOADER_SCRIPT],
  ])("the %s script passes shellcheck", async (_, script) => {
    expect(await shellcheck(script)).toEqual({ code: 0, out: "" });
  });

  it("init copies only the task's paths of the current version, writes the Slack secret and hands data dirs to nobody", async () => {
    const data = join(dir, "data", "prometheus");
    await exec("sh", ["-c", INIT_SCRIPT], {
      env: { ...env, SLACK_WEBHOOK_URL: "https://hooks.slack.invalid/x", DATA_DIRS: data },
      timeout: 10_000,
    });
    expect(readFileSync(config("alertmanager/alertmanager.yml"), "utf8")).toBe("route: v1\n");
    expect(existsSync(config("rules/global/old.yml"))).toBe(true);
    expect(existsSync(config("prometheus"))).toBe(false);
    expect(readFileSync(config(".version"), "utf8")).toBe("v1");
    expect(readFileSync(config("secrets/slack_webhook_url"), "utf8")).toBe("https://hooks.slack.invalid/x");
    expect(statSync(config("secrets/slack_webhook_url")).mode & 0o777).toBe(0o444);
    expect(statSync(data).uid).toBe(65534);
  });

  it("init fails, so the task never starts, when the version pointer is missing", async () => {
    rmSync(join(dir, "s3", "state", "config", "current"));
    const failed = await exec("sh", ["-c", INIT_SCRIPT], { env, timeout: 10_000 }).catch(
      (error: { code: number; stderr: string }) => error,
    );
    expect("code" in failed && failed.code).toBe(1);
    expect("stderr" in failed && failed.stderr).toContain("404");
  });

  it("the reloader swaps in a new version, and keeps retrying the reload until it succeeds", async () => {
    await exec("sh", ["-c", INIT_SCRIPT], { env, timeout: 10_000 });
    writeFileSync(env.FAKE_CURL_FAIL as string, "");
    reloader = spawn("sh", ["-c", RELOADER_SCRIPT], {
      env: { ...env, POLL_SECONDS: "0.05", RELOAD_URL: "http://127.0.0.1:9/-/reload" },
      stdio: "ignore",
    });
    put("config/v2/alertmanager/alertmanager.yml", "route: v2\n");
    put("config/v2/rules/global/new.yml", "groups: []\n");
    put("config/current", "v2");
    const log = () =>
      existsSync(env.FAKE_CURL_LOG as string) ? readFileSync(env.FAKE_CURL_LOG as string, "utf8") : "";
    await until(() => log().split("\n").length > 2, "two failed reloads");
    expect(readFileSync(config(".version"), "utf8")).toBe("v1");
    expect(readFileSync(config("alertmanager/alertmanager.yml"), "utf8")).toBe("route: v2\n");
    rmSync(env.FAKE_CURL_FAIL as string);
    await until(() => readFileSync(config(".version"), "utf8") === "v2", "version v2");
    expect(existsSync(config("rules/global/old.yml"))).toBe(false);
    expect(existsSync(config("rules/global/new.yml"))).toBe(true);
    expect(log()).toContain("-X POST --max-time 30 http://127.0.0.1:9/-/reload");
  });
});
