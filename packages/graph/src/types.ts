import type { CheckpointMetadata, RunnableConfig } from "@weft/checkpoint";
import type { BaseStore } from "@weft/store";

/**
 * What `stream` yields:
 * - `values`: the full state after each superstep;
 * - `updates`: `{ [node]: update }` as each node finishes;
 * - `custom`: whatever nodes pass to `config.writer(...)`;
 * - `debug`: checkpoint, task and task-result events with timestamps;
 * - `tasks`: task start and task result events;
 * - `checkpoints`: each checkpoint as it is created (same shape as `getState`);
 * - `messages`: `[messageChunk, metadata]` pairs from chat models called in nodes.
 */
export type StreamMode =
  | "values"
  | "updates"
  | "custom"
  | "debug"
  | "tasks"
  | "checkpoints"
  | "messages";

/**
 * When checkpoints are written:
 * - `sync`: before the next superstep starts (safest, slowest);
 * - `async`: in the background while the next superstep runs (default);
 * - `exit`: only when the run ends (fastest; a crash loses the whole run).
 */
export type Durability = "sync" | "async" | "exit";

/** A pending `interrupt()`: its value and the id used to resume it. */
export interface Interrupt<Value = unknown> {
  id: string;
  value: Value;
}

/** A task as reported by `getState().tasks` and the `tasks` / `debug` streams. */
export interface PregelTaskDescription {
  id: string;
  name: string;
  path?: readonly (string | number)[];
  error?: unknown;
  interrupts: Interrupt[];
  /** The task's writes when it already finished (from pending writes). */
  result?: unknown;
  /** Subgraph state, when requested with `{ subgraphs: true }`. */
  state?: RunnableConfig | StateSnapshot;
}

/** A thread's state at one checkpoint, as returned by `getState` and `getStateHistory`. */
export interface StateSnapshot<Values = Record<string, unknown>> {
  /** State values at this checkpoint. */
  values: Values;
  /** Nodes that run next; empty when the run finished. */
  next: string[];
  /** Config that points at this checkpoint. */
  config: RunnableConfig;
  metadata?: CheckpointMetadata;
  /** ISO time the checkpoint was created. */
  createdAt?: string;
  /** Config of the previous checkpoint in the thread. */
  parentConfig?: RunnableConfig;
  /** Tasks of the next superstep, with errors, interrupts or results already known. */
  tasks: PregelTaskDescription[];
}

/** Emits a chunk to the `custom` stream mode. */
export type StreamWriter = (chunk: unknown) => void;

/** How a failing node is retried. */
export interface RetryPolicy {
  /** Attempts including the first. @default 3 */
  maxAttempts?: number;
  /** Milliseconds before the first retry. @default 500 */
  initialInterval?: number;
  /** Multiplier of the interval after each retry. @default 2 */
  backoffFactor?: number;
  /** Upper bound of the interval in milliseconds. @default 128000 */
  maxInterval?: number;
  /** Randomize intervals to avoid thundering herds. @default true */
  jitter?: boolean;
  /** Which errors to retry. @default every error except Weft's own graph errors and aborts */
  retryOn?: (error: unknown) => boolean;
  /** Log each retry. @default false */
  logWarning?: boolean;
}

/** Long-term memory a graph is compiled with: any `@weft/store` `BaseStore`. */
export type StoreLike = BaseStore;

/**
 * The second argument of every node: the run's config plus its runtime
 * (context, store, stream writer, abort signal).
 */
export interface LangGraphRunnableConfig<Context = Record<string, unknown>> extends RunnableConfig {
  /** Static per-run data (user id, connections...), from `invoke(input, { context })`. */
  context?: Context;
  /** The long-term memory store given at compile time. */
  store?: StoreLike;
  /** Emits to the `custom` stream mode. A no-op when nobody streams `custom`. */
  writer?: StreamWriter;
}

/** The runtime a node receives (same object as its config). */
export type Runtime<Context = Record<string, unknown>> = LangGraphRunnableConfig<Context> & {
  writer: StreamWriter;
  signal: AbortSignal;
};

/** Options of `invoke` and `stream`. */
export interface PregelOptions<Context = Record<string, unknown>>
  extends LangGraphRunnableConfig<Context> {
  /** Stream mode or modes. @default "values" for stream, final values for invoke */
  streamMode?: StreamMode | readonly StreamMode[];
  /** Also stream events from subgraphs, as `[namespace, chunk]`. @default false */
  subgraphs?: boolean;
  /** Pause before these nodes (in addition to the compiled ones). */
  interruptBefore?: string[] | "*";
  /** Pause after these nodes (in addition to the compiled ones). */
  interruptAfter?: string[] | "*";
  /** When checkpoints are written. @default "async" */
  durability?: Durability;
  /** Only these output keys in `values` / `updates`. */
  outputKeys?: string | string[];
}
