import { Pregel } from "../pregel/pregel.ts";
import type { GraphSpec } from "../pregel/spec.ts";
import { type DrawableGraph, drawStateGraph } from "./drawable-graph.ts";
import type { AnyStateGraph } from "./state-graph.ts";

/**
 * A compiled `StateGraph`: run it with `invoke` / `stream`, inspect threads
 * with `getState` / `getStateHistory`, edit them with `updateState`.
 */
export class CompiledStateGraph<
  State = any,
  Update = any,
  _NodeNames extends string = string,
> extends Pregel<Update, State, State> {
  /** The builder this graph was compiled from. */
  readonly builder: AnyStateGraph;

  constructor(spec: GraphSpec, builder: unknown) {
    super(spec);
    this.builder = builder as AnyStateGraph;
  }

  /**
   * The graph's structure for display.
   * @example
   * console.log(graph.getGraph().drawMermaid());
   */
  getGraph(): DrawableGraph {
    return drawStateGraph(this.builder);
  }
}
