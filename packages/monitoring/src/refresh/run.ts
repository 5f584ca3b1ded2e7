import { CONFIG_POINTER_KEY, configFileKey, configRenderInputKey } from "@fleetwatch/state-layout";
import { InvalidRenderInputError } from "../errors.js";
import type { ConfigStore, UnitAccountLister } from "./ports.js";
import { refreshDiscovery } from "./refresh.js";
import { parseRenderInput, type RenderInput, renderInputText } from "./render-input.js";

/**
 * Why a run left the pointer where it was, as data (each one is logged; none fails the function, so a bad input
 * or an unreachable Organizations API never turns into a crash loop):
 * - `no-config`: nothing deployed yet (no pointer);
 * - `invalid-render-input`: the current version's render input is missing or malformed (`problem` says how);
 * - `not-organization`: the current version was rendered without `accounts.organization`;
 * - `accounts-unavailable`: AWS Organizations could not be listed; the current accounts stay discovered;
 * - `store-failed`: the state bucket failed a read or a write (a new version partly written is never pointed to);
 * - `pointer-moved`: a deploy (or another run) moved the pointer meanwhile; its version stands.
 */
export type RefreshFinding =
  | { readonly kind: "no-config" }
  | { readonly kind: "invalid-render-input"; readonly version: string; readonly problem: string }
  | { readonly kind: "not-organization"; readonly version: string }
  | { readonly kind: "accounts-unavailable"; readonly version: string; readonly error: string }
  | { readonly kind: "store-failed"; readonly error: string }
  | { readonly kind: "pointer-moved"; readonly from: string; readonly to: string };

/** What one run of the discovery refresh did. */
export type RefreshOutcome =
  | {
      readonly kind: "unchanged";
      readonly version: string;
      readonly members: string[];
      /** The Organization units followed (the render input's `accounts.organization.units`). */
      readonly units: string[];
    }
  | {
      readonly kind: "refreshed";
      readonly from: string;
      readonly to: string;
      /** The member accounts (ids) the new version discovers in. */
      readonly members: string[];
      /** The Organization units followed. */
      readonly units: string[];
      /** Objects written before the pointer: the files and the render input. */
      readonly written: number;
    }
  | RefreshFinding;

/** The kinds of {@link RefreshFinding}: an outcome to report, not a refresh. */
export const REFRESH_FINDINGS: readonly RefreshFinding["kind"][] = [
  "no-config",
  "invalid-render-input",
  "not-organization",
  "accounts-unavailable",
  "store-failed",
  "pointer-moved",
];

/**
 * How loudly a finding is logged: `expected` when nothing is wrong (nothing deployed yet, or a deploy moved the
 * pointer during the run: its version stands), `problem` when discovery cannot follow the units until someone acts
 * or AWS recovers.
 */
export function findingLevel(finding: RefreshFinding): "expected" | "problem" {
  return finding.kind === "no-config" || finding.kind === "pointer-moved" ? "expected" : "problem";
}

/** Whether an outcome is a finding (the pointer was left as it was for a reason to report). */
export const isRefreshFinding = (outcome: RefreshOutcome): outcome is RefreshFinding =>
  (REFRESH_FINDINGS as readonly string[]).includes(outcome.kind);

export interface RefreshDeps {
  store: ConfigStore;
  accounts: UnitAccountLister;
  /** Where the store is, for messages: `s3://<bucket>/`. */
  location?: string;
}

const messageOf = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

/** Objects written at once while a new version is written. */
const WRITE_CONCURRENCY = 8;

/**
 * One run of the discovery refresh (Organization mode): reads the pointer and the current version's render
 * input, lists the units' accounts, renders again ({@link refreshDiscovery}) and, when the version changed,
 * writes every file of the new version and its render input first, then moves the pointer last (conditionally:
 * a deploy that moved it meanwhile wins). A reader therefore never sees the pointer name a partial version. If the
 * accounts cannot be listed, nothing is written: the current accounts stay discovered.
 */
export async function runDiscoveryRefresh(deps: RefreshDeps): Promise<RefreshOutcome> {
  const { store } = deps;
  const location = deps.location ?? "";
  let pointer: Awaited<ReturnType<ConfigStore["pointer"]>>;
  let text: string | undefined;
  try {
    pointer = await store.pointer();
    if (!pointer) return { kind: "no-config" };
    text = await store.read(configRenderInputKey(pointer.version));
  } catch (error) {
    return { kind: "store-failed", error: messageOf(error) };
  }
  const from = pointer.version;
  const where = `${location}${configRenderInputKey(from)}`;
  let input: RenderInput;
  try {
    if (text === undefined) throw new InvalidRenderInputError(where, "missing (deployed before the refresh)");
    input = parseRenderInput(text, where);
  } catch (error) {
    return { kind: "invalid-render-input", version: from, problem: (error as Error).message };
  }
  const units = input.config.accounts.organization?.units;
  if (!units?.length) return { kind: "not-organization", version: from };
  let listed: Awaited<ReturnType<UnitAccountLister["unitAccounts"]>>;
  try {
    listed = await deps.accounts.unitAccounts(units);
  } catch (error) {
    return { kind: "accounts-unavailable", version: from, error: messageOf(error) };
  }
  const refresh = refreshDiscovery(input, from, listed);
  const members = refresh.members.map((m) => m.id);
  if (refresh.kind === "unchanged") return { kind: "unchanged", version: from, members, units: [...units] };
  const to = refresh.version;
  const objects: [string, string][] = [
    ...Object.entries(refresh.files).map(([path, body]): [string, string] => [configFileKey(to, path), body]),
    [configRenderInputKey(to), renderInputText(input)],
  ];
  try {
    for (let i = 0; i < objects.length; i += WRITE_CONCURRENCY)
      await Promise.all(objects.slice(i, i + WRITE_CONCURRENCY).map(([key, body]) => store.write(key, body)));
    if (!(await store.movePointer(to, pointer.etag))) {
      const now = (await store.pointer())?.version ?? "(none)";
      return { kind: "pointer-moved", from, to: now };
    }
  } catch (error) {
    return { kind: "store-failed", error: `${messageOf(error)} (${CONFIG_POINTER_KEY} left at ${from})` };
  }
  return { kind: "refreshed", from, to, members, units: [...units], written: objects.length };
}
