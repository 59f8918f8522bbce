import type { AnnotationRoot, AnnotationSpec, SpecState, SpecUpdate } from "./annotation.ts";
import type {
  InferStateSchemaUpdate,
  InferStateSchemaValue,
  StateSchema,
  StateSchemaFields,
} from "./state-schema.ts";
import type { ZodObjectLike, ZodObjectState, ZodObjectUpdate } from "./zod-object.ts";

/**
 * The full state type of any state declaration: a `StateSchema`, an
 * `Annotation.Root` (or its `.spec`), or a zod object.
 *
 * @example
 * type State = StateType<typeof AgentState>;
 */
export type StateType<S> =
  S extends StateSchema<infer Fields extends StateSchemaFields>
    ? InferStateSchemaValue<Fields>
    : S extends AnnotationRoot<infer Spec extends AnnotationSpec>
      ? SpecState<Spec>
      : S extends ZodObjectLike
        ? ZodObjectState<S>
        : S extends AnnotationSpec
          ? SpecState<S>
          : S extends InputOutputDeclaration<infer I, infer O>
            ? StateType<I> & StateType<O>
            : never;

/**
 * The partial-update type of any state declaration (what nodes return and graphs take
 * as input): a `StateSchema`, an `Annotation.Root` (or its `.spec`), or a zod object.
 *
 * @example
 * const node = (state: StateType<typeof S>): UpdateType<typeof S> => ({ count: 1 });
 */
export type UpdateType<S> =
  S extends StateSchema<infer Fields extends StateSchemaFields>
    ? InferStateSchemaUpdate<Fields>
    : S extends AnnotationRoot<infer Spec extends AnnotationSpec>
      ? SpecUpdate<Spec>
      : S extends ZodObjectLike
        ? ZodObjectUpdate<S>
        : S extends AnnotationSpec
          ? SpecUpdate<S>
          : S extends InputOutputDeclaration<infer I, infer O>
            ? UpdateType<I> & UpdateType<O>
            : never;

/**
 * A graph declared by what it takes and what it gives, `new StateGraph({ input, output })`:
 * its state is the two together, and nodes may update keys of either.
 */
export interface InputOutputDeclaration<I = any, O = any> {
  readonly input: I;
  readonly output: O;
  readonly state?: never;
}
