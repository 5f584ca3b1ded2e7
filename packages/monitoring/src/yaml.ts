import { stringify } from "yaml";

const HEADER =
  "# Rendered by @fleetwatch/monitoring from fleetwatch.config.ts: do not edit, run `npm run render`.\n";

/** A YAML file with the rendered-by header; long strings (PromQL) are not folded. */
export function yamlFile(document: unknown): string {
  return HEADER + stringify(document, { lineWidth: 0, aliasDuplicateObjects: false });
}

/** A JSON file, two-space indented, newline-terminated. */
export function jsonFile(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
