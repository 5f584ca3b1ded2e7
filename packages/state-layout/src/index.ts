export * from "./access.js";
export * from "./keys.js";
export * from "./onboarding-status.js";
