#!/usr/bin/env node
// Ensures .sst/platform (SST's component library and its Pulumi packages) exists for the
// pinned sst version, without AWS and without GitHub. Idempotent: does nothing when the
// platform is already there at the right version. See shared notes "SST 4 without AWS".
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const wanted = JSON.parse(readFileSync(join(root, "node_modules", "sst", "package.json"), "utf8")).version;
const platform = join(root, ".sst", "platform");
const versionFile = join(platform, "version");
const pulumiPackage = join(platform, "node_modules", "@pulumi", "pulumi", "package.json");
const awsPackage = join(platform, "node_modules", "@pulumi", "aws", "package.json");

function installed() {
  if (!existsSync(versionFile) || !existsSync(pulumiPackage) || !existsSync(awsPackage)) return undefined;
  return readFileSync(versionFile, "utf8").trim();
}

const have = installed();
if (have === wanted) process.exit(0);

console.error(
  have
    ? `sst platform is ${have}, wanted ${wanted}: reinstalling .sst/platform`
    : `sst platform missing: installing .sst/platform for sst ${wanted} (about 40 s, offline)`,
);
const result = spawnSync(join(root, "node_modules", ".bin", "sst"), ["install"], {
  cwd: root,
  stdio: ["ignore", "inherit", "inherit"],
  env: {
    ...process.env,
    SST_SKIP_DEPENDENCY_CHECK: "1",
    SST_NO_BUN: "1",
    SST_TELEMETRY_DISABLED: "1",
    SST_STAGE: process.env.SST_STAGE ?? "offline",
  },
});
if (result.status !== 0 || installed() !== wanted) {
  console.error(
    `sst install failed (exit ${result.status}); .sst/platform is not usable. ` +
      "Check that `npm ci` ran and that the npm registry is reachable.",
  );
  process.exit(1);
}
