import { toLiteral } from "./literal.js";
import { AWS_REGIONS } from "./regions.js";
import { configSchema } from "./schema.js";
import { type SchemaKey, schemaKeys } from "./shape.js";
import { type DocumentedKey, readTypesDocumentation } from "./tsdoc.js";

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
    "<!-- Generated from packages/config/src/types.ts and the schema's defaults: npm run docs -->",
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
