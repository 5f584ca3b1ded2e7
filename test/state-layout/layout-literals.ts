import { readdirSync } from "node:fs";
import { join } from "node:path";
import { STATE_ACCESS } from "@fleetwatch/state-layout";

/** Spellings of the state bucket's keys that only packages/state-layout may write down. */
const FRAGMENTS = [
  "reports/",
  "digests/",
  "audit/cache",
  "onboarding/status.json",
  "onboarding/runs/",
  "onboarding/reservations/",
  "config/current",
  "delivered.json",
];

/** Every prefix a workload is granted: a literal starting with one spells the layout too (`"audit/"`). */
const PREFIXES = [...new Set(Object.values(STATE_ACCESS).flatMap((a) => [...a.readWrite, ...a.read]))];

/** The source files under `dir`, recursively. */
export function sources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const path = join(dir, e.name);
    if (e.isDirectory()) return e.name === "node_modules" || e.name === "dist" ? [] : sources(path);
    return /\.(ts|mts|js|mjs)$/.test(e.name) && !e.name.endsWith(".d.ts") ? [path] : [];
  });
}

/** The text without comments (TSDoc may name keys; code may not). */
function withoutComments(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, (c) => c.replace(/[^\n]/g, " ")).replace(/(^|\s)\/\/.*$/gm, "$1");
}

const LITERAL = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|`(?:[^`\\]|\\.)*`/g;

/** `file:line: literal` for every string literal that spells a key or prefix of the state bucket. */
export function layoutLiterals(file: string, text: string): string[] {
  const code = withoutComments(text);
  return [...code.matchAll(LITERAL)].flatMap((m) => {
    const body = m[0].slice(1, -1);
    const spelled = FRAGMENTS.some((f) => body.includes(f)) || PREFIXES.some((p) => body.startsWith(p));
    if (!spelled) return [];
    const line = code.slice(0, m.index).split("\n").length;
    return [`${file}:${line}: ${m[0].split("\n")[0]}`];
  });
}
