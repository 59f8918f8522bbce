import type * as zc from "zod/v4/core";
import { type JsonField, rejectsUndefined } from "./json-field.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";
import { getSchemaMeta } from "./zod-meta.ts";
import type { ZodObjectLike } from "./zod-object.ts";

/**
 * How the fields of a zod-object state appear in its JSON Schemas: the field schema
 * in the state, its reducer schema (if any) in updates, its metadata's
 * `jsonSchemaExtra` in both; a key is required when it has no metadata default and
 * its schema rejects `undefined`.
 */
export function zodObjectJsonFields(schema: ZodObjectLike): JsonField[] {
  const shape = schema._zod.def.shape as Record<string, zc.$ZodType>;
  return Object.entries(shape).map(([key, field]): JsonField => {
    const meta = getSchemaMeta(field);
    const value = field as unknown as StandardSchemaV1;
    return {
      key,
      value,
      input: meta?.reducer?.schema ?? value,
      extra: meta?.jsonSchemaExtra,
      required: meta?.default === undefined && rejectsUndefined(value),
    };
  });
}
