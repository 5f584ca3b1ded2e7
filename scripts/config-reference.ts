// Prints the configuration reference generated from packages/config's types.ts and schema, or with
// `--write <file>` (usually README.md) replaces the text between its config-reference markers.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { configReference, EMPTY_README, withReference } from "@fleetwatch/config/reference";

const { values } = parseArgs({ options: { write: { type: "string" } } });
const reference = configReference();

if (values.write === undefined) {
  process.stdout.write(`${reference}\n`);
} else {
  const file = values.write;
  const readme = existsSync(file) ? readFileSync(file, "utf8") : EMPTY_README;
  const updated = withReference(readme, reference, file);
  if (updated !== readme) writeFileSync(file, updated);
  console.error(
    updated === readme ? `${file}: config reference up to date` : `${file}: config reference written`,
  );
}
