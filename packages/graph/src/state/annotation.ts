import type { BaseChannel } from "../channels/base.ts";
import { BinaryOperatorAggregate, LastValue } from "../channels/index.ts";
import type { StateNode } from "./node-type.ts";
import type { ReducerUpdate } from "./reducer-update.ts";

/** How an {@link Annotation} field folds updates into its value. */
export type SingleReducer<Value, Update = Value> =
  | {
      /** Folds one update into the current value. */
      reducer: (current: Value, update: Update) => Value;
      /** Starting value; without it the field starts empty. */
      default?: () => Value;
    }
  | {
      /** @deprecated Use `reducer`. */
      value: (current: Value, update: Update) => Value;
      /** Starting value; without it the field starts empty. */
      default?: () => Value;
    };

/** The object given to `Annotation.Root`: field name → channel (or channel factory). */
export type AnnotationSpec = Record<
  string,
  BaseChannel<any, any, any> | (() => BaseChannel<any, any, any>)
>;

type SpecChannel<C> =
  C extends BaseChannel<any, any, any> ? C : C extends () => infer Channel ? Channel : never;

/** The full state described by an annotation spec. */
export type SpecState<Spec extends AnnotationSpec> = {
  [K in keyof Spec]: SpecChannel<Spec[K]> extends BaseChannel<infer Value, any, any>
    ? Value
    : never;
};

/** A partial update of the state described by an annotation spec. */
export type SpecUpdate<Spec extends AnnotationSpec> = {
  [K in keyof Spec]?: SpecChannel<Spec[K]> extends BaseChannel<any, infer Update, any>
    ? Update
    : never;
};

/**
 * A graph state declared with `Annotation.Root({...})`. Types: `typeof Root.State`,
 * `typeof Root.Update`, `typeof Root.Node`; `Root.spec` spreads into another root.
 */
export class AnnotationRoot<Spec extends AnnotationSpec = AnnotationSpec> {
  /** Marks annotation roots, also those of another installed copy of Weft. */
  readonly lc_graph_name = "AnnotationRoot";
  /** Field name → channel, in declaration order. */
  readonly spec: Spec;
  /** Type-only: the full state. */
  declare State: SpecState<Spec>;
  /** Type-only: a partial update. */
  declare Update: SpecUpdate<Spec>;
  /** Type-only: a node function reading this state. */
  declare Node: StateNode<SpecState<Spec>, SpecUpdate<Spec>>;

  constructor(spec: Spec) {
    this.spec = spec;
  }

  /** True for an `AnnotationRoot`, also one created by another installed copy of Weft. */
  static isInstance(value: unknown): value is AnnotationRoot<AnnotationSpec> {
    return (
      typeof value === "object" &&
      value !== null &&
      (value as { lc_graph_name?: unknown }).lc_graph_name === "AnnotationRoot"
    );
  }
}

/** The `Annotation` helper: a field declaration, with `Annotation.Root` to group fields. */
export interface AnnotationFunction {
  /** A field whose updates are folded by `reducer`, starting from `default()`. */
  <Value, Update = Value>(
    annotation: SingleReducer<Value, Update>,
  ): BaseChannel<Value, ReducerUpdate<Value, Update>, Value>;
  /** A field whose value is replaced by each update (one update per step). */
  <Value>(): BaseChannel<Value, Value, Value>;
  /** Groups fields into a graph state. */
  Root: <Spec extends AnnotationSpec>(spec: Spec) => AnnotationRoot<Spec>;
}

function annotationChannel(annotation?: SingleReducer<unknown, unknown>): BaseChannel {
  const reducer =
    annotation === undefined || annotation === null
      ? undefined
      : "reducer" in annotation
        ? annotation.reducer
        : annotation.value;
  if (reducer === undefined) return new LastValue();
  return new BinaryOperatorAggregate(reducer, annotation?.default);
}

/**
 * Declares one state field. `Annotation<T>()` (or just `Annotation<T>`) keeps the last
 * value written; `Annotation<T, U>({ reducer, default })` folds updates with `reducer`.
 * `Annotation.Root({...})` groups fields into a state for `StateGraph`.
 *
 * @example
 * const State = Annotation.Root({
 *   question: Annotation<string>(),
 *   notes: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
 * });
 * const node = (state: typeof State.State): typeof State.Update => ({ notes: [state.question] });
 */
export const Annotation: AnnotationFunction = Object.assign(annotationChannel, {
  Root: <Spec extends AnnotationSpec>(spec: Spec) => new AnnotationRoot(spec),
}) as AnnotationFunction;
