import { CONFIG_ROOT } from "@fleetwatch/monitoring";
import type { Mount } from "./service";

/** The task-local volume holding the rendered config files. */
export const CONFIG_VOLUME = "config";
/** The task-local volume holding a component's data (TSDB, caches, scratch space). */
export const DATA_VOLUME = "data";

/** The config volume, read-only for the component that reads it. */
export const configMount = (readOnly: boolean): Mount => ({
  volume: CONFIG_VOLUME,
  path: CONFIG_ROOT,
  readOnly,
});

/** The data volume at `path`. */
export const dataMount = (path: string): Mount => ({ volume: DATA_VOLUME, path });
