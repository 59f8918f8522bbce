import type { BaseCheckpointSaver, PendingWrite } from "@weft/checkpoint";
import type { BaseCache, CachePolicy } from "../cache/base-cache.ts";
import type { BaseChannel } from "../channels/base.ts";
import type { Command } from "../command.ts";
import type { LangGraphRunnableConfig, RetryPolicy, StoreLike } from "../types.ts";
import type { ChannelKeys } from "./read.ts";

/** Where a node's input comes from. */
export type NodeInput =
  /** The value of one channel, as it is (the entry node reads the raw run input). */
  | { kind: "channel"; channel: string }
  /** An object of these state channels (empty channels are left out). */
  | { kind: "state"; keys: readonly string[] };

/** What the loop offers a node's writer after the node returned. */
export interface WriteContext {
  /** The state as this task sees it with its own writes applied (for conditional edges). */
  readFresh(writes: readonly PendingWrite[]): Record<string, unknown>;
  /** The task's config, passed on to routing functions. */
  config: LangGraphRunnableConfig;
  /** The graph runs as a subgraph: `Command({ graph: Command.PARENT })` goes up instead of failing. */
  nested?: boolean;
}

/**
 * One node of a compiled graph, as the superstep loop sees it. Graph builders
 * (StateGraph, the functional API) compile their definitions into these.
 */
export interface PregelNode {
  readonly name: string;
  /** A new version of any of these channels schedules the node. */
  readonly triggers: readonly string[];
  readonly input: NodeInput;
  /** The node body. */
  readonly run: (input: unknown, config: LangGraphRunnableConfig) => unknown;
  /** Turns the body's return value into channel writes (state updates, edges, sends). */
  readonly toWrites: (
    output: unknown,
    ctx: WriteContext,
  ) => PendingWrite[] | Promise<PendingWrite[]>;
  readonly retryPolicy?: RetryPolicy;
  /** Reuse the node's writes for an input seen before (with the graph's `cache`). */
  readonly cachePolicy?: CachePolicy;
  /** Graphs this node runs as subgraphs (for state inspection). */
  readonly subgraphs?: readonly { readonly spec: GraphSpec }[];
  /** Left out of the `updates` stream (the entry node). */
  readonly hidden?: boolean;
  readonly metadata?: Record<string, unknown>;
}

/** Everything the runtime needs to execute a compiled graph. */
export interface GraphSpec {
  readonly name: string;
  readonly nodes: Readonly<Record<string, PregelNode>>;
  /** Prototype channels; the loop builds fresh ones with `fromCheckpoint`. */
  readonly channels: Readonly<Record<string, BaseChannel>>;
  /** Channel that receives the run input. */
  readonly inputChannel: string;
  /**
   * Validates and normalizes run input before anything is written, so bad
   * input fails with a clear error and leaves the thread untouched.
   */
  readonly validateInput?: (input: unknown) => unknown;
  /** Validates `config.context` (and fills its defaults) before a run starts. */
  readonly parseContext?: (context: unknown) => unknown;
  /** State keys returned by invoke and streamed as values. */
  readonly outputKeys: ChannelKeys;
  /** State keys visible in `getState().values`. */
  readonly stateKeys: ChannelKeys;
  /** Channel → nodes it triggers (so a step only checks nodes whose inputs changed). */
  readonly triggerToNodes: Readonly<Record<string, readonly string[]>>;
  /**
   * Where checkpoints go. As a subgraph: `undefined` inherits the parent's saver
   * (one namespace per call), `true` inherits it with one namespace per node (the
   * subgraph remembers its state across calls in a thread), `false` saves nothing.
   */
  readonly checkpointer?: BaseCheckpointSaver | boolean;
  readonly store?: StoreLike;
  readonly interruptBefore: readonly string[] | "*";
  readonly interruptAfter: readonly string[] | "*";
  /** Writes of a `Command` passed as run input (its `update` and `goto`). */
  readonly commandWrites?: (command: Command) => PendingWrite[] | Promise<PendingWrite[]>;
  /** Where nodes and tasks with a cache policy keep results. */
  readonly cache?: BaseCache;
  /** Default for nodes without their own policy. */
  readonly retryPolicy?: RetryPolicy;
}
