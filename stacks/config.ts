import { relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type FleetwatchConfig, type ResolvedConfig, resolveConfig } from "@fleetwatch/config";
import fleetwatchConfig from "../fleetwatch.config";

/**
 * The validated config of a stage; a mistake throws one message naming each key and its fix.
 * `FLEETWATCH_CONFIG` points at another config file (tests and `npm run plan -- --config`).
 */
export async function stageConfig(stage: string): Promise<ResolvedConfig> {
  const override = process.env.FLEETWATCH_CONFIG;
  const source: FleetwatchConfig = override
    ? ((await import(pathToFileURL(resolve(override)).href)) as { default: FleetwatchConfig }).default
    : fleetwatchConfig;
  return resolveConfig(source, stage, override ? { file: relative(process.cwd(), resolve(override)) } : {});
}
