import type { CfnValue } from "./cfn.js";

/** A value that differs by region, written once: the differing strings looked up in a mapping by `AWS::Region`. */
export interface ByRegion {
  value: CfnValue;
  /** The mapping's entries: region -> key -> string. Empty when the value is the same in every region. */
  mapping: Record<string, Record<string, string>>;
}

/** Thrown when the regions' values differ in shape, not just in strings: they cannot be one value. */
export class RegionalShapeError extends Error {
  override name = "RegionalShapeError";
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/**
 * One value for every region (a template stays far below CloudFormation's 51,200 bytes when a 17 KB document is
 * not repeated per region): where the regions' values differ, a string becomes `Fn::FindInMap` on `mapName`.
 * @throws RegionalShapeError when they differ other than in strings, at the path it names.
 */
export function byRegion(values: Readonly<Record<string, unknown>>, mapName: string): ByRegion {
  const regions = Object.keys(values);
  const mapping: Record<string, Record<string, string>> = Object.fromEntries(regions.map((r) => [r, {}]));
  let keys = 0;
  const merge = (nodes: unknown[], path: string): CfnValue => {
    const [first] = nodes;
    if (nodes.every((n) => same(n, first))) return first as CfnValue;
    if (nodes.every((n) => typeof n === "string")) {
      const key = `Value${keys++}`;
      regions.forEach((region, i) => {
        (mapping[region] as Record<string, string>)[key] = nodes[i] as string;
      });
      return { "Fn::FindInMap": [mapName, { Ref: "AWS::Region" }, key] };
    }
    if (nodes.every(isRecord)) {
      const names = Object.keys(first as object);
      if (nodes.every((n) => same(Object.keys(n), names)))
        return Object.fromEntries(
          names.map((k) => [
            k,
            merge(
              nodes.map((n) => (n as Record<string, unknown>)[k]),
              `${path}.${k}`,
            ),
          ]),
        );
    }
    if (nodes.every(Array.isArray)) {
      const length = (first as unknown[]).length;
      if (nodes.every((n) => (n as unknown[]).length === length))
        return (first as unknown[]).map((_, i) =>
          merge(
            nodes.map((n) => (n as unknown[])[i]),
            `${path}[${i}]`,
          ),
        );
    }
    throw new RegionalShapeError(
      `the regions' values differ in shape at ${path || "the root"}: ${regions.join(", ")}`,
    );
  };
  const value = merge(
    regions.map((r) => values[r]),
    "",
  );
  return { value, mapping: keys === 0 ? {} : mapping };
}
