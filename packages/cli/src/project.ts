import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type { ResolvedConfig } from "@fleetwatch/config";
import type { ConformanceResult, PlanContext, PlannedResource } from "@fleetwatch/conformance";
import type { RenderOptions } from "@fleetwatch/monitoring";
import { PlatformError } from "./errors.js";

// `plan` and `render` work on the fleetwatch repository this package lives in: its sst.config.ts, its stacks
// (loaded at run time, like sst.config.ts itself, so that no package imports the stacks) and .sst/platform.

/** The repository root: packages/cli/src/../../.. */
export const REPO_ROOT = resolve(import.meta.dirname, "..", "..", "..");

/** What the stacks say about a stage: its config, and how the stack renders monitoring configs. */
export interface Project {
  root: string;
  /** stacks/config.ts's `stageConfig`: the config of `FLEETWATCH_CONFIG`, else fleetwatch.config.ts. */
  stageConfig(stage: string): Promise<ResolvedConfig>;
  /** stacks/monitoring/names.ts's `STACK_RENDER_OPTIONS`. */
  renderOptions(): Promise<RenderOptions>;
  /** stacks/conformance.ts's `checkStage`: the plan against AWS's published rules. */
  conform(plan: PlannedResource[], context: PlanContext, config: ResolvedConfig): Promise<ConformanceResult>;
}

/**
 * The project at `root`. `config` (the `--config` flag, relative to the working directory) becomes
 * `FLEETWATCH_CONFIG`, which sst.config.ts reads through stacks/config.ts.
 */
export function openProject(root: string, config?: string): Project {
  if (config !== undefined) process.env.FLEETWATCH_CONFIG = resolve(config);
  const load = async <T>(file: string) => (await import(pathToFileURL(join(root, file)).href)) as T;
  return {
    root,
    stageConfig: async (stage) =>
      (await load<{ stageConfig(stage: string): Promise<ResolvedConfig> }>("stacks/config.ts")).stageConfig(
        stage,
      ),
    conform: async (plan, context, config) =>
      (await load<{ checkStage: Project["conform"] }>("stacks/conformance.ts")).checkStage(
        plan,
        context,
        config,
      ),
    renderOptions: async () =>
      (await load<{ STACK_RENDER_OPTIONS: RenderOptions }>("stacks/monitoring/names.ts"))
        .STACK_RENDER_OPTIONS,
  };
}

/**
 * Runs `node scripts/sst-platform.mjs` (what `npm run plan`'s `preplan` runs): it returns at once when
 * .sst/platform is there at SST's version, else installs it (offline, about 40 s). Its output goes to `log`.
 * @throws PlatformError saying how to install the platform by hand when it fails.
 */
export async function ensurePlatform(root: string, log: NodeJS.WritableStream): Promise<void> {
  const script = join(root, "scripts", "sst-platform.mjs");
  if (!existsSync(script))
    throw new PlatformError(`${script} is missing: run fleetwatch plan in the fleetwatch repository`);
  const child = spawn(process.execPath, [script], { cwd: root, stdio: ["ignore", "pipe", "pipe"] });
  child.stdout.pipe(log, { end: false });
  child.stderr.pipe(log, { end: false });
  const code = await new Promise<number | null>((done, fail) => {
    child.on("error", fail);
    child.on("close", done);
  });
  if (code !== 0) {
    throw new PlatformError(
      `the SST platform (.sst/platform) is not installed and node scripts/sst-platform.mjs failed (exit ${code}): run \`npm ci\`, then \`npm run platform\``,
    );
  }
}
