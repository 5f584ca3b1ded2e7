import { ConfigError } from "../../packages/config/src/errors.js";
import { resolveConfig } from "../../packages/config/src/load.js";
import type { FleetwatchConfig } from "../../packages/config/src/types.js";

/** The ConfigError that resolving `config` throws; fails the test when it resolves or throws something else. */
export function configError(config: unknown, stage = "dev"): ConfigError {
  try {
    resolveConfig(config as FleetwatchConfig, stage);
  } catch (error) {
    if (error instanceof ConfigError) return error;
    throw error;
  }
  throw new Error("expected a ConfigError, the config resolved");
}
