import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { renderAll, stackTopology } from "@fleetwatch/monitoring";
import { PLAN_USAGE, parsePlanArgs, parseRenderArgs, RENDER_USAGE } from "./args.js";
import { UsageError } from "./errors.js";
import type { Io } from "./io.js";
import { checkOutDir, outWriteError } from "./out-dir.js";
import { ensurePlatform, openProject, REPO_ROOT } from "./project.js";

/** Errors the user fixes by editing the config or the setup: printed as their message alone, exit code 1. */
const USER_ERRORS = ["ConfigError", "StageError", "UnrenderableConfigError", "PlatformError"];

/**
 * `fleetwatch plan [--stage S] [--json] [--config FILE]`: the offline plan of a stage and its monthly cost.
 * Only the plan goes to stdout (JSON with `--json`); the platform install and errors go to stderr.
 * @returns 0, 2 when AWS would reject the plan (conformance errors), 1 for a config, stage or app error, 3 for a
 *   usage error.
 */
export async function planCommand(args: readonly string[], io: Io, root = REPO_ROOT): Promise<number> {
  return withErrors("plan", PLAN_USAGE, io, async () => {
    const options = parsePlanArgs(args);
    const project = openProject(root, checkedConfig(options.config));
    await ensurePlatform(root, io.stderr);
    // Loaded once the platform is there: the app runner imports Pulumi from it.
    const { planStage } = await import("@fleetwatch/sst-offline");
    const outcome = await planStage({
      root,
      stage: options.stage,
      stageConfig: project.stageConfig,
      conform: project.conform,
    });
    io.stdout.write(options.json ? `${JSON.stringify(outcome.json, null, 2)}\n` : outcome.text);
    return outcome.exitCode;
  });
}

/**
 * `fleetwatch render [--stage S] --out DIR [--config FILE]`: writes every configuration file the monitoring stack
 * ships for a stage, exactly as the stack renders it (Slack links use Grafana's Cloud Map name: its address on the
 * load balancer is known only once deployed).
 */
export async function renderCommand(args: readonly string[], io: Io, root = REPO_ROOT): Promise<number> {
  return withErrors("render", RENDER_USAGE, io, async () => {
    const options = parseRenderArgs(args);
    const out = checkOutDir("--out", options.out);
    const project = openProject(root, checkedConfig(options.config));
    const config = await project.stageConfig(options.stage);
    const tree = renderAll(config, stackTopology(config), await project.renderOptions());
    for (const [path, contents] of Object.entries(tree)) {
      const file = join(out, path);
      try {
        mkdirSync(dirname(file), { recursive: true });
        writeFileSync(file, contents);
      } catch (error) {
        throw (error as NodeJS.ErrnoException).code ? outWriteError("--out", options.out, error) : error;
      }
    }
    io.stdout.write(`rendered ${Object.keys(tree).length} files for stage ${options.stage} into ${out}\n`);
    return 0;
  });
}

function checkedConfig(config: string | undefined): string | undefined {
  if (config !== undefined && !existsSync(config)) throw new UsageError(`--config ${config}: no such file`);
  return config;
}

/** Runs a verb: a usage error is one line with the usage (exit 3), a config or setup error its message (exit 1). */
async function withErrors(verb: string, usage: string, io: Io, run: () => Promise<number>): Promise<number> {
  try {
    return await run();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`fleetwatch ${verb}: ${error.message} (${usage})\n`);
      return 3;
    }
    const shown = userError(error);
    if (shown === undefined) throw error;
    io.stderr.write(`${shown}\n`);
    return 1;
  }
}

/** The message to show for an error the user fixes, or undefined for a bug (which keeps its stack trace). */
function userError(error: unknown): string | undefined {
  if (!(error instanceof Error)) return undefined;
  if (USER_ERRORS.includes(error.name)) return error.message;
  if (error.name === "AppRunError") {
    const cause = error.cause;
    return cause instanceof Error && USER_ERRORS.includes(cause.name) ? cause.message : error.message;
  }
  return undefined;
}
