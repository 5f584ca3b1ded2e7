import type { ConformanceResult, PlannedResource, SyncPlanCheck } from "../problem.js";
import { type DocLimits, disallowedChars, type Limit, parseDocLimits } from "./doc-limits.js";
import {
  loadRegistrySpec,
  type RegistrySpec,
  type SpecProperty,
  type SpecShape,
  type SpecType,
} from "./spec.js";
import { TEMPLATE_MAPPINGS } from "./template-types.js";
import { DOC_CORRECTIONS, PULUMI_TO_CFN, type TypeMapping } from "./type-map.js";

type Mappings = Readonly<Record<string, TypeMapping>>;

/** Every mapping the default check applies: the plan's Pulumi types and the templates' CloudFormation types. */
const ALL_MAPPINGS: Mappings = { ...PULUMI_TO_CFN, ...TEMPLATE_MAPPINGS };

let defaultSpec: RegistrySpec | undefined;
/** The registry spec for the mapped types, read once, on first use. */
function registrySpec(): RegistrySpec {
  defaultSpec ??= loadRegistrySpec(new Set(Object.values(ALL_MAPPINGS).map((m) => m.cfnType)));
  return defaultSpec;
}

/** Whether a value is an intrinsic function call (`{ Ref }`, `{ "Fn::..." }`), resolved only by CloudFormation. */
const isIntrinsic = (v: unknown) => {
  if (!isObject(v)) return false;
  const keys = Object.keys(v);
  return keys.length === 1 && (keys[0] === "Ref" || (keys[0]?.startsWith("Fn::") ?? false));
};

const pascal = (name: string) => name.charAt(0).toUpperCase() + name.slice(1);
const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Where a checked value sits: in the plan (Pulumi path) and in the schema (CloudFormation path). */
interface At {
  resource: PlannedResource;
  mapping: TypeMapping;
  /** The Pulumi input path without indices, the key of `mapping.properties`. */
  aliasKey: string;
  /** The Pulumi input path with indices, as problems name it. */
  property: string;
  /** `AWS::EC2::SecurityGroup.GroupDescription`. */
  cfnPath: string;
}

/**
 * Checks every mapped resource's inputs against CloudFormation's registry schemas: the JSON type where Pulumi and
 * CloudFormation agree on the shape, `allowedValues`, and the limits the property's documentation states.
 */
export function registrySchemaCheck(spec: RegistrySpec, mappings: Mappings = ALL_MAPPINGS): SyncPlanCheck {
  const run = registrySchemaRun(spec, mappings);
  return (plan) => run(plan).result;
}

/** Per Pulumi type, the CloudFormation properties that got at least one check. */
export type SchemaCoverage = Record<string, string[]>;

function registrySchemaRun(
  spec: RegistrySpec,
  mappings: Mappings,
): (plan: readonly PlannedResource[]) => { result: ConformanceResult; coverage: SchemaCoverage } {
  const limitsByDoc = new Map<string, DocLimits>();
  const limitsOf = (doc: string | undefined): DocLimits => {
    if (!doc) return {};
    let limits = limitsByDoc.get(doc);
    if (!limits) {
      limits = parseDocLimits(doc);
      limitsByDoc.set(doc, limits);
    }
    return limits;
  };

  return (plan) => {
    const result: ConformanceResult = { checks: 0, problems: [] };
    const covered = new Map<string, Set<string>>();
    const count = (at: At) => {
      result.checks++;
      const paths = covered.get(at.resource.type) ?? new Set<string>();
      paths.add(at.cfnPath);
      covered.set(at.resource.type, paths);
    };
    const fail = (at: At, rule: string, message: string, source?: string) =>
      result.problems.push({
        severity: "error",
        ruleClass: "property",
        rule,
        resourceType: at.resource.type,
        resource: at.resource.name,
        property: at.property,
        message,
        source:
          source ?? `CloudFormation registry schema ${at.cfnPath} (${spec.source}); ${at.mapping.docUrl}`,
      });

    /** The shape a property type describes, when it is an object. */
    const shapeOf = (t: SpecType): SpecShape | undefined => {
      if (t.type === "ref") return spec.typeDefinition(t.reference.$ref);
      if (t.type === "array") return shapeOf(t.element);
      return undefined;
    };

    /** Follows `A.B.C` from a resource type through its property types. */
    const resolve = (cfnType: string, path: string): SpecProperty | undefined => {
      let shape = spec.resource(cfnType);
      let prop: SpecProperty | undefined;
      for (const name of path.split(".")) {
        prop = shape?.properties[name];
        if (!prop) return undefined;
        shape = shapeOf(prop.type);
      }
      return prop;
    };

    const checkPrimitive = (
      value: string | number | boolean,
      t: SpecType,
      doc: string | undefined,
      at: At,
    ) => {
      if (t.type !== "string" && t.type !== "integer" && t.type !== "number" && t.type !== "boolean") return;
      count(at);
      const fits =
        (t.type === "string" && typeof value === "string") ||
        (t.type === "boolean" && typeof value === "boolean") ||
        (t.type === "number" && typeof value === "number") ||
        (t.type === "integer" && Number.isInteger(value));
      if (!fits) {
        fail(at, "schema-type", `${JSON.stringify(value)} is not of the schema's type ${t.type}`);
        return;
      }
      if (t.allowedValues) {
        count(at);
        if (!t.allowedValues.includes(value as string | number))
          fail(
            at,
            "schema-enum",
            `${JSON.stringify(value)} is not one of the allowed values ${t.allowedValues.map((v) => JSON.stringify(v)).join(", ")}`,
          );
      }
      const limits = limitsOf(doc);
      const quote = (l: Limit<unknown>) => `(doc: "${l.phrase}")`;
      if (typeof value === "string") {
        if (limits.maxLength) {
          count(at);
          if (value.length > limits.maxLength.value)
            fail(
              at,
              "schema-max-length",
              `${JSON.stringify(value)} has ${value.length} characters, more than ${limits.maxLength.value} ${quote(limits.maxLength)}`,
            );
        }
        if (limits.minLength) {
          count(at);
          if (value.length < limits.minLength.value)
            fail(
              at,
              "schema-min-length",
              `${JSON.stringify(value)} has ${value.length} characters, fewer than ${limits.minLength.value} ${quote(limits.minLength)}`,
            );
        }
        if (limits.charset) {
          count(at);
          const bad = disallowedChars(value, limits.charset.value);
          if (bad.length > 0)
            fail(
              at,
              "schema-charset",
              `${JSON.stringify(value)} has ${bad.map((c) => JSON.stringify(c)).join(", ")}, outside the documented characters ${quote(limits.charset)}`,
            );
        }
      } else if (typeof value === "number") {
        const correction = DOC_CORRECTIONS[at.cfnPath];
        const min = correction ? correction.minimum : limits.minimum?.value;
        const max = correction ? correction.maximum : limits.maximum?.value;
        if (min === undefined && max === undefined) return;
        count(at);
        if ((min === undefined || value >= min) && (max === undefined || value <= max)) return;
        const range = `${value} is outside ${min ?? "-∞"} to ${max ?? "∞"}`;
        if (correction)
          fail(
            at,
            "schema-range",
            `${range} (${correction.reason})`,
            `${correction.source}, correcting CloudFormation registry schema ${at.cfnPath} (${spec.source})`,
          );
        else
          fail(at, "schema-range", `${range} ${quote((limits.minimum ?? limits.maximum) as Limit<number>)}`);
      }
    };

    const checkValue = (value: unknown, t: SpecType, doc: string | undefined, at: At): void => {
      if (value === null || value === undefined) return;
      if (at.mapping.strict && isIntrinsic(value)) return;
      switch (t.type) {
        case "string":
        case "integer":
        case "number":
        case "boolean":
          if (typeof value === "string" || typeof value === "number" || typeof value === "boolean")
            checkPrimitive(value, t, doc, at);
          return;
        case "array":
          // Pulumi often takes a single object or string where CloudFormation takes a list of one.
          if (!Array.isArray(value)) checkValue(value, t.element, doc, at);
          else
            value.forEach((v, i) => {
              checkValue(v, t.element, doc, { ...at, property: `${at.property}[${i}]` });
            });
          return;
        case "map":
          if (isObject(value))
            for (const [k, v] of Object.entries(value))
              checkValue(v, t.element, undefined, { ...at, property: `${at.property}.${k}` });
          return;
        case "ref": {
          const shape = spec.typeDefinition(t.reference.$ref);
          if (shape && isObject(value)) checkObject(value, shape, at);
          return;
        }
        default:
          // Unions, JSON documents and tags: Pulumi and CloudFormation shape these differently.
          return;
      }
    };

    const checkObject = (obj: Record<string, unknown>, shape: SpecShape | undefined, parent: At) => {
      if (parent.mapping.strict && shape)
        for (const [name, prop] of Object.entries(shape.properties)) {
          if (!prop.required) continue;
          const at: At = {
            ...parent,
            property: parent.property ? `${parent.property}.${name}` : name,
            cfnPath: `${parent.cfnPath}.${name}`,
          };
          count(at);
          if (!(name in obj)) fail(at, "schema-required", `${at.cfnPath} is required and missing`);
        }
      for (const [key, raw] of Object.entries(obj)) {
        const aliasKey = parent.aliasKey ? `${parent.aliasKey}.${key}` : key;
        const property = parent.property ? `${parent.property}.${key}` : key;
        const alias = parent.mapping.properties?.[aliasKey];
        if (alias === null) continue;
        const cfnPath =
          alias !== undefined ? `${parent.mapping.cfnType}.${alias}` : `${parent.cfnPath}.${pascal(key)}`;
        const prop =
          alias !== undefined ? resolve(parent.mapping.cfnType, alias) : shape?.properties[pascal(key)];
        const at: At = { ...parent, aliasKey, property, cfnPath };
        if (!prop && parent.mapping.strict && shape) {
          count(at);
          fail(
            at,
            "schema-unknown-property",
            `"${key}" is not a property of ${parent.cfnPath} (it has ${Object.keys(shape.properties).join(", ")})`,
          );
          continue;
        }
        if (!prop) {
          // No CloudFormation property, but its children may be mapped (a target group's `healthCheck`).
          if (isObject(raw)) checkObject(raw, undefined, at);
          continue;
        }
        let value = raw;
        if (parent.mapping.jsonText?.includes(aliasKey) && typeof raw === "string") {
          try {
            value = JSON.parse(raw);
          } catch {
            continue;
          }
        }
        checkValue(value, prop.type, prop.documentation, at);
      }
    };

    for (const resource of plan) {
      const mapping = mappings[resource.type];
      if (!mapping) continue;
      const root = spec.resource(mapping.cfnType);
      if (!root) continue;
      const within = mapping.within ? resolve(mapping.cfnType, mapping.within) : undefined;
      const shape = within ? shapeOf(within.type) : root;
      const cfnPath = mapping.within ? `${mapping.cfnType}.${mapping.within}` : mapping.cfnType;
      checkObject(resource.inputs, shape, { resource, mapping, aliasKey: "", property: "", cfnPath });
    }
    const coverage: SchemaCoverage = {};
    for (const [type, paths] of [...covered].sort(([a], [b]) => a.localeCompare(b)))
      coverage[type] = [...paths].sort();
    return { result, coverage };
  };
}

/** Which CloudFormation properties the registry check reaches in a plan, per Pulumi type. */
export function registrySchemaCoverage(plan: readonly PlannedResource[]): SchemaCoverage {
  return registrySchemaRun(registrySpec(), ALL_MAPPINGS)(plan).coverage;
}

let defaultCheck: SyncPlanCheck | undefined;

/**
 * Resource properties against CloudFormation's registry schemas (`@aws-cdk/aws-service-spec`): JSON types, enums,
 * and the lengths, characters and ranges the documentation states. Loads the schemas on first use.
 */
export const checkRegistrySchemas: SyncPlanCheck = (plan, context) => {
  defaultCheck ??= registrySchemaCheck(registrySpec());
  return defaultCheck(plan, context);
};
