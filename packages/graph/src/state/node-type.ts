import type { Command } from "../command.ts";
import type { LangGraphRunnableConfig } from "../types.ts";

/**
 * What a node may return: a partial state update, a `Command`, several of them at once
 * (applied in order), or nothing.
 */
export type NodeReturn<Update> =
  | Update
  | Command<any, any>
  | (Command<any, any> | Update)[]
  | null
  | undefined
  // biome-ignore lint/suspicious/noConfusingVoidType: a node may be a function that returns nothing
  | void;

/**
 * A node function of a graph whose state is `State`: receives the state and the
 * run's config (its runtime), returns (or resolves to) an update. Exposed as
 * `typeof MyState.Node` to type nodes written outside the graph builder.
 */
export type StateNode<State, Update> = (
  state: State,
  config: LangGraphRunnableConfig,
) => NodeReturn<Update> | Promise<NodeReturn<Update>>;
