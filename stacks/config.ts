import { relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { type FleetwatchConfig, type ResolvedConfig, resolveConfig } from "@fleetwatch/config";
import { capacityPlan, capacityWarnings } from "@fleetwatch/monitoring";
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

/**
 * What a valid config may still get wrong, one line each naming the key and its fix: today, scrape groups whose
 * expected instances need more memory than `tasks.prometheus` has (the capacity plan of `npm run plan`).
 * Warnings, not errors: the deploy goes ahead.
 */
export function configWarnings(config: ResolvedConfig): string[] {
  return capacityWarnings(capacityPlan(config));
}

/** Writes the config's warnings on the deploy's console (stderr), each line prefixed `fleetwatch: warning:`. */
export function reportConfigWarnings(
  config: ResolvedConfig,
  write: (line: string) => void = (line) => console.warn(line),
): void {
  for (const warning of configWarnings(config)) write(`fleetwatch: warning: ${warning}`);
}
