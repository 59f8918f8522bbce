import type { BaseCheckpointSaver } from "@weft/checkpoint";
import type { BaseCache, CachePolicy } from "../cache/base-cache.ts";
import { END, RESERVED_NODE_CHARS, RESERVED_NODE_NAMES, START } from "../constants.ts";
import { InvalidGraphError } from "../errors.ts";
import type { GraphSpec } from "../pregel/spec.ts";
import {
  type AnyStateLike,
  type InputOutputDeclaration,
  isStateLike,
  type NodeReturn,
  type StateType,
  type UpdateType,
} from "../state/index.ts";
import type { LangGraphRunnableConfig, RetryPolicy, StoreLike } from "../types.ts";
import { type Branch, type BranchPath, type PathMap, toEnds } from "./branch.ts";
import { compileStateGraph } from "./compile.ts";
import { CompiledStateGraph } from "./compiled-state-graph.ts";

/** A node function, or any object with `invoke(state, config)` (a LangChain runnable, a compiled graph). */
export type NodeAction<State = any, Update = any, Context = any> =
  | ((
      state: State,
      config: LangGraphRunnableConfig<Context>,
    ) => NodeReturn<Update> | Promise<NodeReturn<Update>>)
  | { invoke(state: State, config?: LangGraphRunnableConfig<Context>): unknown };

/**
 * The type of a node function for a state definition.
 * @example
 * const callModel: GraphNode<typeof State> = async (state) => ({ messages: [await model.invoke(state.messages)] });
 */
export type GraphNode<S extends AnyStateLike, Context = any> = (
  state: StateType<S>,
  config: LangGraphRunnableConfig<Context>,
) => NodeReturn<UpdateType<S>> | Promise<NodeReturn<UpdateType<S>>>;

/** Options of `addNode`. */
export interface AddNodeOptions {
  /** Retry the node on failure. */
  retryPolicy?: RetryPolicy;
  /** Reuse the node's result for an input seen before (needs `cache` at compile time). */
  cachePolicy?: CachePolicy;
  /** Nodes this node may route to with `Command({ goto })` (declares the edges for validation and drawing). */
  ends?: readonly string[];
  /** Run only when nothing else is left to run (waits for all parallel branches). @default false */
  defer?: boolean;
  /** A narrower (or private) state definition this node reads. */
  input?: AnyStateLike;
  /** Free-form metadata shown in traces and `getGraph()`. */
  metadata?: Record<string, unknown>;
  /** Human-readable description. */
  description?: string;
  /**
   * Graphs this node's function invokes, so `getState(config, { subgraphs: true })`
   * can show their state. A compiled graph added as the node itself is found without it.
   */
  subgraphs?: readonly { readonly spec: GraphSpec }[];
}

/** What `invoke` returns: the output declaration's type for `{ input, output }` graphs, else the state. */
type OutputOf<SD, S> = SD extends InputOutputDeclaration<unknown, infer O> ? StateType<O> : S;

/** A node as stored by the builder. */
export interface NodeSpec {
  readonly name: string;
  readonly action: NodeAction;
  readonly options: AddNodeOptions;
}

/** Options of `compile`. */
export interface CompileOptions {
  /**
   * Saves a checkpoint every superstep; enables threads, interrupts, time travel.
   * For a graph used as a subgraph: leave it out to use the parent's (state kept for
   * one call, interrupts work), `true` to use the parent's and keep the subgraph's
   * state across calls in the thread, `false` to save nothing (no interrupts inside).
   */
  checkpointer?: BaseCheckpointSaver | boolean;
  /** Long-term memory available to nodes as `config.store`. */
  store?: StoreLike;
  /** Where nodes and tasks with a `cachePolicy` keep results (e.g. `new InMemoryCache()`). */
  cache?: BaseCache;
  /** Pause before these nodes run ("*" for all). */
  interruptBefore?: string[] | "*";
  /** Pause after these nodes run ("*" for all). */
  interruptAfter?: string[] | "*";
  /** The graph's name in traces and namespaces. @default "LangGraph" */
  name?: string;
  description?: string;
}

/** Options of the `StateGraph` constructor. */
export interface StateGraphOptions {
  /** The keys accepted as input. @default the state */
  input?: AnyStateLike;
  /** The keys returned by `invoke`. @default the state */
  output?: AnyStateLike;
  /**
   * Schema of the run's `context` (`invoke(input, { context })`, read as
   * `runtime.context`). A zod schema also validates it (and fills defaults) before
   * the run starts; anything else documents it only.
   */
  context?: unknown;
  /** Same as `context` (the name the agent APIs use). */
  contextSchema?: unknown;
}

type StartOrNode<N extends string> = typeof START | N;
type EndOrNode<N extends string> = typeof END | N;

/**
 * Builds a graph whose nodes read and update a shared state. Add nodes and
 * edges, then `compile()` it into a runnable graph.
 *
 * @example
 * const graph = new StateGraph(State)
 *   .addNode("nodeA", () => ({ foo: "a" }))
 *   .addEdge(START, "nodeA")
 *   .addEdge("nodeA", END)
 *   .compile({ checkpointer: new MemorySaver() });
 */
export class StateGraph<
  SD extends AnyStateLike | InputOutputDeclaration<AnyStateLike, AnyStateLike>,
  S = StateType<SD>,
  U = UpdateType<SD>,
  N extends string = typeof START,
> {
  /** The state declaration (the input declaration for a graph declared by `{ input, output }`). */
  readonly state: AnyStateLike;
  readonly options: StateGraphOptions;
  readonly nodes = new Map<string, NodeSpec>();
  /** Static edges `[source, target]`. */
  readonly edges: [string, string][] = [];
  /** Edges that wait for every source: `[sources, target]`. */
  readonly waitingEdges: [string[], string][] = [];
  readonly branches = new Map<string, Branch[]>();
  /** Built from `{ input, output }`: the state is their union. */
  readonly stateIsUnion: boolean;

  /**
   * @param state The state definition (`StateSchema`, `Annotation.Root` or a zod object),
   *   or `{ state, input, output }`.
   * @param options Input / output definitions; a state definition here is taken as the
   *   context schema (the older `new StateGraph(State, ConfigAnnotation)` form).
   */
  constructor(
    state:
      | SD
      | ({ state: SD } & StateGraphOptions)
      | (SD & Omit<StateGraphOptions, "input" | "output">),
    options: StateGraphOptions | AnyStateLike = {},
  ) {
    const named =
      !isStateLike(state) &&
      typeof state === "object" &&
      state !== null &&
      ("state" in state || ("input" in state && "output" in state));
    const fields = named ? { ...(state as StateGraphOptions & { state?: AnyStateLike }) } : {};
    // `{ input, output }` alone declares the state as the union of the two.
    this.state = named ? (fields.state ?? (fields.input as AnyStateLike)) : (state as AnyStateLike);
    delete fields.state;
    this.options = isStateLike(options)
      ? { ...fields, context: options }
      : { ...fields, ...options };
    this.stateIsUnion = named && !("state" in (state as object));
    if (!isStateLike(this.state)) {
      throw new InvalidGraphError(
        "StateGraph needs a state definition: a StateSchema, an Annotation.Root or a zod object.",
      );
    }
  }

  /** Adds a node. Names must be unique and not reserved (`__start__`, `__end__`, no `|` or `:`). */
  addNode<K extends string, NodeInput = S>(
    name: K,
    action: NodeAction<NodeInput, U>,
    options?: AddNodeOptions,
  ): StateGraph<SD, S, U, N | K>;
  /** Adds several nodes at once: `{ name: action }`. */
  addNode<M extends Record<string, NodeAction<S, U>>>(
    nodes: M,
  ): StateGraph<SD, S, U, N | (keyof M & string)>;
  addNode(
    nameOrNodes: string | Record<string, NodeAction>,
    action?: NodeAction,
    options: AddNodeOptions = {},
  ): any {
    if (typeof nameOrNodes === "object") {
      for (const [name, fn] of Object.entries(nameOrNodes)) this.addNode(name, fn);
      return this;
    }
    const name = nameOrNodes;
    checkNodeName(name);
    if (this.nodes.has(name))
      throw new InvalidGraphError(`Node "${name}" is already present.`, { node: name });
    if (
      action === undefined ||
      (typeof action !== "function" &&
        typeof (action as { invoke?: unknown }).invoke !== "function")
    ) {
      throw new InvalidGraphError(`Node "${name}" needs a function or an object with invoke().`, {
        node: name,
      });
    }
    this.nodes.set(name, { name, action, options });
    return this;
  }

  /** Adds an edge; with a list of sources, `end` runs once all of them ran. */
  addEdge(start: StartOrNode<N> | N[], end: EndOrNode<N>): this {
    if (Array.isArray(start)) {
      if (start.length === 0)
        throw new InvalidGraphError("addEdge needs at least one source node.");
      for (const s of start) {
        if (s === END) throw new InvalidGraphError("END cannot be the start of an edge.");
      }
      if (start.length > 1) {
        this.waitingEdges.push([[...start], end]);
        return this;
      }
      return this.addEdge(start[0]!, end);
    }
    if (start === END) throw new InvalidGraphError("END cannot be the start of an edge.");
    if (end === START) throw new InvalidGraphError("START cannot be the end of an edge.");
    this.edges.push([start, end]);
    return this;
  }

  /**
   * Routes from `source` to the node(s) `path` returns (names or `Send`s).
   * `pathMap` lists the possible destinations (or maps results to them).
   */
  addConditionalEdges(
    source: StartOrNode<N>,
    path: BranchPath<S>,
    pathMap?: readonly EndOrNode<N>[] | Readonly<Record<string, EndOrNode<N>>>,
  ): this {
    const list = this.branches.get(source) ?? [];
    list.push({ path: path as BranchPath, ends: toEnds(pathMap as PathMap | undefined) });
    this.branches.set(source, list);
    return this;
  }

  /** Adds nodes that run one after another, each with an edge to the next. */
  addSequence<K extends string>(
    nodes: readonly [K, NodeAction<S, U>][] | Readonly<Record<K, NodeAction<S, U>>>,
  ): StateGraph<SD, S, U, N | K> {
    const entries: [string, NodeAction][] = Array.isArray(nodes)
      ? [...nodes]
      : Object.entries(nodes);
    if (entries.length === 0) throw new InvalidGraphError("addSequence needs at least one node.");
    let previous: string | undefined;
    for (const [name, action] of entries) {
      this.addNode(name, action);
      if (previous !== undefined) this.edges.push([previous, name]);
      previous = name;
    }
    return this as unknown as StateGraph<SD, S, U, N | K>;
  }

  /** Same as `addEdge(START, node)`. */
  setEntryPoint(node: N): this {
    return this.addEdge(START, node);
  }

  /** Same as `addEdge(node, END)`. */
  setFinishPoint(node: N): this {
    return this.addEdge(node, END);
  }

  /**
   * Checks the structure and returns a runnable graph.
   * @throws InvalidGraphError `INVALID_GRAPH` naming the node for unknown nodes, a
   *   missing entry point, or nodes nothing can reach.
   */
  compile(options: CompileOptions = {}): CompiledStateGraph<S, U, N, OutputOf<SD, S>> {
    return new CompiledStateGraph<S, U, N, OutputOf<SD, S>>(
      compileStateGraph(this as unknown as AnyStateGraph, options),
      this,
    );
  }
}

/** A builder of any state type. */
export type AnyStateGraph = StateGraph<AnyStateLike, any, any, string>;

function checkNodeName(name: string): void {
  if (typeof name !== "string" || name.length === 0)
    throw new InvalidGraphError("A node needs a non-empty name.");
  if (RESERVED_NODE_NAMES.has(name))
    throw new InvalidGraphError(`"${name}" is a reserved node name.`, { node: name });
  for (const ch of RESERVED_NODE_CHARS) {
    if (name.includes(ch)) {
      throw new InvalidGraphError(`Node name "${name}" contains "${ch}", which is reserved.`, {
        node: name,
      });
    }
  }
}
