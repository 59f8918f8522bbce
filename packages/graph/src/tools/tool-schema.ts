import type * as zc from "zod/v4/core";
import { toJSONSchema } from "zod/v4/core";
import type { JSONSchema } from "../state/json-schema.ts";
import { isZodSchema, standardJsonSchema } from "../state/schema-json.ts";
import { isStandardSchema, type StandardSchemaIssue } from "../state/standard-schema.ts";

/** The arguments schema of a tool without one: a single optional string `input`. */
export const STRING_INPUT_SCHEMA: JSONSchema = {
  type: "object",
  properties: { input: { type: "string" } },
  additionalProperties: false,
};

/** True for a plain JSON Schema object (not a zod or other Standard Schema). */
export function isJsonSchemaObject(value: unknown): value is JSONSchema {
  return (
    typeof value === "object" &&
    value !== null &&
    !Array.isArray(value) &&
    !isStandardSchema(value) &&
    !isZodSchema(value)
  );
}

/**
 * The JSON Schema a model sees for `schema`: zod 4 schemas are converted with
 * `z.toJSONSchema`, other Standard Schemas through their `~standard.jsonSchema`, JSON
 * Schema objects are used as they are. `$schema` is dropped: providers reject or ignore it.
 *
 * @param io `"input"` (default): defaulted fields are optional and objects open, as
 *   arguments are read. `"output"`: every field required and objects closed
 *   (`additionalProperties: false`), as OpenAI strict mode demands.
 */
export function toJsonSchema(schema: unknown, io: "input" | "output" = "input"): JSONSchema {
  if (schema === undefined || schema === null) return STRING_INPUT_SCHEMA;
  let out: JSONSchema | undefined;
  if (isZodSchema(schema)) {
    out = toJSONSchema(schema as zc.$ZodType, { io, unrepresentable: "any" }) as JSONSchema;
  } else if (isStandardSchema(schema)) {
    out = standardJsonSchema(schema, io);
  } else if (isJsonSchemaObject(schema)) {
    out = schema;
  }
  if (out === undefined) return { type: "object", properties: {} };
  const { $schema: _ignored, ...rest } = out as JSONSchema & { $schema?: unknown };
  return rest as JSONSchema;
}

/** The outcome of checking a tool's arguments against its schema. */
export type ArgsCheck = { ok: true; value: unknown } | { ok: false; issues: string[] };

/**
 * Checks `args` against a Standard Schema (zod...), returning the parsed value, or
 * against a JSON Schema's top-level `type: "object"` and `required` keys (a light
 * check: providers already constrain the arguments to the schema they were given).
 */
export async function checkArgs(schema: unknown, args: unknown): Promise<ArgsCheck> {
  if (isStandardSchema(schema)) {
    const result = await schema["~standard"].validate(args);
    if (result.issues) return { ok: false, issues: result.issues.map(formatIssue) };
    return { ok: true, value: result.value };
  }
  if (isJsonSchemaObject(schema)) {
    const json = schema as { type?: unknown; required?: unknown };
    if (json.type === "object") {
      if (typeof args !== "object" || args === null || Array.isArray(args)) {
        return { ok: false, issues: ["expected an object"] };
      }
      const required = Array.isArray(json.required) ? (json.required as string[]) : [];
      const missing = required.filter((key) => !(key in args));
      if (missing.length > 0) {
        return { ok: false, issues: missing.map((key) => `${key}: required`) };
      }
    }
  }
  return { ok: true, value: args };
}

function formatIssue(issue: StandardSchemaIssue): string {
  const path = (issue.path ?? [])
    .map((part) => String(typeof part === "object" ? part.key : part))
    .join(".");
  return path ? `${path}: ${issue.message}` : issue.message;
}
