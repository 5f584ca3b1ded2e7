import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { gunzipSync } from "node:zlib";

/** A property's type as the registry schema gives it. */
export type SpecType =
  | { type: "string" | "integer" | "number" | "boolean"; allowedValues?: ReadonlyArray<string | number> }
  | { type: "array" | "map"; element: SpecType }
  | { type: "ref"; reference: { $ref: string } }
  | { type: "union"; types: readonly SpecType[] }
  | { type: "json" | "tag" | "date-time" | "null" };

export interface SpecProperty {
  type: SpecType;
  documentation?: string;
  required?: boolean;
}

/** A CloudFormation resource type, or one of its property types (`typeDefinition`). */
export interface SpecShape {
  name: string;
  properties: Readonly<Record<string, SpecProperty>>;
}

/** The part of CloudFormation's registry schemas the checks need: some resource types and the types they use. */
export interface RegistrySpec {
  /** `@aws-cdk/aws-service-spec` and its version, as problems name their source. */
  source: string;
  resource(cfnType: string): SpecShape | undefined;
  typeDefinition(id: string): SpecShape | undefined;
}

interface RawDb {
  schema: {
    resource: {
      entities: Array<{
        $id: string;
        cloudFormationType: string;
        name: string;
        properties: Record<string, SpecProperty>;
      }>;
    };
    typeDefinition: {
      entities: Array<{ $id: string; name: string; properties: Record<string, SpecProperty> }>;
    };
  };
}

const PACKAGE = "@aws-cdk/aws-service-spec";

/**
 * Reads the registry database (db.json.gz, about 2.6 MB) and keeps only the given resource types and the property
 * types they reach. The database is read directly rather than through the package's query API, which indexes all
 * 1,800 resource types.
 */
export function loadRegistrySpec(cfnTypes: Iterable<string>): RegistrySpec {
  const require = createRequire(import.meta.url);
  const packageJson = require.resolve(`${PACKAGE}/package.json`);
  const version = (JSON.parse(readFileSync(packageJson, "utf8")) as { version: string }).version;
  const db = JSON.parse(
    gunzipSync(readFileSync(join(dirname(packageJson), "db.json.gz"))).toString("utf8"),
  ) as RawDb;

  const wanted = new Set(cfnTypes);
  const resources = new Map<string, SpecShape>();
  for (const r of db.schema.resource.entities)
    if (wanted.has(r.cloudFormationType))
      resources.set(r.cloudFormationType, { name: r.name, properties: r.properties });

  const allTypes = new Map(db.schema.typeDefinition.entities.map((t) => [t.$id, t]));
  const typeDefinitions = new Map<string, SpecShape>();
  const visit = (t: SpecType): void => {
    if (t.type === "ref") {
      const id = t.reference.$ref;
      const def = allTypes.get(id);
      if (!def || typeDefinitions.has(id)) return;
      typeDefinitions.set(id, { name: def.name, properties: def.properties });
      for (const p of Object.values(def.properties)) visit(p.type);
    } else if (t.type === "array" || t.type === "map") visit(t.element);
    else if (t.type === "union") for (const u of t.types) visit(u);
  };
  for (const r of resources.values()) for (const p of Object.values(r.properties)) visit(p.type);

  return {
    source: `${PACKAGE} ${version}`,
    resource: (cfnType) => resources.get(cfnType),
    typeDefinition: (id) => typeDefinitions.get(id),
  };
}
