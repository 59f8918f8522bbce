import {
  type BaseCheckpointSaver,
  INTERRUPT,
  type RunnableConfig,
  WeftError,
} from "@weft/checkpoint";
import type { Command } from "../command.ts";
import { END, START } from "../constants.ts";
import { GraphInputError, GraphInterrupt } from "../errors.ts";
import { DrawableGraph } from "../graph/drawable-graph.ts";
import { currentConfig } from "../runtime/context.ts";
import type {
  Interrupt,
  LangGraphRunnableConfig,
  PregelOptions,
  StateSnapshot,
  StreamMode,
} from "../types.ts";
import { type IterableReadableStream, toIterableStream } from "./iterable-stream.ts";
import { type ResumeRule, SuperstepLoop } from "./loop.ts";
import { validateRunOptions } from "./run-options.ts";
import type { GraphSpec } from "./spec.ts";
import { getStateHistory, getStateSnapshot, updateGraphState } from "./state-api.ts";
import { AsyncQueue, type StreamEvent, type StreamSink } from "./stream.ts";
import type { StreamChunk } from "./stream-chunks.ts";
import { type TaskScope, taskScopeOf } from "./task-scope.ts";

/** Options of `getStateHistory`. */
export interface StateHistoryOptions {
  /** Only checkpoints whose metadata matches these key/value pairs. */
  filter?: Record<string, unknown>;
  /** Only checkpoints older than the one this config names. */
  before?: RunnableConfig;
  /** At most this many snapshots. */
  limit?: number;
}

/**
 * What `invoke` returns: the output, plus `__interrupt__` (the pending interrupts)
 * when the run paused.
 */
export type WithInterrupts<Output> = Output & { [INTERRUPT]?: Interrupt[] };

const STREAM_OPTION_KEYS = [
  "streamMode",
  "subgraphs",
  "interruptBefore",
  "interruptAfter",
  "durability",
  "outputKeys",
] as const;

/**
 * A compiled graph: runs, streams and inspects executions of a {@link GraphSpec}.
 * Created by `StateGraph.compile()`; you rarely construct it yourself.
 */
export class Pregel<Input = unknown, Output = unknown, State = Record<string, any>> {
  /** The executable definition: nodes, channels, checkpointer. */
  readonly spec: GraphSpec;
  /** Defaults merged under every call's config (see {@link withConfig}). */
  readonly defaultConfig: LangGraphRunnableConfig;

  constructor(spec: GraphSpec, defaultConfig: LangGraphRunnableConfig = {}) {
    this.spec = spec;
    this.defaultConfig = defaultConfig;
  }

  /** The graph's name (from `compile({ name })`). */
  get name(): string {
    return this.spec.name;
  }

  /**
   * The graph's structure for display: each node between START and END. Graphs built
   * with `StateGraph` draw their real edges (and open subgraphs with `xray`).
   */
  getGraph(_options: { xray?: boolean | number } = {}): DrawableGraph {
    const nodes = Object.values(this.spec.nodes).filter((node) => !node.hidden);
    const edges = nodes.flatMap((node) => [
      { source: START, target: node.name, conditional: false },
      { source: node.name, target: END, conditional: false },
    ]);
    return new DrawableGraph(
      [{ id: START }, ...nodes.map((node) => ({ id: node.name })), { id: END }],
      edges,
    );
  }

  /**
   * The subgraphs this graph's nodes run, as `[namespace, graph]` pairs: nodes that are
   * compiled graphs, and graphs declared with `addNode(name, fn, { subgraphs })`. With
   * `recurse`, their subgraphs too (namespaces joined with `|`); `namespace` keeps only
   * the one with that name (the Agent Server's subgraphs endpoint).
   */
  *getSubgraphs(namespace?: string, recurse = false): Generator<[string, Pregel]> {
    for (const [name, node] of Object.entries(this.spec.nodes)) {
      for (const sub of node.subgraphs ?? []) {
        if (!(sub instanceof Pregel)) continue;
        if (namespace === undefined || namespace === name) yield [name, sub];
        if (!recurse) continue;
        const rest =
          namespace === undefined || !namespace.startsWith(`${name}|`)
            ? undefined
            : namespace.slice(name.length + 1);
        if (namespace !== undefined && rest === undefined) continue;
        for (const [child, graph] of sub.getSubgraphs(rest, true))
          yield [`${name}|${child}`, graph];
      }
    }
  }

  /** A copy of this graph whose calls merge `config` under their own. */
  withConfig(config: LangGraphRunnableConfig): this {
    const copy = Object.create(Object.getPrototypeOf(this)) as this;
    Object.assign(copy, this, { defaultConfig: mergeConfig(this.defaultConfig, config) });
    return copy;
  }

  /**
   * Runs the graph to completion (or to an interrupt) and returns the final state.
   *
   * @throws GraphRecursionError `GRAPH_RECURSION_LIMIT` when `recursionLimit` supersteps ran.
   * @throws InvalidUpdateError `INVALID_GRAPH_NODE_RETURN_VALUE` / `INVALID_CONCURRENT_GRAPH_UPDATE`.
   * @throws GraphInputError `INVALID_CONFIG` when a checkpointer is set and `thread_id` is missing.
   * @example
   * const result = await graph.invoke({ topic: "cats" }, { configurable: { thread_id: "1" } });
   */
  async invoke(
    input: Input | Command | null,
    options: PregelOptions = {},
  ): Promise<WithInterrupts<Output>> {
    const config = mergeConfig(this.defaultConfig, inheritTaskConfig(options));
    if (config.streamMode !== undefined && config.streamMode !== "values") {
      // As the peer does: with another stream mode, invoke returns that mode's chunks.
      const chunks: unknown[] = [];
      for await (const chunk of await this.stream(input, config)) chunks.push(chunk);
      return chunks as WithInterrupts<Output>;
    }
    const parent = taskScopeOf(config);
    const sink: StreamSink = parent?.sink ?? { modes: NO_MODES, push: () => {} };
    const loop = this.createLoop(input, config, sink, config.signal, parent);
    const output = (await loop.run()) as Record<string, unknown>;
    if (!loop.paused) return output as WithInterrupts<Output>;
    // A paused subgraph pauses the task that called it, which pauses the parent.
    if (parent) throw new GraphInterrupt(loop.interrupts);
    return { ...output, [INTERRUPT]: loop.interrupts } as WithInterrupts<Output>;
  }

  /**
   * Runs the graph once per input, concurrently, and returns the results in order.
   * `options` is one config for all runs or one per input (each needs its own
   * `thread_id` when the graph has a checkpointer).
   */
  async batch(
    inputs: (Input | Command | null)[],
    options: PregelOptions | PregelOptions[] = {},
  ): Promise<WithInterrupts<Output>[]> {
    return Promise.all(
      inputs.map((input, i) =>
        this.invoke(input, Array.isArray(options) ? (options[i] ?? {}) : options),
      ),
    );
  }

  /**
   * Runs the graph and yields events as they happen. With one stream mode,
   * chunks are that mode's payloads; with an array of modes, `[mode, payload]`;
   * with `subgraphs: true`, the namespace comes first.
   *
   * Stopping the iteration (break) cancels the run.
   * @example
   * for await (const chunk of await graph.stream(input, { streamMode: "updates" })) console.log(chunk);
   */
  async stream<
    const Modes extends StreamMode | readonly StreamMode[] = "updates",
    const Subgraphs extends boolean = false,
  >(
    input: Input | Command | null,
    options: PregelOptions & { streamMode?: Modes; subgraphs?: Subgraphs } = {},
  ): Promise<IterableReadableStream<StreamChunk<Modes, Subgraphs, Output>>> {
    const config = mergeConfig(this.defaultConfig, inheritTaskConfig(options));
    const requested: StreamMode | readonly StreamMode[] = config.streamMode ?? "updates";
    const modes: readonly StreamMode[] = Array.isArray(requested)
      ? requested
      : [requested as StreamMode];
    const tupleModes = Array.isArray(requested);
    const subgraphs = config.subgraphs === true;
    const controller = new AbortController();
    const queue = new AsyncQueue<unknown>(() =>
      controller.abort(new Error("stream closed by consumer")),
    );
    const parent = taskScopeOf(config);
    const own: StreamSink = {
      modes: new Set(modes),
      push: (event: StreamEvent) => {
        if (!subgraphs && event.ns.length > 0) return;
        queue.push(shapeChunk(event, tupleModes, subgraphs));
      },
    };
    // A subgraph streamed inside a node also feeds the parent's stream.
    const sink = parent ? teeSink(own, parent.sink) : own;
    const signal = config.signal
      ? AbortSignal.any([config.signal, controller.signal])
      : controller.signal;
    const loop = this.createLoop(input, config, sink, signal, parent);
    loop.run().then(
      () =>
        parent && loop.paused
          ? queue.close({ value: new GraphInterrupt(loop.interrupts) })
          : queue.close(),
      (error) => queue.close({ value: error }),
    );
    return toIterableStream(queue as AsyncQueue<StreamChunk<Modes, Subgraphs, Output>>);
  }

  /**
   * The thread's state at its latest checkpoint, or at `checkpoint_id` when given.
   * @throws GraphInputError `MISSING_CHECKPOINTER` when the graph has no checkpointer.
   */
  async getState(
    config: RunnableConfig,
    options: { subgraphs?: boolean } = {},
  ): Promise<StateSnapshot<State>> {
    return getStateSnapshot<State>(
      this.spec,
      this.requireSaver(),
      mergeConfig(this.defaultConfig, config),
      options,
    );
  }

  /** Every checkpoint of the thread, newest first. */
  async *getStateHistory(
    config: RunnableConfig,
    options: StateHistoryOptions = {},
  ): AsyncGenerator<StateSnapshot<State>> {
    yield* getStateHistory<State>(
      this.spec,
      this.requireSaver(),
      mergeConfig(this.defaultConfig, config),
      options,
    );
  }

  /**
   * Writes `values` as a new checkpoint, as if node `asNode` had returned them
   * (reducers apply; the edges of `asNode` decide what runs next). Returns the
   * config of the new checkpoint. Invoke with `null` and that config to continue.
   */
  async updateState(
    config: RunnableConfig,
    values: unknown,
    asNode?: string,
  ): Promise<RunnableConfig> {
    return updateGraphState(
      this.spec,
      this.requireSaver(),
      mergeConfig(this.defaultConfig, config),
      values,
      asNode,
    );
  }

  private createLoop(
    input: unknown,
    config: PregelOptions,
    sink: StreamSink,
    signal: AbortSignal | undefined,
    /** The task this call runs inside (the config carries it after `inheritTaskConfig`). */
    parent: TaskScope | undefined,
  ): SuperstepLoop {
    validateRunOptions(config);
    const runConfig: LangGraphRunnableConfig = { ...config };
    if (this.spec.parseContext) runConfig.context = this.spec.parseContext(config.context) as never;
    for (const key of STREAM_OPTION_KEYS) delete runConfig[key];
    const common = {
      input,
      sink,
      interruptBefore: mergeInterrupts(this.spec.interruptBefore, config.interruptBefore),
      interruptAfter: mergeInterrupts(this.spec.interruptAfter, config.interruptAfter),
    };
    if (!parent) {
      return new SuperstepLoop(this.spec, {
        ...common,
        config: runConfig,
        durability: config.durability ?? "async",
        signal: signal ?? NEVER_ABORTED,
        saver: rootSaver(this.spec),
      });
    }
    const sub = subgraphRun(this.spec, parent);
    return new SuperstepLoop(this.spec, {
      ...common,
      config: { ...runConfig, configurable: withoutCheckpointId(runConfig.configurable, sub.ns) },
      durability: parent.durability,
      signal: signal ? AbortSignal.any([signal, parent.signal]) : parent.signal,
      ns: sub.ns,
      saver: sub.saver,
      nested: { resumeMap: parent.resumeMap, resume: sub.resume },
    });
  }

  private requireSaver() {
    const saver = rootSaver(this.spec);
    if (!saver) {
      throw new GraphInputError(
        "MISSING_CHECKPOINTER",
        `Graph "${this.spec.name}" has no checkpointer: compile it with { checkpointer } to read or update state.`,
      );
    }
    return saver;
  }
}

const NO_MODES: ReadonlySet<StreamMode> = new Set();

/** The saver of a graph run on its own (`true` means "the parent's", and there is none). */
function rootSaver(spec: GraphSpec): BaseCheckpointSaver | undefined {
  return typeof spec.checkpointer === "object" ? spec.checkpointer : undefined;
}

/**
 * A graph called inside a running node without that node's config inherits it
 * (thread, store, context, signal...) from the async context, so it runs as a subgraph.
 */
function inheritTaskConfig(options: PregelOptions): PregelOptions {
  if (taskScopeOf(options)) return options;
  const current = currentConfig();
  return current ? mergeConfig(current, options) : options;
}

/**
 * Where a graph called inside a task of another graph keeps its checkpoints: the
 * parent's saver in a namespace of the calling task (`parent|node:taskId`), or of
 * the node (`parent|node`) with `checkpointer: true`, or nowhere with `false`.
 */
function subgraphRun(
  spec: GraphSpec,
  parent: TaskScope,
): { ns: string; saver: BaseCheckpointSaver | undefined; resume: ResumeRule | undefined } {
  const own = spec.checkpointer;
  const saver = own === false ? undefined : typeof own === "object" ? own : parent.saver;
  const perThread = own === true;
  const ns = perThread
    ? `${parent.parentNs === "" ? "" : `${parent.parentNs}|`}${parent.name}`
    : parent.ns;
  if (saver) {
    parent.subgraphRuns += 1;
    if (parent.subgraphRuns > 1) {
      throw new WeftError(
        "MULTIPLE_SUBGRAPHS",
        `Node "${parent.name}" called more than one checkpointed subgraph in a single execution, so their checkpoints would share a namespace. Compile the extra subgraphs with { checkpointer: false } or call them from separate nodes (or Send tasks).\nFor troubleshooting, see the error reference for code MULTIPLE_SUBGRAPHS.`,
        { details: { node: parent.name, ns } },
      );
    }
  }
  const resume = parent.resuming ? (perThread ? "continue-interrupted" : "continue") : undefined;
  return { ns, saver, resume };
}

function withoutCheckpointId(
  configurable: RunnableConfig["configurable"],
  ns: string,
): RunnableConfig["configurable"] {
  const { checkpoint_id: _ignored, ...rest } = configurable ?? {};
  return { ...rest, checkpoint_ns: ns };
}

function teeSink(own: StreamSink, parent: StreamSink): StreamSink {
  return {
    modes: new Set([...own.modes, ...parent.modes]),
    push: (event) => {
      if (own.modes.has(event.mode)) own.push(event);
      if (parent.modes.has(event.mode)) parent.push(event);
    },
  };
}
const NEVER_ABORTED = new AbortController().signal;

function shapeChunk(event: StreamEvent, tupleModes: boolean, subgraphs: boolean): unknown {
  if (subgraphs)
    return tupleModes ? [event.ns, event.mode, event.payload] : [event.ns, event.payload];
  return tupleModes ? [event.mode, event.payload] : event.payload;
}

function mergeInterrupts(
  compiled: readonly string[] | "*",
  perCall: readonly string[] | "*" | undefined,
): readonly string[] | "*" {
  if (compiled === "*" || perCall === "*") return "*";
  if (!perCall || perCall.length === 0) return compiled;
  return [...compiled, ...perCall];
}

/** `override` on top of `base`; `configurable`, `metadata` and `tags` merge instead of replacing. */
export function mergeConfig<T extends LangGraphRunnableConfig>(
  base: LangGraphRunnableConfig,
  override: T,
): T {
  if (Object.keys(base).length === 0) return override;
  return {
    ...base,
    ...override,
    configurable: { ...base.configurable, ...override.configurable },
    metadata: { ...base.metadata, ...override.metadata },
    tags: [...(base.tags ?? []), ...(override.tags ?? [])],
  };
}
