import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

/** The SDK commands (`new XCommand(`) the TypeScript sources of a folder construct, its call list aside. */
export function commandsConstructedIn(dir: string): string[] {
  return readdirSync(dir)
    .filter((f) => f.endsWith(".ts") && f !== "calls.ts")
    .flatMap((f) =>
      [...readFileSync(join(dir, f), "utf8").matchAll(/new (\w+Command)\(/g)].map((m) => m[1] ?? ""),
    );
}
