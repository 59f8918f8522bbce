import { Pregel } from "../pregel/pregel.ts";
import type { GraphSpec } from "../pregel/spec.ts";
import { type DrawableGraph, drawStateGraph } from "./drawable-graph.ts";
import type { AnyStateGraph } from "./state-graph.ts";
import { type Drawable, expandSubgraphs, xrayDepth } from "./xray.ts";

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
   * The graph's structure for display. With `xray`, nodes that run a subgraph are
   * opened up into the subgraph's nodes (`true`: every level; a number: that many).
   * @example
   * console.log(graph.getGraph().drawMermaid());
   */
  override getGraph(options: { xray?: boolean | number } = {}): DrawableGraph {
    return expandSubgraphs(
      drawStateGraph(this.builder),
      (node) => drawableSubgraph(this.spec.nodes[node]?.subgraphs?.[0]),
      xrayDepth(options.xray),
    );
  }
}

function drawableSubgraph(graph: unknown): Drawable | undefined {
  return typeof (graph as Partial<Drawable> | undefined)?.getGraph === "function"
    ? (graph as Drawable)
    : undefined;
}
