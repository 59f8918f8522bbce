import type { StandardSchemaV1 } from "./standard-schema.ts";

const REDUCED_VALUE = Symbol.for("weft.state.reduced_value");

/** Options of a {@link ReducedValue} whose updates have their own schema. */
export interface ReducedValueInitWithSchema<Value, Input> {
  /** Validates graph input for this field; also gives the type nodes may return. */
  inputSchema: StandardSchemaV1<unknown, Input>;
  /** Folds one update into the current value. */
  reducer: (current: Value, update: Input) => Value;
  /** Extra keys merged into the field's JSON schema (for UIs such as Studio). */
  jsonSchemaExtra?: Record<string, unknown>;
}

/** Options of a {@link ReducedValue} whose updates have the value's own type. */
export interface ReducedValueInitBase<Value> {
  /** Folds one update into the current value. */
  reducer: (current: Value, update: Value) => Value;
  /** Extra keys merged into the field's JSON schema (for UIs such as Studio). */
  jsonSchemaExtra?: Record<string, unknown>;
}

/** Options of a {@link ReducedValue}. */
export type ReducedValueInit<Value, Input = Value> =
  | ReducedValueInitWithSchema<Value, Input>
  | ReducedValueInitBase<Value>;

/**
 * A {@link StateSchema} field whose updates are folded into the current value by a
 * reducer instead of replacing it. The value schema's default (zod `.default()`) is
 * the starting value; without one the field starts empty and the first update is
 * stored as it is.
 *
 * @example
 * const State = new StateSchema({
 *   items: new ReducedValue(z.array(z.string()).default(() => []), {
 *     inputSchema: z.array(z.string()),
 *     reducer: (current, update) => current.concat(update),
 *   }),
 * });
 */
export class ReducedValue<Value = unknown, Input = Value> {
  /** Schema of the stored value. Its input may include `undefined` (defaults). */
  readonly valueSchema: StandardSchemaV1<unknown, Value>;
  /** Schema of one update; `valueSchema` when no `inputSchema` was given. */
  readonly inputSchema: StandardSchemaV1<unknown, Input | Value>;
  /** Folds one update into the current value. */
  readonly reducer: (current: Value, update: Input) => Value;
  /** Extra keys merged into the field's JSON schema. */
  readonly jsonSchemaExtra?: Record<string, unknown>;
  /** Type-only: the stored value's type. */
  declare ValueType: Value;
  /** Type-only: the type of one update. */
  declare InputType: Input;
  readonly [REDUCED_VALUE] = true;

  constructor(
    valueSchema: StandardSchemaV1<unknown, Value>,
    init: ReducedValueInitWithSchema<Value, Input>,
  );
  constructor(valueSchema: StandardSchemaV1<Input, Value>, init: ReducedValueInitBase<Value>);
  constructor(valueSchema: StandardSchemaV1<unknown, Value>, init: ReducedValueInit<Value, Input>) {
    this.valueSchema = valueSchema;
    this.inputSchema = "inputSchema" in init ? init.inputSchema : valueSchema;
    this.reducer = init.reducer as (current: Value, update: Input) => Value;
    if (init.jsonSchemaExtra !== undefined) this.jsonSchemaExtra = init.jsonSchemaExtra;
  }

  /** True for a `ReducedValue`, also one created by another installed copy of Weft. */
  static isInstance(value: unknown): value is ReducedValue<any, any> {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { [REDUCED_VALUE]?: unknown })[REDUCED_VALUE] === true
    );
  }
}
