export * from "./document.js";
export * from "./settings.js";
