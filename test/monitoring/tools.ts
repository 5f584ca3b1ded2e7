import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { type ResolvedConfig, resolveConfig } from "../../packages/config/src/index.js";
import type { FleetwatchConfig } from "../../packages/config/src/types.js";
import type { RenderOptions } from "../../packages/monitoring/src/options.js";
import { type RenderedTree, renderAll } from "../../packages/monitoring/src/render-all.js";
import { stackTopology } from "../../packages/monitoring/src/topology.js";
import memberAccounts from "../fixtures/configs/member-accounts.js";
import twoUnits from "../fixtures/configs/two-units.js";

// Helpers of the monitoring tests: render trees into temp directories and run the real Prometheus tools on them.

export interface ToolResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** stdout and stderr, for failure messages. */
  readonly output: string;
}

/** Runs a tool to completion, bounded by `timeoutMs`. */
export function runTool(
  command: string,
  args: readonly string[],
  options: { cwd?: string; timeoutMs?: number } = {},
) {
  const result = spawnSync(command, args, {
    cwd: options.cwd,
    encoding: "utf8",
    timeout: options.timeoutMs ?? 30_000,
  });
  if (result.error) throw new Error(`run ${command} ${args.join(" ")}: ${result.error.message}`);
  const stdout = result.stdout ?? "";
  const stderr = result.stderr ?? "";
  return { status: result.status, stdout, stderr, output: `${stdout}\n${stderr}` } satisfies ToolResult;
}

/** A temp directory removed by the returned function. */
export function tempDir(prefix: string): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), `fleetwatch-${prefix}-`));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

/** Writes a rendered tree under `root`. */
export function writeTree(root: string, tree: RenderedTree): void {
  for (const [path, contents] of Object.entries(tree)) {
    const file = join(root, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, contents);
  }
}

/** A config resolved for `stage`. */
export function config(settings: FleetwatchConfig = {}, stage = "dev"): ResolvedConfig {
  return resolveConfig(settings, stage);
}

/** The tree the stack ships for a config. */
export function render(resolved: ResolvedConfig, options: RenderOptions = {}): RenderedTree {
  return renderAll(resolved, stackTopology(resolved), options);
}

/** The accounts the offline plan's mocked Organization lists in two-units.ts's units (ACTIVE, home left out). */
export const TWO_UNITS_ACCOUNTS = [
  { id: "210987654321", name: "payments-prod" },
  { id: "210987654322", name: "payments-staging" },
  { id: "310987654321", name: "data-prod" },
] as const;

/**
 * member-accounts.ts (two members, one named, one in eu-west-1 only) with three groups: the home account's
 * instances, the named member's, and every other account's.
 */
export const MEMBER_GROUPS: FleetwatchConfig = {
  ...memberAccounts,
  scrapeGroups: [
    { name: "home", selector: { accounts: ["home"] } },
    { name: "payments", selector: { accounts: ["payments-prod"] } },
    { name: "default" },
  ],
};

/** Configs rendered with the accounts the stack would pass: Organization units need the units' accounts. */
export const ACCOUNT_CONFIGS: Record<string, { settings: FleetwatchConfig; options: RenderOptions }> = {
  "two Organization units": { settings: twoUnits, options: { memberAccounts: TWO_UNITS_ACCOUNTS } },
  "named member accounts": { settings: MEMBER_GROUPS, options: {} },
};

/** Configs the renderers are proven on: the defaults, a production-like one, an existing VPC. */
export const CONFIGS: Record<string, FleetwatchConfig> = {
  minimal: {},
  "two groups, two regions, Slack": {
    homeRegion: "eu-west-1",
    regions: ["us-east-1"],
    tagPrefix: "acme/",
    scrapeGroups: [
      { name: "default", replicas: 2, selector: { tags: { tier: "core" } } },
      {
        name: "edge-eu",
        replicas: 2,
        regions: ["eu-west-1"],
        selector: { tags: { tier: "edge" } },
        scrapeInterval: "15s",
      },
    ],
    nodeExporter: { port: 9200 },
    slack: { enabled: true, channel: "#ops-alerts" },
  },
  "three shards of two replicas": {
    scrapeGroups: [
      { name: "web", replicas: 2, shards: 3, expectedInstances: 3000, selector: { tags: { tier: "web" } } },
      { name: "batch" },
    ],
  },
  "single replica, existing VPC": {
    scrapeGroups: [{ name: "solo", replicas: 1, scrapeInterval: "5s" }],
    network: {
      existing: {
        id: "vpc-0123456789abcdef0",
        privateSubnetIds: ["subnet-0123456789abcdef0", "subnet-0123456789abcdef1"],
        routeTableIds: ["rtb-0123456789abcdef0"],
      },
    },
  },
};
