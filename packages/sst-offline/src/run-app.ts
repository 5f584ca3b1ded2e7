import { join } from "node:path";
import { pathToFileURL } from "node:url";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { AppRunError } from "./errors.js";
import { ResourceGraph } from "./graph.js";
import {
  createMocks,
  type MockAccount,
  type RecordedResource,
  type ResourceRemovalOptions,
} from "./mocks.js";
import { startRpcServer } from "./rpc-server.js";

export interface RunAppOptions {
  /** The repository root holding `sst.config.ts` and `.sst/platform`. */
  root: string;
  stage: string;
  /** Pretend account; the region defaults to the app's home region from its config. */
  accountId?: string;
  /** Values of `sst.Secret`s, by name (the CLI passes them as `SST_SECRET_<name>`). */
  secrets?: Record<string, string>;
  /**
   * Runs this instead of sst.config.ts's `run()` (its `app()` still sets the app up): for testing one stack
   * on its own. Called with the SST globals defined, inside the Pulumi stack.
   */
  program?: () => Promise<Record<string, unknown> | undefined> | Record<string, unknown> | undefined;
  /**
   * What the app does with a conformance error: `report` leaves it to the plan's report of the whole plan (the
   * offline plan's way), `enforce` stops the resource as `sst deploy` does.
   * @default "report"
   */
  conformance?: "report" | "enforce";
}

export interface AppRun {
  stage: string;
  app: SstApp;
  graph: ResourceGraph;
  /** What `run()` returned (the stack outputs). */
  outputs: Record<string, unknown>;
}

/** The `$app` global the SST CLI defines from `app()`. */
export interface SstApp {
  name: string;
  stage: string;
  removal: "remove" | "retain" | "retain-all";
  protect: boolean;
  home: string;
  providers: Record<string, unknown>;
}

interface SstConfig {
  app(input: { stage: string }): Promise<Partial<SstApp>> | Partial<SstApp>;
  run(): Promise<Record<string, unknown> | undefined>;
}

const g = globalThis as Record<string, unknown>;

async function importPlatform<T>(root: string, file: string): Promise<T> {
  return (await import(pathToFileURL(join(root, ".sst", "platform", file)).href)) as T;
}

/** Defines the globals the SST CLI's build injects into sst.config.ts (see the CLI's project runner). */
async function installGlobals(root: string, app: SstApp | undefined): Promise<void> {
  const shim = await importPlatform<Record<string, unknown>>(root, "src/shim/run.js");
  for (const [key, value] of Object.entries(shim)) g[key] = value;
  g.$dev = false;
  g.$cli = {
    command: "deploy",
    dev: false,
    paths: {
      home: join(root, ".sst", "home"),
      root,
      work: join(root, ".sst"),
      platform: join(root, ".sst", "platform"),
    },
    state: { version: {} },
  };
  g.aws = aws;
  if (!app) return;
  // Some components read $app when their module loads: import them only once it is defined.
  g.$app = app;
  g.sst ??= await importPlatform(root, "src/components/index.ts");
}

async function loadSstConfig(root: string): Promise<SstConfig> {
  const mod = (await import(pathToFileURL(join(root, "sst.config.ts")).href)) as { default: SstConfig };
  return mod.default;
}

/**
 * Evaluates the real `sst.config.ts` for a stage the way `sst deploy` does, but against Pulumi mocks: every
 * resource is registered and recorded with its resolved inputs, nothing reaches AWS.
 * One app run per process: Pulumi's runtime and SST's components keep module-level state.
 */
export async function runApp(options: RunAppOptions): Promise<AppRun> {
  const { root, stage } = options;
  await installGlobals(root, undefined);
  const config = await loadSstConfig(root);
  const declared = await config.app({ stage });
  const app: SstApp = {
    name: declared.name ?? "app",
    stage,
    removal: declared.removal ?? "retain",
    protect: declared.protect ?? false,
    home: declared.home ?? "aws",
    providers: (declared.providers as Record<string, unknown>) ?? {},
  };
  await installGlobals(root, app);
  const awsProvider = app.providers.aws as { region?: string } | undefined;
  const account: MockAccount = {
    accountId: options.accountId ?? "123456789012",
    region: awsProvider?.region ?? "us-east-1",
  };
  for (const [name, value] of Object.entries(options.secrets ?? {}))
    process.env[`SST_SECRET_${name}`] = value;
  process.env.SST_AWS_REGION = account.region;
  process.env.FLEETWATCH_CONFORMANCE = options.conformance ?? "report";

  const recorded: RecordedResource[] = [];
  const removalOptions = new Map<string, ResourceRemovalOptions>();
  const rpc = await startRpcServer(root, account);
  process.env.SST_SERVER = rpc.url;
  const failures: unknown[] = [];
  const onRejection = (reason: unknown) => failures.push(reason);
  process.on("unhandledRejection", onRejection);
  try {
    await pulumi.runtime.setMocks(
      createMocks(account, (r) => {
        const options = removalOptions.get(`${r.type}::${r.name}`) ?? {
          protect: false,
          retainOnDelete: false,
        };
        recorded.push({ ...r, options });
      }),
      app.name,
      stage,
      false,
    );
    const { run } = await importPlatform<{
      run(program: () => Promise<unknown>): Promise<Record<string, unknown>>;
    }>(root, "src/auto/run.ts");
    const program = async () => {
      // Registered after SST's own transformations (removal: retain), so it sees their result.
      pulumi.runtime.registerStackTransformation((args) => {
        removalOptions.set(`${args.type}::${args.name}`, {
          protect: args.opts.protect === true,
          retainOnDelete: args.opts.retainOnDelete === true,
        });
        return undefined;
      });
      return (await (options.program ?? config.run)()) ?? {};
    };
    const outputs = (await pulumi.runtime.runInPulumiStack(() => run(program))) ?? {};
    await settle();
    if (failures.length > 0) {
      throw new AppRunError(`the app failed while registering resources: ${describe(failures[0])}`, {
        cause: failures[0],
      });
    }
    return { stage, app, graph: new ResourceGraph(recorded), outputs: outputs as Record<string, unknown> };
  } catch (error) {
    if (error instanceof AppRunError) throw error;
    throw new AppRunError(`sst.config.ts failed for stage "${stage}": ${describe(error)}`, { cause: error });
  } finally {
    process.off("unhandledRejection", onRejection);
    await rpc.close();
  }
}

/** Waits until Pulumi has no registration or apply in flight (resources created inside `apply` come late). */
async function settle(): Promise<void> {
  const settings = (await import("@pulumi/pulumi/runtime/settings.js")) as unknown as {
    waitForRPCs?: () => Promise<void>;
  };
  for (let i = 0; i < 3; i++) {
    await settings.waitForRPCs?.();
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
