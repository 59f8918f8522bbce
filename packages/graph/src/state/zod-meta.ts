import type * as zc from "zod/v4/core";
import { registry as createZodRegistry } from "zod/v4/core";
import type { ReducerUpdate } from "./reducer-update.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

/**
 * What a field of a zod-object state may carry besides its schema: a reducer, a
 * starting value and JSON-schema hints.
 */
export interface SchemaMeta<Value = any, Update = Value> {
  /** Folds updates into the value instead of replacing it. */
  reducer?: {
    /** Validates graph input for the field. @default the field's own schema */
    schema?: StandardSchemaV1<unknown, Update>;
    /** Folds one update into the current value. */
    fn: (current: Value, update: Update) => Value;
  };
  /** Starting value. @default the schema's `.default()`, if any */
  default?: () => Value;
  /** Extra keys for the field's JSON schema (for UIs such as Studio). */
  jsonSchemaExtra?: {
    langgraph_nodes?: string[];
    langgraph_type?: "prompt" | "messages";
    [key: string]: unknown;
  };
}

/**
 * The registry shape: `$output` is replaced by zod with the registered schema's
 * output type, so `schema.register(registry, meta)` type-checks `meta` against it.
 */
interface RegistryMeta {
  reducer?: { schema?: StandardSchemaV1; fn: (current: zc.$output, update: any) => zc.$output };
  default?: () => zc.$output;
  jsonSchemaExtra?: SchemaMeta["jsonSchemaExtra"];
}

/**
 * The zod registry holding state metadata. Fields registered here (or wrapped with
 * {@link withLangGraph}) get a reducer and/or default in a zod-object state.
 *
 * @example
 * const State = z.object({
 *   messages: z.custom<BaseMessage[]>().register(registry, MessagesZodMeta),
 *   total: z.number().register(registry, { reducer: { fn: (a, b) => a + b }, default: () => 0 }),
 * });
 */
export const registry: zc.$ZodRegistry<RegistryMeta> = createZodRegistry<RegistryMeta>();

/** Type-only marker carrying a reduced field's update type; no such property exists. */
declare const reducerUpdate: unique symbol;

/** A zod schema whose updates go through a reducer accepting `Update`. */
export type ReducedZodField<Schema extends zc.$ZodType, Update> = Schema & {
  readonly [reducerUpdate]: Update;
};

/** The type nodes may write to one field of a zod-object state. */
export type ZodFieldUpdate<Field> = Field extends { readonly [reducerUpdate]: infer Update }
  ? ReducerUpdate<zc.output<Field>, Update>
  : Field extends zc.$ZodType
    ? zc.input<Field>
    : never;

/**
 * Attaches state metadata (reducer, default, JSON-schema hints) to a zod schema and
 * returns the same schema, typed so that updates take the reducer's input type.
 *
 * @example
 * const State = z.object({
 *   items: withLangGraph(z.array(z.string()), {
 *     reducer: { fn: (current, update: string | string[]) => current.concat(update) },
 *     default: () => [],
 *   }),
 * });
 */
export function withLangGraph<Schema extends zc.$ZodType>(
  schema: Schema,
  meta: SchemaMeta<zc.output<Schema>> & { reducer?: undefined },
): Schema;
export function withLangGraph<Schema extends zc.$ZodType, Update = zc.output<Schema>>(
  schema: Schema,
  meta: SchemaMeta<zc.output<Schema>, Update>,
): ReducedZodField<Schema, Update>;
export function withLangGraph(schema: zc.$ZodType, meta: SchemaMeta): zc.$ZodType {
  registry.add(schema, meta as never);
  return schema;
}

/** The metadata registered for a schema, if any. */
export function getSchemaMeta(schema: zc.$ZodType): SchemaMeta | undefined {
  return registry.get(schema) as SchemaMeta | undefined;
}
