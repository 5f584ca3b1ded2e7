import { configVersion, type RenderedTree } from "@fleetwatch/monitoring";
import {
  CONFIG_POINTER_KEY,
  CONFIG_PREFIX,
  configContentType,
  configFileKey,
  configRenderInputKey,
} from "@fleetwatch/state-layout";
import { InvalidRenderedPathError, MissingRenderedFileError, RenderedPathsChangedError } from "./errors";
import { AWS_CLI_IMAGE } from "./images";
import { INIT_SCRIPT, RELOADER_SCRIPT } from "./scripts";
import type { TaskSecret } from "./secrets";

/** Every file the monitoring stack ships, by path relative to the config root (`/etc/fleetwatch`). */
export type RenderedFiles = RenderedTree;

/** Seconds between two polls of the reloader. */
export const RELOAD_POLL_SECONDS = 60;

/** The uploaded config: its version and the pointer object the tasks read. */
export interface ConfigDelivery {
  /** The content hash of the files (known once the load balancer's address, which they mention, is). */
  version: $util.Output<string>;
  /** Region of the state bucket (the home region). */
  region: string;
  bucket: sst.aws.Bucket;
  pointer: aws.s3.BucketObjectv2;
  files: $util.Output<RenderedFiles>;
}

function checkPath(path: string): void {
  if (path === "" || path.startsWith("/") || path.includes("//") || path.split("/").includes("..")) {
    throw new InvalidRenderedPathError(path);
  }
}

/** Fails, naming the file and its user, when a file a service needs was not rendered. */
export function requireFiles(files: RenderedFiles, needs: { path: string; neededBy: string }[]): void {
  for (const need of needs) {
    if (!(need.path in files)) throw new MissingRenderedFileError(need.path, need.neededBy);
  }
}

/** The version of the files under some directories only (a service restarted on change hashes just its own). */
export function versionOf(files: RenderedFiles, directories: string[]): string {
  const prefixes = directories.map((d) => `${d}/`);
  return configVersion(
    Object.fromEntries(Object.entries(files).filter(([path]) => prefixes.some((p) => path.startsWith(p)))),
  );
}

/** A resource name from a file path: `rules/node.yml` -> `MonitoringConfigRulesNodeYml`. */
function objectName(path: string): string {
  const words = path.split(/[^A-Za-z0-9]+/).filter(Boolean);
  return `MonitoringConfig${words.map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("")}`;
}

/**
 * Uploads every file to `configFileKey(version, path)` of the state bucket, then the pointer
 * `CONFIG_POINTER_KEY` holding the version. Files of a version never change; a new version only moves the pointer, so running
 * tasks' reloaders pick it up and no task definition changes (no restart). `paths` are the files' paths, known
 * before their contents (one resource per file); the contents must have exactly these paths.
 *
 * `renderInput` (Organization mode), the text of what the files were rendered from, is uploaded beside them
 * (`configRenderInputKey(version)`), before the pointer: the discovery refresh (discovery-refresh.ts) renders it
 * again with the units' accounts at run time and may then write a version of its own and move the pointer. A
 * deploy that changes the version moves the pointer to its own; one that changes nothing leaves a refresh's
 * pointer as it is (see docs/architecture.md, "Member accounts").
 */
export function uploadConfig(
  bucket: sst.aws.Bucket,
  paths: string[],
  files: $util.Output<RenderedFiles>,
  region: string,
  renderInput?: $util.Output<string>,
): ConfigDelivery {
  const checked = files.apply((tree) => {
    const expected = new Set(paths);
    const differ = [
      ...Object.keys(tree).filter((p) => !expected.has(p)),
      ...paths.filter((p) => !(p in tree)),
    ];
    if (differ.length > 0) throw new RenderedPathsChangedError(differ);
    return tree;
  });
  const version = checked.apply(configVersion);
  const seen = new Map<string, string>();
  const objects = [...paths].sort().map((path) => {
    checkPath(path);
    const name = objectName(path);
    const clash = seen.get(name);
    if (clash)
      throw new InvalidRenderedPathError(path, { cause: new Error(`same resource name as ${clash}`) });
    seen.set(name, path);
    return new aws.s3.BucketObjectv2(name, {
      bucket: bucket.name,
      key: version.apply((v) => configFileKey(v, path)),
      content: checked.apply((tree) => tree[path] ?? ""),
      contentType: configContentType(path),
    });
  });
  if (renderInput)
    objects.push(
      new aws.s3.BucketObjectv2("MonitoringConfigRenderInput", {
        bucket: bucket.name,
        key: version.apply(configRenderInputKey),
        content: renderInput,
        contentType: "application/json",
      }),
    );
  const pointer = new aws.s3.BucketObjectv2(
    "MonitoringConfigPointer",
    { bucket: bucket.name, key: CONFIG_POINTER_KEY, content: version, contentType: "text/plain" },
    { dependsOn: objects },
  );
  return { version, region, bucket, pointer, files: checked };
}

/** Environment shared by the init and reloader containers. */
function fetchEnvironment(delivery: ConfigDelivery, paths: string[]) {
  return {
    AWS_REGION: delivery.region,
    CONFIG_BUCKET: delivery.bucket.name,
    // The scripts join `$CONFIG_PREFIX/$version`: the prefix without its slash keeps the task definitions as they were.
    CONFIG_PREFIX: CONFIG_PREFIX.replace(/\/$/, ""),
    CONFIG_POINTER: CONFIG_POINTER_KEY,
    CONFIG_PATHS: paths.join(" "),
  };
}

/** What the init container is asked to do besides fetching the config. */
export interface InitOptions {
  /** Rendered paths (directories) this task needs, e.g. `["alertmanager"]`. */
  paths: string[];
  /** Directories handed to uid 65534 (the images' `nobody`) before the main containers start. */
  dataDirs?: string[];
  /** Secrets injected into the init container, e.g. `{ SLACK_WEBHOOK_URL: slackWebhookUrl }`. */
  ssm?: Record<string, TaskSecret>;
}

/** The container name of the init container. */
export const INIT_CONTAINER = "config-init";
/** The container name of the reloader. */
export const RELOADER_CONTAINER = "config-reloader";

/** The config init container: runs to completion before the main containers start. */
export function initContainer(delivery: ConfigDelivery, options: InitOptions) {
  return {
    name: INIT_CONTAINER,
    image: AWS_CLI_IMAGE,
    entrypoint: ["/bin/sh", "-c"],
    command: [INIT_SCRIPT],
    environment: {
      ...fetchEnvironment(delivery, options.paths),
      DATA_DIRS: (options.dataDirs ?? []).join(" "),
    },
    ...(options.ssm ? { ssm: options.ssm } : {}),
  };
}

/** The reloader sidecar: polls the pointer and POSTs `reloadUrl` after swapping in a new version. */
export function reloaderContainer(delivery: ConfigDelivery, paths: string[], reloadUrl: string) {
  return {
    name: RELOADER_CONTAINER,
    image: AWS_CLI_IMAGE,
    entrypoint: ["/bin/sh", "-c"],
    command: [RELOADER_SCRIPT],
    environment: {
      ...fetchEnvironment(delivery, paths),
      POLL_SECONDS: String(RELOAD_POLL_SECONDS),
      RELOAD_URL: reloadUrl,
    },
  };
}
