export type { ConfigPointer, ConfigStore, RefreshStatusStore, UnitAccountLister } from "./ports.js";
export { type DiscoveryRefresh, refreshDiscovery } from "./refresh.js";
export {
  parseRenderInput,
  RENDER_INPUT_FORMAT,
  type RenderInput,
  renderFromInput,
  renderInputText,
  type StoredRenderInput,
  type StoredRenderOptions,
  storedRenderInput,
} from "./render-input.js";
export {
  findingLevel,
  isRefreshFinding,
  REFRESH_FINDINGS,
  type RefreshDeps,
  type RefreshFinding,
  type RefreshOutcome,
  runDiscoveryRefresh,
} from "./run.js";
export { nextRefreshStatus, recordRefreshStatus, type StatusRecording } from "./status.js";
