import * as z from "zod";
import type * as zc from "zod/v4/core";
import { toJSONSchema } from "zod/v4/core";
import type { JSONSchema } from "./json-schema.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

/** `"output"`: the parsed value (defaults applied); `"input"`: what the schema accepts. */
export type SchemaIo = "input" | "output";

/** Properties generated for several schemas at once, with the definitions they share. */
export interface GeneratedProperties {
  properties: Record<string, JSONSchema>;
  definitions?: Record<string, JSONSchema>;
}

/** True for a zod 4 schema (classic or mini), also from another installed copy. */
export function isZodSchema(value: unknown): value is zc.$ZodType {
  const internals = (value as { _zod?: { def?: unknown } } | null)?._zod;
  return typeof internals?.def === "object" && internals.def !== null;
}

/**
 * JSON Schemas of zod fields, converted as one object so that recursive and `.meta({id})`
 * schemas land in one shared `definitions` with valid `#/definitions/...` refs.
 * Unrepresentable types (custom, date, bigint, transforms' output) become `{}`. A field
 * zod cannot convert at all (a default that is not JSON) is left out; the caller
 * describes it as any value.
 */
export function zodFieldsJsonSchema(
  shape: Record<string, zc.$ZodType>,
  io: SchemaIo,
): GeneratedProperties {
  if (Object.keys(shape).length === 0) return { properties: {} };
  try {
    return convertObject(shape, io);
  } catch {
    // Some field fails: find the ones that fail on their own, convert the others together.
  }
  const convertible = Object.entries(shape).filter(([, field]) => converts(field, io));
  try {
    return convertObject(Object.fromEntries(convertible), io);
  } catch {
    return { properties: {} };
  }
}

/**
 * The JSON Schema of a non-zod schema that implements Standard JSON Schema
 * (`~standard.jsonSchema`, as ArkType and Valibot adapters do), or `undefined`.
 */
export function standardJsonSchema(
  schema: StandardSchemaV1 | undefined,
  io: SchemaIo,
): JSONSchema | undefined {
  const converter = (schema?.["~standard"] as { jsonSchema?: Partial<Record<SchemaIo, unknown>> })
    ?.jsonSchema?.[io];
  if (typeof converter !== "function") return undefined;
  try {
    const generated: unknown = converter({ target: "draft-07" });
    if (typeof generated !== "object" || generated === null) return undefined;
    const { $schema: _, ...body } = generated as JSONSchema;
    return body;
  } catch {
    return undefined;
  }
}

function convertObject(shape: Record<string, zc.$ZodType>, io: SchemaIo): GeneratedProperties {
  const generated = toJSONSchema(z.object(shape), options(io)) as JSONSchema;
  const result: GeneratedProperties = { properties: generated.properties ?? {} };
  if (generated.definitions !== undefined) result.definitions = generated.definitions;
  return result;
}

function converts(field: zc.$ZodType, io: SchemaIo): boolean {
  try {
    toJSONSchema(field, options(io));
    return true;
  } catch {
    return false;
  }
}

function options(io: SchemaIo) {
  return { target: "draft-07", io, unrepresentable: "any" } as const;
}
