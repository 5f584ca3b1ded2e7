/**
 * What a host has that node_exporter's series scale with. The capacity plan sizes a typical EC2 instance
 * ({@link TYPICAL_EC2_HOST}); the calibration test reads these from the machine it runs on.
 */
export interface HostProfile {
  /** Logical CPUs (`/proc/cpuinfo`, `os.cpus()`): cpu, schedstat and softnet report per CPU. */
  readonly cpus: number;
  /** CPUs with a cpufreq driver (`/sys/devices/system/cpu/cpu<N>/cpufreq`): 0 on most EC2 instance types. */
  readonly cpufreqCpus: number;
  /** Network interfaces, `lo` included (`/sys/class/net`): netdev and netclass report per interface. */
  readonly networkInterfaces: number;
  /** Block devices diskstats reports (`/proc/diskstats` less its default exclusions: partitions, loop, ram). */
  readonly disks: number;
  /** NVMe controllers (`/sys/class/nvme`): EBS volumes and instance store on Nitro instances are NVMe. */
  readonly nvmeControllers: number;
  /** Mounted filesystems the filesystem collector reports (its default fs-type and mount-point exclusions). */
  readonly filesystems: number;
  /** Mounted XFS filesystems: the xfs collector reports per device. Amazon Linux's root filesystem is XFS. */
  readonly xfsFilesystems: number;
  /** systemd units the systemd collector lists (not .device, .mount, .scope, .slice, .target, .automount). */
  readonly systemdUnits: number;
}

/** A dimension of a host that series scale with. */
export type HostDimension = keyof HostProfile;

/**
 * A typical EC2 Linux instance of a fleet: 4 vCPUs (the middle of 2-8), `lo` + one ENA interface, one NVMe EBS
 * root volume, XFS root plus `/boot/efi`, `/run` and `/tmp` (tmpfs counts: the filesystem collector does not
 * exclude it), and the ~140 loaded service, socket, timer and path units of a stock Amazon Linux 2023.
 */
export const TYPICAL_EC2_HOST: HostProfile = {
  cpus: 4,
  cpufreqCpus: 0,
  networkInterfaces: 2,
  disks: 1,
  nvmeControllers: 1,
  filesystems: 4,
  xfsFilesystems: 1,
  systemdUnits: 140,
};
