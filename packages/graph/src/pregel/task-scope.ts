import type { BaseCheckpointSaver } from "@weft/checkpoint";
import type { CachePolicy } from "../cache/base-cache.ts";
import type { Durability, Interrupt, LangGraphRunnableConfig, RetryPolicy } from "../types.ts";
import type { StreamSink } from "./stream.ts";

/**
 * What a running task offers the code inside it: the state `interrupt()` needs
 * (answers so far, how many interrupts this execution has asked) and what a
 * graph invoked inside the task inherits to run as its subgraph (saver,
 * namespace, stream, signal). One per task execution, carried in the task's
 * config under {@link TASK_SCOPE}.
 */
export interface TaskScope {
  readonly taskId: string;
  readonly name: string;
  /** What the task was given: the node's input (its view of the state), or a `task()` call's arguments. */
  readonly input: unknown;
  /** Checkpoint namespace of graphs run inside this task: `parent|name:taskId`. */
  readonly ns: string;
  /** Namespace of the graph this task belongs to ("" for the root graph). */
  readonly parentNs: string;
  /** Answers to this task's interrupts, by position (0 = first `interrupt()` call). */
  readonly resume: Record<number, unknown>;
  /** How many `interrupt()` calls this execution made so far. */
  interruptCounter: number;
  /** Answers by interrupt id given to this run with `Command({ resume })`. */
  readonly resumeMap: Readonly<Record<string, unknown>> | undefined;
  /** Persists {@link resume} as the task's `__resume__` write (survives a crash before the step ends). */
  saveResume(): void;
  readonly saver: BaseCheckpointSaver | undefined;
  readonly durability: Durability;
  readonly sink: StreamSink;
  readonly signal: AbortSignal;
  /** The task runs again after an interrupt: a subgraph it calls continues instead of restarting. */
  readonly resuming: boolean;
  /** Checkpointed subgraph runs started by this execution (a second one is `MULTIPLE_SUBGRAPHS`). */
  subgraphRuns: number;
  /** How many `task()` calls this execution made so far (their ids follow the order). */
  callCounter: number;
  /** Calls still running, so that when one pauses, the others can finish and pause too. */
  readonly inflight: Set<Promise<unknown>>;
  /** Interrupts raised by this execution's calls (all of them are reported, not just the first). */
  readonly callInterrupts: Interrupt[];
  /**
   * Runs a `task()` called inside this task as a task of its own: returns the saved
   * result when the call finished in an earlier attempt of this step, else runs it
   * (with its retry policy) and saves the result before returning it.
   */
  call<T>(
    name: string,
    run: (config: LangGraphRunnableConfig) => T | Promise<T>,
    options: CallOptions,
  ): Promise<T>;
}

/** How a `task()` call runs. */
export interface CallOptions {
  retryPolicy?: RetryPolicy;
  cachePolicy?: CachePolicy;
  /** The call's arguments (its cache key input). */
  args: readonly unknown[];
}

/** Key of the scope in a task's config. A symbol: spreads keep it, JSON drops it. */
export const TASK_SCOPE: unique symbol = Symbol.for("weft.taskScope");

type WithScope = LangGraphRunnableConfig & { [TASK_SCOPE]?: TaskScope };

/** The scope of the task `config` belongs to, if any. */
export function taskScopeOf(config: LangGraphRunnableConfig | undefined): TaskScope | undefined {
  return (config as WithScope | undefined)?.[TASK_SCOPE];
}

/** `config` with `scope` attached. */
export function withTaskScope(
  config: LangGraphRunnableConfig,
  scope: TaskScope,
): LangGraphRunnableConfig {
  (config as WithScope)[TASK_SCOPE] = scope;
  return config;
}
