import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { cpus } from "node:os";
import type { HostProfile } from "../../../packages/monitoring/src/capacity/host.js";

// The machine the tests run on, as the capacity model's HostProfile, read the way node_exporter's collectors
// read it (their default exclusions included).

/** diskstats' default `--collector.diskstats.device-exclude`. */
const DISK_EXCLUDE = /^(z?ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\d+n\d+p)\d+$/;
/** filesystem's default `--collector.filesystem.fs-types-exclude`. */
const FS_TYPES_EXCLUDE =
  /^(autofs|binfmt_misc|bpf|cgroup2?|configfs|debugfs|devpts|devtmpfs|fusectl|hugetlbfs|iso9660|mqueue|nsfs|overlay|proc|procfs|pstore|rpc_pipefs|securityfs|selinuxfs|squashfs|erofs|sysfs|tracefs)$/;
/** filesystem's default `--collector.filesystem.mount-points-exclude`. */
const MOUNT_POINTS_EXCLUDE =
  /^\/(dev|proc|run\/credentials\/.+|sys|var\/lib\/docker\/.+|var\/lib\/containers\/storage\/.+)($|\/)/;
/** systemd's default `--collector.systemd.unit-exclude`. */
const UNIT_EXCLUDE = /\.(automount|device|mount|scope|slice|target)$/;

function entries(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir) : [];
}

/** The mounts node_exporter reads (PID 1's, else this process's), as [mount point, fs type]. */
function mounts(): [string, string][] {
  const file = existsSync("/proc/1/mounts") ? "/proc/1/mounts" : "/proc/self/mounts";
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => {
      const [, point = "", type = ""] = line.split(" ");
      return [point, type];
    });
}

/** Units systemctl lists that the systemd collector keeps; 0 when systemd is not running (as in a container). */
function systemdUnits(): number {
  if (!existsSync("/run/systemd/system")) return 0;
  const listed = spawnSync("systemctl", ["list-units", "--all", "--no-legend", "--plain"], {
    encoding: "utf8",
    timeout: 10_000,
  });
  if (listed.status !== 0) return 0;
  return listed.stdout
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[0] ?? "")
    .filter((unit) => unit !== "" && !UNIT_EXCLUDE.test(unit)).length;
}

/** This machine's host profile. */
export function thisHost(): HostProfile {
  const disks = readFileSync("/proc/diskstats", "utf8")
    .split("\n")
    .map((line) => line.trim().split(/\s+/)[2] ?? "")
    .filter((name) => name !== "" && !DISK_EXCLUDE.test(name));
  const filesystems = mounts().filter(
    ([point, type]) => !FS_TYPES_EXCLUDE.test(type) && !MOUNT_POINTS_EXCLUDE.test(point),
  );
  return {
    cpus: cpus().length,
    cpufreqCpus: entries("/sys/devices/system/cpu").filter((cpu) =>
      existsSync(`/sys/devices/system/cpu/${cpu}/cpufreq`),
    ).length,
    networkInterfaces: entries("/sys/class/net").length,
    disks: new Set(disks).size,
    nvmeControllers: entries("/sys/class/nvme").length,
    filesystems: new Set(filesystems.map(([point]) => point)).size,
    xfsFilesystems: filesystems.filter(([, type]) => type === "xfs").length,
    systemdUnits: systemdUnits(),
  };
}
