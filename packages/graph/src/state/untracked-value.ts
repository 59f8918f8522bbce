import type { StandardSchemaV1 } from "./standard-schema.ts";

const UNTRACKED_VALUE = Symbol.for("weft.state.untracked_value");

/** Options of an {@link UntrackedValue}. */
export interface UntrackedValueInit {
  /**
   * Reject a second write to the field in the same step (true), or keep the last one.
   * @default true
   */
  guard?: boolean;
}

/**
 * A {@link StateSchema} field that lives only for the current run and is never
 * written to checkpoints: caches, open handles, per-run scratch data. The schema is
 * optional; when given, it validates graph input and its default is the starting
 * value.
 *
 * @example
 * const State = new StateSchema({
 *   query: z.string(),
 *   cache: new UntrackedValue(z.record(z.string(), z.number()).default(() => ({}))),
 *   session: new UntrackedValue<{ token: string }>(undefined, { guard: false }),
 * });
 */
export class UntrackedValue<Value = unknown> {
  /** Schema of the value, when one was given. */
  readonly schema?: StandardSchemaV1<unknown, Value>;
  /** Whether two writes in one step are an error. */
  readonly guard: boolean;
  /** Type-only: the value's type. */
  declare ValueType: Value;
  readonly [UNTRACKED_VALUE] = true;

  constructor(schema?: StandardSchemaV1<unknown, Value>, init: UntrackedValueInit = {}) {
    if (schema !== undefined) this.schema = schema;
    this.guard = init.guard ?? true;
  }

  /** True for an `UntrackedValue`, also one created by another installed copy of Weft. */
  static isInstance(value: unknown): value is UntrackedValue<any> {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { [UNTRACKED_VALUE]?: unknown })[UNTRACKED_VALUE] === true
    );
  }
}
