import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { FINDING_IDS, findingsReference } from "@fleetwatch/audit";
import { describe, expect, it } from "vitest";
import {
  endMarker,
  GENERATED_SECTIONS,
  MissingMarkersError,
  sectionOf,
  startMarker,
  withSection,
} from "../../scripts/docs/sections";

const ROOT = resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(join(ROOT, file), "utf8");
const PAGES = readdirSync(join(ROOT, "docs"))
  .filter((f) => f.endsWith(".md"))
  .map((f) => `docs/${f}`);

/** GitHub's heading anchors: lower case, punctuation dropped, spaces to dashes. */
function anchorsOf(markdown: string): Set<string> {
  const anchors = new Set<string>();
  let fenced = false;
  for (const line of markdown.split("\n")) {
    if (line.startsWith("```")) fenced = !fenced;
    const heading = !fenced && /^#{1,6} (.*)$/.exec(line)?.[1];
    if (heading)
      anchors.add(
        heading
          .toLowerCase()
          .replace(/[^\p{L}\p{N} _-]/gu, "")
          .replaceAll(" ", "-"),
      );
  }
  return anchors;
}

/** Relative links (`[text](target)`) outside code, without external URLs. */
function linksOf(markdown: string): string[] {
  const prose = markdown.replace(/```[\s\S]*?```/g, "").replace(/`[^`\n]*`/g, "");
  return [...prose.matchAll(/\]\(([^)\s]+)\)/g)]
    .map((m) => m[1] as string)
    .filter((target) => !/^[a-z]+:/.test(target));
}

describe("the generated sections", () => {
  it.each(GENERATED_SECTIONS.map((s) => [s.file, s] as const))(
    "%s is current (npm run docs)",
    (_, section) => {
      expect(sectionOf(read(section.file), section.name)).toBe(section.render().trim());
    },
  );

  it("replace what is between their markers, and nothing else", () => {
    const page = `# x\n\nbefore\n${startMarker("s")}\nold\n${endMarker("s")}\nafter\n`;
    expect(withSection(page, "p.md", "s", "new")).toBe(
      `# x\n\nbefore\n${startMarker("s")}\nnew\n${endMarker("s")}\nafter\n`,
    );
    expect(sectionOf(withSection(page, "p.md", "s", "new"), "s")).toBe("new");
  });

  it("name the page and the markers to add when a page lacks them", () => {
    expect(() => withSection("# x\n", "docs/p.md", "s", "new")).toThrow(MissingMarkersError);
    expect(() => withSection(`${endMarker("s")}\n${startMarker("s")}\n`, "docs/p.md", "s", "new")).toThrow(
      "docs/p.md has no generated s section: add a line <!-- generated:s:start --> followed by a line <!-- generated:s:end -->, then run npm run docs",
    );
  });

  it("document every finding id once, in the public order", () => {
    const rows = findingsReference()
      .split("\n")
      .filter((line) => line.startsWith("| `"));
    expect(rows.map((row) => /^\| `([a-z-]+)`/.exec(row)?.[1])).toEqual([...FINDING_IDS]);
    for (const row of rows) expect(row.split(/(?<!\\)\|/)).toHaveLength(6);
  });
});

describe("the README", () => {
  const readme = read("README.md");

  it("stays short: the pitch, the commands and links", () => {
    expect(readme.split("\n").length).toBeLessThanOrEqual(160);
  });

  it("links every docs page", () => {
    const linked = new Set(linksOf(readme).map((target) => target.split("#")[0]));
    expect(PAGES.filter((page) => !linked.has(page))).toEqual([]);
  });
});

describe("links", () => {
  it.each(["README.md", ...PAGES])("in %s reach an existing file and heading", (file) => {
    const broken = linksOf(read(file)).filter((target) => {
      const [path, anchor] = target.split("#");
      const into = path ? join(dirname(file), path) : file;
      if (!existsSync(join(ROOT, into))) return true;
      return anchor !== undefined && into.endsWith(".md") && !anchorsOf(read(into)).has(anchor);
    });
    expect(broken).toEqual([]);
  });
});
