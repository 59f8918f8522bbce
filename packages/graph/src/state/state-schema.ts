import type { JSONSchema } from "./json-schema.ts";
import type { StateNode } from "./node-type.ts";
import { objectJsonSchema } from "./object-json-schema.ts";
import type { ReducedValue } from "./reduced-value.ts";
import type { ReducerUpdate } from "./reducer-update.ts";
import type { InferSchemaInput, InferSchemaOutput, StandardSchemaV1 } from "./standard-schema.ts";
import { stateSchemaJsonFields } from "./state-schema-json.ts";
import type { OptionalUndefined } from "./type-utils.ts";
import type { UntrackedValue } from "./untracked-value.ts";

const STATE_SCHEMA = Symbol.for("weft.state.state_schema");

/**
 * One field of a {@link StateSchema}: a plain schema (last value wins), a
 * {@link ReducedValue} (updates folded by a reducer) or an {@link UntrackedValue}
 * (never checkpointed).
 */
export type StateSchemaField =
  | ReducedValue<any, any>
  | UntrackedValue<any>
  | StandardSchemaV1<any, any>;

/** The fields object given to `new StateSchema(...)`. */
export type StateSchemaFields = Record<string, StateSchemaField>;

type FieldValue<F> = F extends { InputType: unknown; ValueType: infer Value }
  ? Value
  : F extends { ValueType: infer Value }
    ? Value
    : F extends StandardSchemaV1
      ? InferSchemaOutput<F>
      : never;

type FieldUpdate<F> = F extends { InputType: infer Input; ValueType: infer Value }
  ? ReducerUpdate<Value, Input>
  : F extends { ValueType: infer Value }
    ? Value
    : F extends StandardSchemaV1
      ? InferSchemaInput<F>
      : never;

/** The full state of a {@link StateSchema}: what nodes receive. */
export type InferStateSchemaValue<Fields extends StateSchemaFields> = OptionalUndefined<{
  [K in keyof Fields]: FieldValue<Fields[K]>;
}>;

/** A partial update of a {@link StateSchema}: what nodes return and graphs take as input. */
export type InferStateSchemaUpdate<Fields extends StateSchemaFields> = {
  [K in keyof Fields]?: FieldUpdate<Fields[K]>;
};

/**
 * Declares a graph's state field by field. Each field is a Standard Schema (zod 4,
 * valibot...) whose value replaces the previous one, a {@link ReducedValue}, a
 * {@link MessagesValue} or an {@link UntrackedValue}. A schema default
 * (`.default(...)`) is the field's starting value.
 *
 * Types: `typeof State.State` (full state), `typeof State.Update` (partial update),
 * `typeof State.Node` (a node function).
 *
 * @example
 * import * as z from "zod";
 * import { StateGraph, StateSchema, ReducedValue, MessagesValue } from "@weft/graph";
 *
 * const State = new StateSchema({
 *   messages: MessagesValue,
 *   step: z.string(),
 *   count: z.number().default(0),
 *   log: new ReducedValue(z.array(z.string()).default(() => []), {
 *     inputSchema: z.string(),
 *     reducer: (log, line) => [...log, line],
 *   }),
 * });
 *
 * const count: typeof State.Node = (state) => ({ count: state.count + 1, log: "counted" });
 * const graph = new StateGraph(State).addNode("count", count);
 */
export class StateSchema<Fields extends StateSchemaFields = StateSchemaFields> {
  /** The field definitions, in declaration order. */
  readonly fields: Fields;
  /** Type-only: the full state. */
  declare State: InferStateSchemaValue<Fields>;
  /** Type-only: a partial update. */
  declare Update: InferStateSchemaUpdate<Fields>;
  /** Type-only: a node function reading this state. */
  declare Node: StateNode<InferStateSchemaValue<Fields>, InferStateSchemaUpdate<Fields>>;
  readonly [STATE_SCHEMA] = true;

  constructor(fields: Fields) {
    this.fields = fields;
  }

  /** The field definitions (the name used by earlier peer releases). */
  get init(): Fields {
    return this.fields;
  }

  /**
   * The JSON Schema (draft-07) of the full state, for Studio and the Agent Server's
   * `state_schema`: each field's value schema (`ReducedValue`: its value schema plus
   * `jsonSchemaExtra`); keys whose schema rejects `undefined` (no default, not
   * optional) are `required`. A field without a JSON form is listed as `{}`.
   *
   * @example
   * new StateSchema({ step: z.string(), count: z.number().default(0) }).getJsonSchema();
   * // { $schema: "http://json-schema.org/draft-07/schema#", type: "object",
   * //   properties: { step: { type: "string" }, count: { default: 0, type: "number" } },
   * //   required: ["step"] }
   */
  getJsonSchema(): JSONSchema {
    return objectJsonSchema(stateSchemaJsonFields(this.fields), "state");
  }

  /**
   * The JSON Schema (draft-07) of graph input and node updates: `ReducedValue` fields
   * take their `inputSchema`, and every key is optional.
   */
  getInputJsonSchema(): JSONSchema {
    return objectJsonSchema(stateSchemaJsonFields(this.fields), "input");
  }

  /** True for a `StateSchema`, also one created by another installed copy of Weft. */
  static isInstance(value: unknown): value is StateSchema<StateSchemaFields> {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { [STATE_SCHEMA]?: unknown })[STATE_SCHEMA] === true
    );
  }
}
