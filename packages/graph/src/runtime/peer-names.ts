import { INTERRUPT } from "@weft/checkpoint";
import type { END } from "../constants.ts";
import { GraphInputError } from "../errors.ts";
import { taskScopeOf } from "../pregel/task-scope.ts";
import type { Send } from "../send.ts";
import type { AnyStateLike, StateType } from "../state/index.ts";
import type { Interrupt, LangGraphRunnableConfig } from "../types.ts";
import { currentConfig } from "./context.ts";

/**
 * Inside a running node: the input it was given (its view of the state), or a
 * `task()`'s arguments. For helpers deep in a node that were not handed the state.
 * @throws GraphInputError `INVALID_CONFIG` outside a running node.
 */
export function getCurrentTaskInput<T = unknown>(): T {
  const scope = taskScopeOf(currentConfig());
  if (!scope) {
    throw new GraphInputError(
      "INVALID_CONFIG",
      "getCurrentTaskInput() was called outside a running graph node.",
    );
  }
  return scope.input as T;
}

/** True when `result` (what `invoke` returned, or a `values` / `updates` chunk) is a pause. */
export function isInterrupted<Value = unknown>(
  result: unknown,
): result is { [INTERRUPT]: Interrupt<Value>[] } {
  return (
    typeof result === "object" &&
    result !== null &&
    Array.isArray((result as Record<string, unknown>)[INTERRUPT])
  );
}

/**
 * The type of a routing function for `addConditionalEdges`: it gets the state (and the
 * runtime) and names the next node(s), `END`, or `Send`s.
 * @example
 * const route: ConditionalEdgeRouter<typeof State, {}, "tools"> = (state) =>
 *   state.messages.at(-1)?.tool_calls?.length ? "tools" : END;
 */
export type ConditionalEdgeRouter<
  Schema extends AnyStateLike,
  Context extends Record<string, any> = Record<string, any>,
  Nodes extends string = string,
> = (
  state: StateType<Schema>,
  config: LangGraphRunnableConfig<Context>,
) =>
  | Nodes
  | typeof END
  | Send
  | (Nodes | typeof END | Send)[]
  | Promise<Nodes | typeof END | Send | (Nodes | typeof END | Send)[]>;
