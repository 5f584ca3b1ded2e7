import { ReferenceMarkersError } from "./errors.js";
import { toLiteral } from "./literal.js";
import { AWS_REGIONS } from "./regions.js";
import { configSchema } from "./schema.js";
import { type SchemaKey, schemaKeys } from "./shape.js";
import { type DocumentedKey, readTypesDocumentation } from "./tsdoc.js";

export { ReferenceMarkersError };

export const REFERENCE_START = "<!-- config-reference:start -->";
export const REFERENCE_END = "<!-- config-reference:end -->";

/** Identifies a key across the schema and types.ts: its path, and its union member if it belongs to one. */
export function keyId(key: Pick<SchemaKey, "path" | "variant">): string {
  return key.variant === undefined ? key.path : `${key.path} (${key.variant})`;
}

/**
 * The configuration reference in markdown: one table row per key (path, type, default, description), with
 * descriptions from the TSDoc in types.ts and defaults from the schema, then the types the table uses.
 */
export function configReference(): string {
  const documentation = readTypesDocumentation();
  const defaults = new Map(schemaKeys(configSchema).map((key) => [keyId(key), key]));
  const rows = documentation.keys.map((key) => row(key, defaults.get(keyId(key))));
  const aliases = [
    `- \`AwsRegion\`: ${AWS_REGIONS.map((region) => `\`${region}\``).join(", ")}.`,
    ...documentation.aliases.map((alias) => `- \`${alias.name}\`: ${alias.description}`),
  ];
  return [
    "<!-- Generated from packages/config/src/types.ts and the schema's defaults: npm run config:reference -- --write README.md -->",
    "",
    "Every key of `fleetwatch.config.ts`; a key left out takes its default. `stages.<stage>` may set any of them.",
    "",
    "| Key | Type | Default | Description |",
    "| --- | --- | --- | --- |",
    ...rows,
    "",
    "Types used above:",
    "",
    ...aliases,
  ].join("\n");
}

function row(key: DocumentedKey, schemaKey: SchemaKey | undefined): string {
  const defaultCell = schemaKey?.default
    ? code(toLiteral(schemaKey.default.value))
    : schemaKey?.required
      ? "required"
      : "none";
  const variant =
    key.variant !== undefined && key.path.split(".").at(-1) !== key.discriminator
      ? `With \`${key.discriminator}: ${JSON.stringify(key.variant)}\`: `
      : "";
  return `| ${code(key.path)} | ${code(key.type)} | ${defaultCell} | ${cell(variant + key.description)} |`;
}

function code(text: string): string {
  return `\`${cell(text)}\``;
}

function cell(text: string): string {
  return text.replaceAll("|", "\\|");
}

/** The text between the reference markers of a README, or undefined when it has none. */
export function referenceSection(readme: string): string | undefined {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END, start);
  if (start === -1 || end === -1) return undefined;
  return readme.slice(start + REFERENCE_START.length, end).trim();
}

/**
 * The README with `reference` between its markers.
 * @throws ReferenceMarkersError when the README lacks the markers.
 */
export function withReference(readme: string, reference: string, file = "README.md"): string {
  const start = readme.indexOf(REFERENCE_START);
  const end = readme.indexOf(REFERENCE_END, start);
  if (start === -1 || end === -1) throw new ReferenceMarkersError(file);
  return `${readme.slice(0, start + REFERENCE_START.length)}\n${reference}\n${readme.slice(end)}`;
}

/** A README holding only a heading and the reference markers, to write the reference into. */
export const EMPTY_README = `# fleetwatch\n\n## Configuration reference\n\n${REFERENCE_START}\n${REFERENCE_END}\n`;
