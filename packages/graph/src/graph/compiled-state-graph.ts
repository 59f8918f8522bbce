import * as z from "zod";
import { Pregel } from "../pregel/pregel.ts";
import type { GraphSpec } from "../pregel/spec.ts";
import { type JSONSchema, stateJsonSchema } from "../state/index.ts";
import { isZodSchema } from "../state/schema-json.ts";
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
  Output = State,
> extends Pregel<Update, Output, State> {
  /** The builder this graph was compiled from. */
  readonly builder: AnyStateGraph;

  constructor(spec: GraphSpec, builder: unknown) {
    super(spec);
    this.builder = builder as AnyStateGraph;
  }

  /**
   * JSON Schemas (draft-07) of what the graph takes and gives, for forms and APIs (the
   * Agent Server's `/assistants/{id}/schemas`): `input` (what `invoke` accepts), `output`
   * (what it returns), `state` (what `getState` shows) and `context` (`runtime.context`,
   * when the graph declares a zod context schema). Built on each call.
   */
  getJsonSchemas(): {
    input: JSONSchema | undefined;
    output: JSONSchema | undefined;
    state: JSONSchema | undefined;
    context: JSONSchema | undefined;
  } {
    const { state, options, stateIsUnion } = this.builder;
    const context = options.contextSchema ?? options.context;
    const output = stateJsonSchema(options.output ?? state, "state");
    const stored = stateJsonSchema(state, "state");
    return {
      input: stateJsonSchema(options.input ?? state, "input"),
      output,
      // Declared only by input and output: the state is the two together.
      state: stateIsUnion ? mergeObjectSchemas(stored, output) : stored,
      context: isZodSchema(context)
        ? (z.toJSONSchema(context, { target: "draft-7", unrepresentable: "any" }) as JSONSchema)
        : undefined,
    };
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

function mergeObjectSchemas(
  a: JSONSchema | undefined,
  b: JSONSchema | undefined,
): JSONSchema | undefined {
  if (!a || !b) return a ?? b;
  const required = [...new Set([...(a.required ?? []), ...(b.required ?? [])])];
  return {
    ...a,
    properties: { ...b.properties, ...a.properties },
    ...(required.length > 0 ? { required } : {}),
  };
}
