// npm run docs [-- --check]: writes the generated sections of docs/ (the configuration reference from
// packages/config's types and schema, the findings reference from @fleetwatch/audit's FINDING_DOCS). With
// --check it writes nothing and exits 1 naming the pages that are out of date.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { GENERATED_SECTIONS, MissingMarkersError, withSection } from "./docs/sections";

let check = false;
try {
  check = parseArgs({ options: { check: { type: "boolean" } } }).values.check === true;
} catch (error) {
  console.error(`docs: ${(error as Error).message}; usage: npm run docs [-- --check]`);
  process.exit(3);
}
const stale: string[] = [];
try {
  for (const section of GENERATED_SECTIONS) {
    const page = readFileSync(section.file, "utf8");
    const updated = withSection(page, section.file, section.name, section.render());
    if (updated === page) continue;
    stale.push(`${section.file} (${section.name})`);
    if (!check) writeFileSync(section.file, updated);
  }
} catch (error) {
  if (!(error instanceof MissingMarkersError)) throw error;
  console.error(`docs: ${error.message}`);
  process.exit(1);
}
if (stale.length === 0) console.error("docs: every generated section is up to date");
else console.error(`docs: ${check ? "out of date, run npm run docs" : "written"}: ${stale.join(", ")}`);
process.exit(check && stale.length > 0 ? 1 : 0);
