import {
  type CheckpointPendingWrite,
  deterministicId,
  ERROR,
  INTERRUPT,
  type PendingWrite,
  RESUME,
} from "@weft/checkpoint";
import { type CacheKey, type CachePolicy, defaultCacheKey } from "../cache/base-cache.ts";
import { Command } from "../command.ts";
import { RETURN } from "../constants.ts";
import {
  GraphAbortedError,
  isGraphBubbleUp,
  isGraphInterrupt,
  isParentCommand,
} from "../errors.ts";
import { langchainCallbacksFor } from "../models/langchain-callbacks.ts";
import { runWithConfig } from "../runtime/context.ts";
import { withMessageSink } from "../runtime/message-stream.ts";
import type { Interrupt, LangGraphRunnableConfig, RetryPolicy, StreamMode } from "../types.ts";
import { type LoopEmitter, nsPath } from "./loop-emitter.ts";
import { describeError, updatePayload } from "./loop-events.ts";
import type { LoopOptions } from "./loop-options.ts";
import { MessagesStream } from "./messages-stream.ts";
import { raceAbort } from "./race-abort.ts";
import { withRetry } from "./retry.ts";
import type { GraphSpec, WriteContext } from "./spec.ts";
import { type PregelTask, PUSH, type TaskIdentity } from "./task.ts";
import { type CallOptions, type TaskScope, taskScopeOf, withTaskScope } from "./task-scope.ts";

/** What a {@link TaskRunner} needs from the loop that owns it. */
export interface TaskHost {
  readonly spec: GraphSpec;
  readonly options: LoopOptions;
  /** Namespace of the graph ("" for the root graph). */
  readonly ns: string;
  readonly events: LoopEmitter;
  /** The superstep being run. */
  step(): number;
  /** The state as a node sees it with its own writes applied (for conditional edges). */
  readonly readFresh: WriteContext["readFresh"];
  /** Saves a task's writes against the latest checkpoint. */
  putWrites(taskId: string, writes: PendingWrite[]): void;
}

/** How one task ended: `undefined` when it finished and its writes are set. */
type TaskOutcome = { error: unknown } | { interrupts: Interrupt[] } | undefined;

/**
 * Runs the tasks of a superstep: each with its config and {@link TaskScope},
 * its retry policy and cache, raced against the run's signal. A task's writes
 * are saved as soon as it finishes; an interrupt is saved as its `__interrupt__`
 * write. Also runs the `task()` calls made inside tasks. One per run.
 */
export class TaskRunner {
  /** Answers to pending interrupts, by interrupt id. */
  resumeMap: Readonly<Record<string, unknown>> | undefined;
  /** The next step re-executes tasks of a paused step: subgraphs they call continue. */
  resuming = false;

  private readonly host: TaskHost;
  private readonly spec: GraphSpec;
  private readonly options: LoopOptions;
  private readonly modes: ReadonlySet<StreamMode>;
  /** This graph runs inside a task of another graph: pauses and parent commands propagate up. */
  private readonly nested: boolean;
  /** Set when someone reads the `messages` stream mode. */
  private readonly messages: MessagesStream | undefined;
  /** Answers to interrupts of the tasks about to run, by task id (from saved `__resume__` writes). */
  private readonly answers = new Map<string, Record<number, unknown>>();
  /** Results of `task()` calls that finished in an earlier attempt of this step, by call id. */
  private readonly callResults = new Map<string, unknown>();

  constructor(host: TaskHost) {
    this.host = host;
    this.spec = host.spec;
    this.options = host.options;
    this.modes = host.events.modes;
    this.nested = host.options.nested !== undefined;
    this.resumeMap = host.options.nested?.resumeMap;
    const sink = host.options.sink;
    this.messages = this.modes.has("messages")
      ? new MessagesStream((ns, payload) => sink.push({ ns, mode: "messages", payload }))
      : undefined;
  }

  /**
   * Tasks that already finished in an earlier attempt of this step keep their saved
   * writes; the others run, with the answers their interrupts already received.
   * Returns the tasks to run.
   */
  restore(pendingWrites: readonly CheckpointPendingWrite[], tasks: PregelTask[]): PregelTask[] {
    this.answers.clear();
    this.callResults.clear();
    if (pendingWrites.length === 0) return tasks;
    const byTask = new Map<string, PendingWrite[]>();
    for (const [taskId, channel, value] of pendingWrites) {
      if (channel === RESUME) {
        this.answers.set(taskId, { ...(value as Record<number, unknown>) });
        continue;
      }
      if (channel === RETURN) {
        this.callResults.set(taskId, value);
        continue;
      }
      if (channel === ERROR || channel === INTERRUPT) continue;
      const list = byTask.get(taskId);
      if (list) list.push([channel, value]);
      else byTask.set(taskId, [[channel, value]]);
    }
    const toRun: PregelTask[] = [];
    for (const task of tasks) {
      const writes = byTask.get(task.id);
      if (writes) task.writes = writes;
      else toRun.push(task);
    }
    return toRun;
  }

  /**
   * Runs the step's tasks; returns the interrupts that paused some of them. Rethrows
   * the first error. Ends {@link resuming}: only the first step after a pause re-executes.
   */
  async runAll(tasks: PregelTask[]): Promise<Interrupt[]> {
    if (tasks.length === 1) {
      const outcome = await this.runTask(tasks[0]!);
      this.resuming = false;
      if (outcome === undefined) return [];
      if ("error" in outcome) throw outcome.error;
      return outcome.interrupts;
    }
    const outcomes = await Promise.all(tasks.map((task) => this.runTask(task)));
    this.resuming = false;
    const interrupts: Interrupt[] = [];
    for (const outcome of outcomes) {
      if (outcome === undefined) continue;
      if ("error" in outcome) throw outcome.error;
      interrupts.push(...outcome.interrupts);
    }
    return interrupts;
  }

  /** Runs one task; its writes are saved as pending writes as soon as it finishes. */
  private async runTask(task: PregelTask): Promise<TaskOutcome> {
    const config = this.taskConfig(task);
    const node = task.node;
    const signal = this.options.signal;
    try {
      const cacheKey = this.cacheKeyOf(node.name, node.cachePolicy, task.input);
      const cached = cacheKey && (await this.spec.cache!.get([cacheKey]))[0];
      if (cached) {
        task.writes = cached.value as PendingWrite[];
      } else {
        const output = await raceAbort(
          withRetry(
            () => runWithConfig(config, () => node.run(task.input, config)),
            node.retryPolicy ?? this.spec.retryPolicy,
            signal,
          ).catch(commandFromSubgraph),
          signal,
        );
        const writes = node.toWrites(output, {
          readFresh: this.host.readFresh,
          config,
          nested: this.nested,
        });
        task.writes = writes instanceof Promise ? await writes : writes;
        if (cacheKey) {
          await this.spec.cache!.set([
            { key: cacheKey, value: task.writes, ttl: node.cachePolicy!.ttl },
          ]);
        }
      }
      this.host.putWrites(task.id, task.writes);
      if (this.messages && !node.hidden) {
        this.messages.taskOutput(nsPath(this.host.ns), config.metadata!, task.writes);
      }
      if (
        !node.hidden &&
        (this.modes.has("updates") || this.modes.has("debug") || this.modes.has("tasks"))
      ) {
        if (this.modes.has("updates")) {
          const update = { [task.name]: updatePayload(task.writes, this.spec.outputKeys) };
          this.host.events.emit(
            "updates",
            cached ? { ...update, __metadata__: { cached: true } } : update,
          );
        }
        this.host.events.taskResult(task, undefined, this.host.step());
      }
      return undefined;
    } catch (error) {
      if (signal.aborted) return { error: new GraphAbortedError(signal.reason) };
      if (isGraphInterrupt(error)) {
        const interrupts = await this.allInterrupts(config, error.interrupts);
        this.host.putWrites(task.id, [[INTERRUPT, interrupts]]);
        // Reported at once, as the peer does: a UI can ask the human while siblings still run.
        if (this.modes.has("updates"))
          this.host.events.emit("updates", { [INTERRUPT]: interrupts });
        return { interrupts };
      }
      // A command for this graph's parent: not a failure of the task, it travels up.
      if (isParentCommand(error)) return { error };
      this.host.putWrites(task.id, [[ERROR, describeError(error)]]);
      if (!node.hidden) {
        noteNode(error, task);
        this.host.events.taskResult(task, error, this.host.step());
      }
      return { error };
    }
  }

  private taskConfig(task: TaskIdentity): LangGraphRunnableConfig {
    const base = this.options.config;
    const sink = this.options.sink;
    const ns = this.host.ns;
    const events = this.host.events;
    const taskNs = `${ns === "" ? "" : `${ns}|`}${task.name}:${task.id}`;
    let config: LangGraphRunnableConfig = {
      ...base,
      configurable: { ...base.configurable, checkpoint_ns: taskNs },
      metadata: {
        ...base.metadata,
        langgraph_step: this.host.step(),
        langgraph_node: task.name,
        langgraph_triggers: task.triggers,
        langgraph_path: task.path,
        langgraph_checkpoint_ns: taskNs,
      },
      signal: this.options.signal,
      store: this.spec.store,
      writer: this.modes.has("custom")
        ? (chunk: unknown) => events.emit("custom", chunk)
        : noopWriter,
    };
    if (this.messages) {
      const sink = this.messages.sinkFor(nsPath(ns), config.metadata!);
      config = withMessageSink(config, sink);
      config.callbacks = [...asArray(base.callbacks), langchainCallbacksFor(sink)];
    }
    const resume = this.answers.get(task.id) ?? {};
    const scope: TaskScope = {
      taskId: task.id,
      name: task.name,
      input: task.input,
      ns: taskNs,
      parentNs: ns,
      resume,
      interruptCounter: 0,
      resumeMap: this.resumeMap,
      saveResume: () => this.host.putWrites(task.id, [[RESUME, { ...resume }]]),
      saver: this.options.saver,
      durability: this.options.durability,
      sink,
      signal: this.options.signal,
      resuming: this.resuming,
      subgraphRuns: 0,
      callCounter: 0,
      inflight: new Set(),
      callInterrupts: [],
      call: (name, run, options) => this.runCall(scope, name, run, options),
    };
    return withTaskScope(config, scope);
  }

  /**
   * A paused task's interrupts: its own plus those of `task()` calls it ran in
   * parallel (they may pause a moment later than the first), each once.
   */
  private async allInterrupts(
    config: LangGraphRunnableConfig,
    raised: Interrupt[],
  ): Promise<Interrupt[]> {
    const scope = taskScopeOf(config)!;
    while (scope.inflight.size > 0) await Promise.allSettled([...scope.inflight]);
    const byId = new Map<string, Interrupt>();
    for (const item of [...scope.callInterrupts, ...raised]) byId.set(item.id, item);
    return [...byId.values()];
  }

  /** Where a node's or task's result for `input` is cached, when it has a cache policy and the graph a cache. */
  private cacheKeyOf(
    name: string,
    policy: CachePolicy | undefined,
    input: unknown,
  ): CacheKey | undefined {
    if (!policy || !this.spec.cache) return undefined;
    return [[CACHE_NS, name], (policy.keyFunc ?? defaultCacheKey)(input)];
  }

  /** See {@link TaskScope.call}. */
  private async runCall<T>(
    parent: TaskScope,
    name: string,
    run: (config: LangGraphRunnableConfig) => T | Promise<T>,
    options: CallOptions,
  ): Promise<T> {
    const index = parent.callCounter++;
    const id = deterministicId(parent.taskId, "call", name, String(index));
    if (this.callResults.has(id)) return this.callResults.get(id) as T;
    const cacheKey = this.cacheKeyOf(name, options.cachePolicy, options.args);
    if (cacheKey) {
      const [hit] = await this.spec.cache!.get([cacheKey]);
      if (hit) {
        this.host.putWrites(id, [[RETURN, hit.value]]);
        return hit.value as T;
      }
    }
    const config = this.taskConfig({
      id,
      name,
      triggers: PUSH_TRIGGER,
      path: [PUSH, `${parent.taskId}:${index}`],
      input: options.args,
    });
    const running = this.executeCall(id, name, config, run, options.retryPolicy);
    parent.inflight.add(running);
    try {
      const value = await running;
      if (cacheKey) {
        await this.spec.cache!.set([{ key: cacheKey, value, ttl: options.cachePolicy!.ttl }]);
      }
      return value;
    } catch (error) {
      if (isGraphInterrupt(error)) parent.callInterrupts.push(...error.interrupts);
      throw error;
    } finally {
      parent.inflight.delete(running);
    }
  }

  private async executeCall<T>(
    id: string,
    name: string,
    config: LangGraphRunnableConfig,
    run: (config: LangGraphRunnableConfig) => T | Promise<T>,
    retryPolicy: RetryPolicy | undefined,
  ): Promise<T> {
    const signal = this.options.signal;
    try {
      const value = await raceAbort(
        withRetry(
          () => runWithConfig(config, () => run(config)),
          retryPolicy ?? this.spec.retryPolicy,
          signal,
        ),
        signal,
      );
      this.host.putWrites(id, [[RETURN, value]]);
      if (this.modes.has("updates")) this.host.events.emit("updates", { [name]: value });
      return value;
    } catch (error) {
      if (signal.aborted) throw new GraphAbortedError(signal.reason);
      if (!isGraphBubbleUp(error)) this.host.putWrites(id, [[ERROR, describeError(error)]]);
      throw error;
    }
  }
}

function noopWriter(): void {}

const NOTED = Symbol.for("weft.notedNode");

/**
 * Names the failing node in the error's stack trace (innermost node only), the way
 * Python adds a note: the error keeps its class and message, so `instanceof` checks
 * and message matching still work, while logs say where it happened.
 */
function noteNode(error: unknown, task: PregelTask): void {
  if (!(error instanceof Error) || (error as never)[NOTED]) return;
  try {
    Object.defineProperty(error, NOTED, { value: true });
    error.stack = `${error.stack ?? `${error.name}: ${error.message}`}\n    during graph node "${task.name}" (task ${task.id})`;
  } catch {
    // frozen errors keep their stack as it is
  }
}

function asArray(callbacks: unknown): unknown[] {
  if (callbacks === undefined || callbacks === null) return [];
  // A core CallbackManager (not a list) keeps its handlers in `handlers`.
  if (!Array.isArray(callbacks))
    return [...((callbacks as { handlers?: unknown[] }).handlers ?? [])];
  return callbacks;
}

/** A subgraph sent a command to its parent, i.e. this graph: it becomes the task's output. */
function commandFromSubgraph(error: unknown): unknown {
  if (!isParentCommand(error)) throw error;
  const { update, goto, resume } = error.command;
  return new Command({ update, goto, resume });
}

const PUSH_TRIGGER: readonly string[] = [PUSH];
/** First namespace segment of cached node and task results. */
const CACHE_NS = "__weft_cache__";
