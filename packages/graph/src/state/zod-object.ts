import type * as zc from "zod/v4/core";
import { lastValueChannel, reducerChannel } from "./field-channels.ts";
import { createInputParser } from "./parse-input.ts";
import { type StandardSchemaV1, schemaDefaultFactory } from "./standard-schema.ts";
import type { StateDefinition } from "./state-definition.ts";
import { getSchemaMeta, type ZodFieldUpdate } from "./zod-meta.ts";

/** A zod 4 object schema (classic `z.object` or `zod/mini`). */
export type ZodObjectLike = zc.$ZodObject<any, any>;

/** The full state described by a zod object: its output type. */
export type ZodObjectState<Schema extends ZodObjectLike> = zc.output<Schema>;

/** A partial update of a zod-object state; reduced fields take their reducer's input. */
export type ZodObjectUpdate<Schema extends ZodObjectLike> =
  Schema extends zc.$ZodObject<infer Shape, any>
    ? { [K in keyof Shape]?: ZodFieldUpdate<Shape[K]> }
    : never;

/** True for a zod 4 object schema, also from another installed copy of zod 4. */
export function isZodObject(value: unknown): value is ZodObjectLike {
  if (typeof value !== "object" || value === null) return false;
  const internals = (value as { _zod?: { def?: { type?: unknown } } })._zod;
  return internals?.def?.type === "object";
}

/**
 * Channels and input parser of a zod-object state: each field keeps its last value
 * unless its metadata ({@link withLangGraph} / `registry`) gives a reducer; the
 * metadata default, else the schema's `.default()`, is the starting value.
 */
export function zodObjectDefinition(schema: ZodObjectLike): StateDefinition {
  const shape = schema._zod.def.shape as Record<string, zc.$ZodType>;
  const channels: StateDefinition["channels"] = {};
  const inputs = new Map<string, StandardSchemaV1>();
  for (const [key, field] of Object.entries(shape)) {
    const meta = getSchemaMeta(field);
    const fieldSchema = field as unknown as StandardSchemaV1;
    const defaultFactory = meta?.default ?? schemaDefaultFactory(fieldSchema);
    if (meta?.reducer !== undefined) {
      channels[key] = reducerChannel(meta.reducer.fn, defaultFactory);
      inputs.set(key, meta.reducer.schema ?? fieldSchema);
    } else {
      channels[key] = lastValueChannel(key, defaultFactory);
      inputs.set(key, fieldSchema);
    }
  }
  return { channels, keys: Object.keys(shape), parseInput: createInputParser(inputs) };
}
