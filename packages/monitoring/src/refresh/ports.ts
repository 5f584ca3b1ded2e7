import type { DiscoveryRefreshStatus, DiscoveryRefreshStatusRead } from "@fleetwatch/state-layout";
import type { OrganizationAccount } from "../accounts.js";

/** The current config version as the pointer names it, and what a conditional move of the pointer needs. */
export interface ConfigPointer {
  /** The version the pointer names (`config/current`'s text). */
  readonly version: string;
  /** The pointer object's ETag when read: a move succeeds only if nobody moved it since. */
  readonly etag: string;
}

/** The rendered config in the state bucket (`CONFIG_PREFIX`): the pointer, the versions and their inputs. */
export interface ConfigStore {
  /** The pointer; undefined when no config was ever deployed. */
  pointer(): Promise<ConfigPointer | undefined>;
  /** An object's text; undefined when the key does not exist. */
  read(key: string): Promise<string | undefined>;
  /** Writes an object (a file of a version, or its render input). */
  write(key: string, body: string): Promise<void>;
  /**
   * Moves the pointer to `version` unless it changed since it was read with `etag`.
   * @returns false when it had changed (a deploy or another refresh moved it): the move is not made.
   */
  movePointer(version: string, etag: string): Promise<boolean>;
}

/** The accounts of Organization units (child units included), as AWS Organizations lists them, any state. */
export interface UnitAccountLister {
  unitAccounts(units: readonly string[]): Promise<OrganizationAccount[]>;
}

/** The discovery refresh's status record (`DISCOVERY_REFRESH_STATUS_KEY`), rewritten after every run. */
export interface RefreshStatusStore {
  /** The record as parsed (or why it is not valid); undefined when there is none yet. */
  read(): Promise<DiscoveryRefreshStatusRead | undefined>;
  write(status: DiscoveryRefreshStatus): Promise<void>;
}
