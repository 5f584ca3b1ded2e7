#!/usr/bin/env node
// The real tools the tests run (Debian 12 packages): present, or installed when this machine can (root or
// password-less sudo with apt-get), or a clear message saying how. Runs before `npm test`.
import { spawnSync } from "node:child_process";

/** Debian package -> a command it installs. */
const TOOLS = {
  prometheus: "promtool",
  "prometheus-alertmanager": "amtool",
  "prometheus-node-exporter": "prometheus-node-exporter",
  shellcheck: "shellcheck",
};
/** Daemons the packages ship init scripts for; none of them may hold the ports tests use. */
const DAEMONS = ["prometheus", "prometheus-alertmanager", "prometheus-node-exporter"];

const has = (command) => spawnSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" }).status === 0;
const missing = Object.entries(TOOLS)
  .filter(([, command]) => !has(command))
  .map(([pkg]) => pkg);
if (missing.length === 0) process.exit(0);

const root = process.getuid?.() === 0;
const sudo = !root && has("sudo") && spawnSync("sudo", ["-n", "true"], { stdio: "ignore" }).status === 0;
if (!has("apt-get") || !(root || sudo)) {
  console.error(
    `The tests run real tools that are missing here: ${missing.join(", ")}.\n` +
      `On Debian or Ubuntu: sudo apt-get install -y --no-install-recommends ${missing.join(" ")}`,
  );
  process.exit(1);
}
const run = (args) => {
  const [cmd, ...rest] = root ? args : ["sudo", ...args];
  const result = spawnSync(cmd, rest, { stdio: ["ignore", "ignore", "inherit"] });
  if (result.status !== 0) {
    console.error(`failed: ${args.join(" ")}`);
    process.exit(1);
  }
};
console.error(`installing the tools the tests run: ${missing.join(", ")}`);
run(["apt-get", "update", "-qq"]);
run([
  "env",
  "DEBIAN_FRONTEND=noninteractive",
  "apt-get",
  "install",
  "-y",
  "-qq",
  "--no-install-recommends",
  ...missing,
]);
for (const daemon of DAEMONS)
  spawnSync(root ? "pkill" : "sudo", root ? ["-x", daemon] : ["pkill", "-x", daemon]);
