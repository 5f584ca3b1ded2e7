export * from "./access.js";
export * from "./discovery-refresh-status.js";
export * from "./keys.js";
export * from "./onboarding-status.js";
