import { z } from "zod";
import { valueAt } from "./object.js";

// Walks the schema's structure (objects, arrays, records, discriminated unions), so that what is derived from
// it (the keys an override may have, the keys an error may suggest, the reference's defaults) cannot drift.

type Schema = z.core.$ZodType;

/** The schema under optional, default and prefault wrappers and, for pipes, the schema of their input. */
export function unwrap(schema: Schema): Schema {
  if (schema instanceof z.ZodOptional || schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    return unwrap(schema.unwrap());
  }
  if (schema instanceof z.ZodPipe) return unwrap(schema.in);
  return schema;
}

function objectShape(schema: Schema): Record<string, Schema> | undefined {
  const inner = unwrap(schema);
  return inner instanceof z.ZodObject ? inner.shape : undefined;
}

/** The discriminator value an option of a discriminated union stands for. */
function variantOf(option: Schema, discriminator: string): string | undefined {
  const literal = objectShape(option)?.[discriminator];
  const value = literal instanceof z.ZodLiteral ? [...literal.values][0] : undefined;
  return typeof value === "string" ? value : undefined;
}

/** The option of a discriminated union that `input` selects. */
function optionFor(union: z.ZodDiscriminatedUnion, input: unknown): Schema | undefined {
  const { discriminator } = union.def;
  const wanted = valueAt(input, discriminator);
  return union.options.find((option) => variantOf(option, discriminator) === wanted);
}

/** The schema of `key` inside `schema`, given the value there (which selects a union's option). */
function childSchema(schema: Schema, key: PropertyKey, input: unknown): Schema | undefined {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return typeof key === "string" ? inner.shape[key] : undefined;
  if (inner instanceof z.ZodArray) return inner.element;
  if (inner instanceof z.ZodRecord) return inner.valueType;
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const option = optionFor(inner, input);
    return option && childSchema(option, key, input);
  }
  return undefined;
}

/** The keys the object at `path` of `input` may have, or undefined when the schema has no object there. */
export function allowedKeys(
  schema: Schema,
  path: readonly PropertyKey[],
  input: unknown,
): string[] | undefined {
  let current: Schema | undefined = schema;
  let value = input;
  for (const key of path) {
    current = current && childSchema(current, key, value);
    value = valueAt(value, key);
  }
  const inner = current && unwrap(current);
  const object = inner instanceof z.ZodDiscriminatedUnion ? optionFor(inner, value) : inner;
  const shape = object && objectShape(object);
  return shape && Object.keys(shape);
}

/**
 * A schema that accepts the keys `schema` accepts, at any depth, all optional, with values of any type:
 * what a stage override may hold before it is merged and checked as a whole. A union's options pool their keys.
 */
export function keysOnly(schema: Schema): z.ZodType {
  const inner = unwrap(schema);
  if (inner instanceof z.ZodObject) return z.strictObject(optionalKeysOf(Object.entries(inner.shape)));
  if (inner instanceof z.ZodArray) return z.array(keysOnly(inner.element));
  if (inner instanceof z.ZodRecord) return z.record(z.string(), keysOnly(inner.valueType));
  if (inner instanceof z.ZodDiscriminatedUnion) {
    const entries = inner.options.flatMap((option) => Object.entries(objectShape(option) ?? {}));
    return z.strictObject(optionalKeysOf(entries));
  }
  return z.unknown();
}

function optionalKeysOf(entries: [string, Schema][]): Record<string, z.ZodType> {
  const shape: Record<string, z.ZodType> = {};
  for (const [key, child] of entries) shape[key] ??= keysOnly(child).optional();
  return shape;
}

/** A key of the schema, for documentation: `scrapeGroups[].replicas`, `nodeExporter.source.bucket` (`s3`). */
export interface SchemaKey {
  /** Dotted path; `[]` stands for any element of an array. */
  readonly path: string;
  /** For a key of one option of a discriminated union: the option's discriminator value. */
  readonly variant?: string;
  readonly required: boolean;
  /** The default as the schema applies it (before its own defaults are filled in), when there is one. */
  readonly default?: { readonly value: unknown };
  /** Whether the key holds a value rather than an object (or a list of objects) of further keys. */
  readonly leaf: boolean;
}

/** Every key of an object schema, depth first, in declaration order. */
export function schemaKeys(schema: Schema): SchemaKey[] {
  const keys: SchemaKey[] = [];
  collectKeys(schema, "", undefined, keys);
  return keys;
}

function collectKeys(schema: Schema, prefix: string, variant: string | undefined, keys: SchemaKey[]): void {
  for (const [key, child] of Object.entries(objectShape(schema) ?? {})) {
    const path = prefix ? `${prefix}.${key}` : key;
    const inner = unwrap(child);
    const element = inner instanceof z.ZodArray ? inner.element : undefined;
    const nested =
      inner instanceof z.ZodObject ||
      inner instanceof z.ZodDiscriminatedUnion ||
      (element !== undefined && objectShape(element) !== undefined);
    keys.push({ path, ...(variant && { variant }), ...presence(child), leaf: !nested });
    if (inner instanceof z.ZodObject) collectKeys(inner, path, undefined, keys);
    if (element) collectKeys(element, `${path}[]`, undefined, keys);
    if (inner instanceof z.ZodDiscriminatedUnion) {
      for (const option of inner.options)
        collectKeys(option, path, variantOf(option, inner.def.discriminator), keys);
    }
  }
}

function presence(schema: Schema): Pick<SchemaKey, "required" | "default"> {
  if (schema instanceof z.ZodDefault || schema instanceof z.ZodPrefault) {
    return { required: false, default: { value: schema.def.defaultValue } };
  }
  return { required: !(schema instanceof z.ZodOptional) };
}
