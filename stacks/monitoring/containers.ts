import {
  INIT_CONTAINER,
  type InitOptions,
  initContainer,
  RELOADER_CONTAINER,
  reloaderContainer,
} from "./config-delivery";
import type { ContainerSpec, MonitoringContext } from "./service";
import { CONFIG_VOLUME, configMount, DATA_VOLUME, dataMount } from "./volumes";

/** The uid the main containers run as (`nobody` in the Prometheus, Thanos and Alertmanager images). */
export const NOBODY = "65534";

/** How a task gets its files and data directory. */
export interface TaskFiles {
  /** Rendered directories the task needs. */
  paths: string[];
  /** Where the data volume is mounted in the main containers (handed to {@link NOBODY}). */
  dataPath?: string;
  /** Reload endpoint the reloader POSTs after swapping in a new config version. */
  reloadUrl?: string;
  ssm?: InitOptions["ssm"];
}

/**
 * The containers of a task: the config init container, the main containers (started once it succeeded) and,
 * when the component reloads, the reloader. Returns them with the task-local volumes they share.
 */
export function taskContainers(
  ctx: MonitoringContext,
  files: TaskFiles,
  mains: ContainerSpec[],
): { containers: ContainerSpec[]; volumes: string[] } {
  const data = files.dataPath ? [dataMount(files.dataPath)] : [];
  const init: ContainerSpec = {
    ...initContainer(ctx.delivery, {
      paths: files.paths,
      ...(files.dataPath ? { dataDirs: [files.dataPath] } : {}),
      ...(files.ssm ? { ssm: files.ssm } : {}),
    }),
    mounts: [configMount(false), ...data],
    essential: false,
  };
  const started = mains.map(
    (main): ContainerSpec => ({
      ...main,
      mounts: main.mounts ?? [configMount(true), ...data],
      after: [{ container: INIT_CONTAINER, condition: "SUCCESS" }, ...(main.after ?? [])],
    }),
  );
  const reloader: ContainerSpec[] = files.reloadUrl
    ? [
        {
          ...reloaderContainer(ctx.delivery, files.paths, files.reloadUrl),
          mounts: [configMount(false)],
          after: [{ container: INIT_CONTAINER, condition: "SUCCESS" }],
          essential: false,
        },
      ]
    : [];
  return {
    containers: [init, ...started, ...reloader],
    volumes: [CONFIG_VOLUME, ...(files.dataPath ? [DATA_VOLUME] : [])],
  };
}

export { RELOADER_CONTAINER };
