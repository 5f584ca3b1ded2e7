import { findingsReference } from "@fleetwatch/audit";
import { configReference } from "@fleetwatch/config/reference";

/** A part of a docs page written by `npm run docs` from the code that owns its facts. */
export interface GeneratedSection {
  /** The page, relative to the repository root. */
  file: string;
  /** The name in its markers: `<!-- generated:<name>:start -->` ... `<!-- generated:<name>:end -->`. */
  name: string;
  render(): string;
}

/** Every generated section of the docs. */
export const GENERATED_SECTIONS: readonly GeneratedSection[] = [
  { file: "docs/configuration.md", name: "config-reference", render: configReference },
  { file: "docs/health.md", name: "findings", render: findingsReference },
];

/** A page lacks the markers of a section it should hold. */
export class MissingMarkersError extends Error {
  override readonly name = "MissingMarkersError";
  constructor(file: string, section: string) {
    super(
      `${file} has no generated ${section} section: add a line ${startMarker(section)} followed by a line ${endMarker(section)}, then run npm run docs`,
    );
  }
}

export function startMarker(name: string): string {
  return `<!-- generated:${name}:start -->`;
}

export function endMarker(name: string): string {
  return `<!-- generated:${name}:end -->`;
}

function bounds(text: string, name: string): { start: number; end: number } | undefined {
  const start = text.indexOf(startMarker(name));
  const end = start === -1 ? -1 : text.indexOf(endMarker(name), start);
  return start === -1 || end === -1 ? undefined : { start: start + startMarker(name).length, end };
}

/** The text between a section's markers, trimmed; undefined when the page lacks them. */
export function sectionOf(text: string, name: string): string | undefined {
  const at = bounds(text, name);
  return at && text.slice(at.start, at.end).trim();
}

/**
 * The page with `body` between the section's markers.
 * @throws MissingMarkersError when the page lacks them.
 */
export function withSection(text: string, file: string, name: string, body: string): string {
  const at = bounds(text, name);
  if (!at) throw new MissingMarkersError(file, name);
  return `${text.slice(0, at.start)}\n${body}\n${text.slice(at.end)}`;
}
