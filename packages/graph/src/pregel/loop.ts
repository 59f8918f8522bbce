import {
  type BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointMetadata,
  type CheckpointPendingWrite,
  type CheckpointSource,
  type CheckpointTuple,
  copyCheckpoint,
  deterministicId,
  ERROR,
  emptyCheckpoint,
  INTERRUPT,
  NULL_TASK_ID,
  type PendingWrite,
  RESUME,
  type RunnableConfig,
  uuid6,
} from "@weft/checkpoint";
import type { BaseChannel } from "../channels/base.ts";
import "../serde-codecs.ts";
import { type CacheKey, type CachePolicy, defaultCacheKey } from "../cache/base-cache.ts";
import { type Command, Command as CommandClass, isCommand } from "../command.ts";
import { DEFAULT_RECURSION_LIMIT, RETURN } from "../constants.ts";
import {
  GraphAbortedError,
  GraphInputError,
  GraphRecursionError,
  isGraphBubbleUp,
  isGraphInterrupt,
  isParentCommand,
} from "../errors.ts";
import { langchainCallbacksFor } from "../models/langchain-callbacks.ts";
import { runWithConfig } from "../runtime/context.ts";
import { withMessageSink } from "../runtime/message-stream.ts";
import type {
  Durability,
  Interrupt,
  LangGraphRunnableConfig,
  RetryPolicy,
  StreamMode,
} from "../types.ts";
import { applyWrites, finishChannels, type NextVersion, readWithWrites } from "./apply-writes.ts";
import { shouldInterrupt } from "./breakpoints.ts";
import { checkpointMetadata } from "./checkpoint-metadata.ts";
import {
  channelsFromCheckpoint,
  copyWorkingCheckpoint,
  refreshValues,
} from "./checkpoint-state.ts";
import { CheckpointWriter } from "./checkpoint-writer.ts";
import {
  checkpointPayload,
  describeError,
  taskResultPayload,
  taskStartPayload,
  updatePayload,
} from "./loop-events.ts";
import { MessagesStream } from "./messages-stream.ts";
import { raceAbort } from "./race-abort.ts";
import { type ChannelKeys, readChannels } from "./read.ts";
import { withRetry } from "./retry.ts";
import type { GraphSpec, WriteContext } from "./spec.ts";
import type { StreamSink } from "./stream.ts";
import {
  type Candidates,
  type PregelTask,
  PUSH,
  prepareNextTasks,
  type TaskIdentity,
  writesOnlyTask,
} from "./task.ts";
import { type CallOptions, type TaskScope, taskScopeOf, withTaskScope } from "./task-scope.ts";

/** How a run ended. */
export type LoopStatus = "done" | "interrupt_before" | "interrupt_after" | "interrupted";

/** How a subgraph run treats its input when the task that calls it runs again after an interrupt. */
export type ResumeRule =
  /** Continue from the saved checkpoint, if any, ignoring the input (task-scoped namespaces). */
  | "continue"
  /** Continue only if the saved checkpoint is paused at an interrupt (namespaces shared across calls). */
  | "continue-interrupted";

/** Everything one run needs besides the graph. */
export interface LoopOptions {
  /** The run input; `null`/`undefined` continues from the checkpoint. */
  input: unknown;
  config: LangGraphRunnableConfig;
  sink: StreamSink;
  durability: Durability;
  interruptBefore: readonly string[] | "*";
  interruptAfter: readonly string[] | "*";
  /** Aborted by the caller or when the consumer stops reading. */
  signal: AbortSignal;
  /** Namespace of this graph ("" for the root graph). */
  ns?: string;
  /** Where checkpoints go; none without. */
  saver: BaseCheckpointSaver | undefined;
  /** Set when this graph runs inside a task of another graph. */
  nested?: {
    /** Answers given to the root run, by interrupt id. */
    resumeMap: Readonly<Record<string, unknown>> | undefined;
    resume: ResumeRule | undefined;
  };
}

const defaultNextVersion: NextVersion = (current) =>
  current === undefined ? 1 : (current as number) + 1;

/** How many recent steps a recursion error shows. */
const RECENT_STEPS = 5;

/**
 * Runs a compiled graph superstep by superstep: pick the triggered nodes, run
 * them concurrently, apply their writes through the channels, save a
 * checkpoint, stream events. One instance per run.
 */
export class SuperstepLoop {
  readonly spec: GraphSpec;
  readonly options: LoopOptions;
  readonly ns: string;
  status: LoopStatus = "done";

  private readonly saver: BaseCheckpointSaver | undefined;
  private readonly nextVersion: NextVersion;
  private readonly modes: ReadonlySet<StreamMode>;
  private checkpoint!: Checkpoint;
  private channels!: Record<string, BaseChannel>;
  /** Points at the latest checkpoint (saved or, with durability "exit", pending). */
  private checkpointConfig!: RunnableConfig;
  private pendingWrites: CheckpointPendingWrite[] = [];
  private step = 0;
  private stop = 0;
  private candidates: Candidates = "all";
  /** This run replays an older checkpoint, so it starts by writing a fork of it. */
  private forks = false;
  /** Channels changed since the last snapshot, whose `channel_values` entries are stale. */
  private readonly touched = new Set<string>();
  /** Channels written in the previous step: the only ones whose values can expire now. */
  private expiring: Set<string> | "all" = "all";
  /** With durability "exit": the latest checkpoint, saved when the run ends. */
  /** Saves this run's checkpoints and writes; absent without a checkpointer. */
  private writer: CheckpointWriter | undefined;
  private readonly recentSteps: string[][] = [];
  /** This graph runs inside a task of another graph: pauses and parent commands propagate up. */
  private readonly nested: boolean;
  /** The run input (a nested run that continues a paused subgraph drops its input). */
  private input: unknown;
  /** Answers to pending interrupts, by interrupt id. */
  private resumeMap: Readonly<Record<string, unknown>> | undefined;
  /** Set when someone reads the `messages` stream mode. */
  private readonly messages: MessagesStream | undefined;
  /** The next step re-executes tasks of a paused step: subgraphs they call continue. */
  private resuming = false;

  constructor(spec: GraphSpec, options: LoopOptions) {
    this.spec = spec;
    this.options = options;
    this.ns = options.ns ?? "";
    this.saver = options.saver;
    this.nested = options.nested !== undefined;
    this.resumeMap = options.nested?.resumeMap;
    this.nextVersion = this.saver
      ? (current) => this.saver!.getNextVersion(current as number | undefined)
      : defaultNextVersion;
    this.modes = options.sink.modes;
    this.input = options.input;
    const sink = options.sink;
    this.messages = this.modes.has("messages")
      ? new MessagesStream((ns, payload) => sink.push({ ns, mode: "messages", payload }))
      : undefined;
  }

  /** Runs to completion or interruption. Returns the graph output. */
  async run(): Promise<unknown> {
    try {
      await this.load();
      await this.applyInput();
      while (await this.tick()) {
        // each tick is one superstep
      }
    } finally {
      await this.writer?.flush(this.checkpointConfig?.configurable?.checkpoint_id);
    }
    return this.output();
  }

  /** Interrupts that paused the run (empty for a static breakpoint). */
  readonly interrupts: Interrupt[] = [];

  /** True when the run stopped at a breakpoint or interrupt rather than finishing. */
  get paused(): boolean {
    return this.status !== "done";
  }

  /** Stops at a breakpoint or interrupt; `updates` and `values` readers see `{ __interrupt__: [...] }`. */
  private pause(status: Exclude<LoopStatus, "done">): void {
    this.status = status;
    const payload = { [INTERRUPT]: this.interrupts };
    // A task's interrupts went to `updates` the moment it paused (see runTask).
    if (status !== "interrupted" && this.modes.has("updates")) this.emit("updates", payload);
    if (this.modes.has("values")) this.emit("values", payload);
  }

  /** The current values of the output keys (or the output channel's value). */
  output(): unknown {
    return readChannels(this.channels, this.spec.outputKeys);
  }

  /** Config of the latest checkpoint. */
  get latestConfig(): RunnableConfig {
    return this.checkpointConfig;
  }

  // --- setup -------------------------------------------------------------

  private async load(): Promise<void> {
    const configurable = this.options.config.configurable ?? {};
    const threadId = configurable.thread_id;
    if (this.saver && (threadId === undefined || threadId === null || threadId === "")) {
      throw new GraphInputError(
        "INVALID_CONFIG",
        'This graph has a checkpointer, so every call needs a thread: pass { configurable: { thread_id: "..." } }.',
      );
    }
    const tuple = this.saver ? await this.saver.getTuple(this.options.config) : undefined;
    if (this.saver && configurable.checkpoint_id && tuple === undefined) {
      throw new GraphInputError(
        "INVALID_CONFIG",
        `No checkpoint "${configurable.checkpoint_id}" in thread "${threadId}".`,
        {
          thread_id: threadId,
          checkpoint_id: configurable.checkpoint_id,
        },
      );
    }
    if (tuple && this.continuesPausedSubgraph(tuple)) this.input = null;
    if (tuple) {
      const saved = tuple.checkpoint;
      this.checkpoint = copyCheckpoint(saved);
      this.checkpointConfig = tuple.config;
      await this.classifyAddress(tuple);
      this.step = (tuple.metadata?.step ?? -1) + 1;
    } else {
      this.checkpoint = emptyCheckpoint();
      this.checkpointConfig = {
        configurable: { thread_id: threadId as string, checkpoint_ns: this.ns },
      };
      this.step = -1;
    }
    this.channels = channelsFromCheckpoint(this.spec.channels, this.checkpoint);
    if (this.saver) {
      this.writer = new CheckpointWriter(this.saver, this.options.durability, {
        ...this.checkpoint.channel_versions,
      });
    }
    this.stop = this.step + (this.options.config.recursionLimit ?? DEFAULT_RECURSION_LIMIT) + 1;
  }

  /** A subgraph whose calling task runs again picks up where it stopped instead of starting over. */
  private continuesPausedSubgraph(tuple: CheckpointTuple): boolean {
    const rule = this.options.nested?.resume;
    if (rule === undefined || Object.keys(tuple.checkpoint.channel_versions).length === 0)
      return false;
    if (rule === "continue") return true;
    return (tuple.pendingWrites ?? []).some(([, channel]) => channel === INTERRUPT);
  }

  /**
   * Decides what an addressed `checkpoint_id` means, as the peer does. Addressing the
   * thread's head is a plain resume (saved task writes are reused). Addressing an older
   * checkpoint, or an update/fork checkpoint, is time travel: its next tasks run again,
   * and, unless it is an untouched update/fork at the head, the run starts by writing a
   * `fork` copy of it.
   */
  private async classifyAddress(tuple: CheckpointTuple): Promise<void> {
    const configurable = this.options.config.configurable ?? {};
    const pending = tuple.pendingWrites ?? [];
    if (!configurable.checkpoint_id) {
      this.pendingWrites = pending;
      return;
    }
    const head = await this.saver!.getTuple({
      configurable: { thread_id: configurable.thread_id, checkpoint_ns: this.ns },
    });
    const superseded = head !== undefined && head.checkpoint.id !== tuple.checkpoint.id;
    const source = tuple.metadata?.source;
    const branchPoint = source === "update" || source === "fork";
    const timeTravel = superseded || branchPoint;
    this.pendingWrites = timeTravel ? [] : pending;
    const input = this.input;
    const resuming = input === null || input === undefined || isCommand(input);
    this.forks = timeTravel && resuming && (!branchPoint || superseded);
  }

  private async applyInput(): Promise<void> {
    const input = this.input;
    const resumable = Object.keys(this.checkpoint.channel_versions).length > 0;
    if (isCommand(input)) return this.applyCommand(input, resumable);
    if (input === null || input === undefined) {
      if (!resumable) {
        throw new GraphInputError(
          "INVALID_INPUT",
          "Received no input and there is no checkpoint to resume from: pass the graph's input.",
        );
      }
      await this.resume();
      return;
    }
    const value = this.spec.validateInput ? this.spec.validateInput(input) : input;
    const inputTask = writesOnlyTask("__input__", undefined, [[this.spec.inputChannel, value]]);
    // New input starts a new run on this thread: the tasks an unfinished run left are
    // discarded (marked as seen, their writes dropped) so they do not run again.
    this.pendingWrites = [];
    const discarded = resumable
      ? prepareNextTasks(this.spec, this.checkpoint, this.channels, this.step, this.ns, "all")
      : [];
    const updated = applyWrites(
      this.checkpoint,
      this.channels,
      [...discarded, inputTask],
      this.nextVersion,
      this.expiring,
      this.touched,
    );
    this.expiring = updated;
    this.candidates = this.nodesTriggeredBy(updated);
    this.saveCheckpoint("input");
    await this.syncPoint();
    this.step += 1;
  }

  /** Continues the thread from its checkpoint: the tasks that did not finish run (again). */
  private async resume(): Promise<void> {
    this.candidates = "all";
    this.resuming = true;
    this.applyNullTaskWrites();
    // The breakpoint that paused the run has been seen and must not fire again until
    // some channel changes.
    this.checkpoint.versions_seen[INTERRUPT] = { ...this.checkpoint.channel_versions };
    if (this.forks) {
      this.saveCheckpoint("fork");
      await this.syncPoint();
      this.step += 1;
    }
    if (this.modes.has("values")) this.emit("values", this.output());
  }

  /**
   * `Command` input: `resume` answers pending interrupts and continues the paused step;
   * `update` / `goto` apply as writes of no task. With an answer they join the paused
   * step (saved with its checkpoint, so a crash reapplies them); without one they start
   * a new step from an `input` checkpoint, and the unfinished tasks run again.
   */
  private async applyCommand(command: Command, resumable: boolean): Promise<void> {
    const hasResume = command.resume !== undefined;
    if (hasResume && !this.saver) {
      throw new GraphInputError(
        "MISSING_CHECKPOINTER",
        "Command({ resume }) continues a paused run, which needs a checkpointer: compile the graph with { checkpointer }.",
      );
    }
    if (!resumable) {
      throw new GraphInputError(
        "INVALID_INPUT",
        "Received a Command but the thread has no checkpoint to apply it to: start the run with the graph's input.",
      );
    }
    const writes = this.spec.commandWrites ? await this.spec.commandWrites(command) : [];
    if (!hasResume && writes.length === 0) {
      throw new GraphInputError(
        "INVALID_INPUT",
        "Received an empty Command: give it resume, update or goto.",
      );
    }
    if (hasResume) {
      this.resumeMap = this.resolveResume(command.resume);
      if (writes.length > 0) {
        this.pendingWrites = this.pendingWrites.filter(([taskId]) => taskId !== NULL_TASK_ID);
        for (const [channel, value] of writes)
          this.pendingWrites.push([NULL_TASK_ID, channel, value]);
        this.putWrites(NULL_TASK_ID, writes);
      }
      await this.resume();
      return;
    }
    this.applyCommandWrites(writes);
    this.candidates = "all";
    this.checkpoint.versions_seen[INTERRUPT] = { ...this.checkpoint.channel_versions };
    this.pendingWrites = [];
    this.saveCheckpoint("input");
    await this.syncPoint();
    this.step += 1;
  }

  /** Applies the saved update/goto of a `Command` that resumed this checkpoint earlier. */
  private applyNullTaskWrites(): void {
    const writes: PendingWrite[] = [];
    for (const [taskId, channel, value] of this.pendingWrites) {
      if (taskId === NULL_TASK_ID) writes.push([channel, value]);
    }
    if (writes.length > 0) this.applyCommandWrites(writes);
  }

  /**
   * Applies a command's writes on top of the loaded checkpoint. Nothing expires: the
   * values the paused step's tasks were triggered by must survive until they run.
   */
  private applyCommandWrites(writes: PendingWrite[]): void {
    applyWrites(
      this.checkpoint,
      this.channels,
      [writesOnlyTask("__input__", undefined, writes)],
      this.nextVersion,
      NOTHING_EXPIRES,
      this.touched,
    );
  }

  /**
   * Turns `Command.resume` into answers by interrupt id: a map whose keys are all
   * pending interrupt ids is taken as is; any other value answers the one pending
   * interrupt (several pending interrupts need a map).
   */
  private resolveResume(resume: unknown): Record<string, unknown> | undefined {
    const pending = pendingInterrupts(this.pendingWrites);
    if (pending.length === 0) return undefined;
    const ids = new Set(pending.map((i) => i.id));
    if (typeof resume === "object" && resume !== null && !Array.isArray(resume)) {
      const keys = Object.keys(resume);
      if (keys.length > 0 && keys.every((k) => ids.has(k)))
        return resume as Record<string, unknown>;
    }
    if (pending.length === 1) return { [pending[0]!.id]: resume };
    throw new GraphInputError(
      "INVALID_INPUT",
      `${pending.length} interrupts are pending; resume them with a map from interrupt id to value: new Command({ resume: { "${pending[0]!.id}": ..., ... } }).`,
      { interrupts: pending },
    );
  }

  // --- one superstep -------------------------------------------------------

  private async tick(): Promise<boolean> {
    this.throwIfAborted();
    // Counted like the peer: a run may execute up to recursionLimit + 1 supersteps after
    // its input, and fails once it goes past, even if nothing is left to run.
    if (this.step > this.stop) throw this.recursionError();
    const tasks = prepareNextTasks(
      this.spec,
      this.checkpoint,
      this.channels,
      this.step,
      this.ns,
      this.candidates,
    );
    if (tasks.length === 0) {
      const finished = finishChannels(
        this.checkpoint,
        this.channels,
        this.nextVersion,
        this.touched,
      );
      if (finished.size === 0) {
        this.status = "done";
        return false;
      }
      this.candidates = this.nodesTriggeredBy(finished);
      return true;
    }
    if (shouldInterrupt(this.checkpoint, this.options.interruptBefore, tasks)) {
      this.pause("interrupt_before");
      return false;
    }

    const toRun = this.restorePendingWrites(tasks);
    if (this.modes.has("tasks") || this.modes.has("debug")) {
      for (const task of toRun) if (!task.node.hidden) this.emitTaskStart(task);
    }
    const interrupts = await this.runTasks(toRun);
    this.resuming = false;
    if (interrupts.length > 0) {
      this.interrupts.push(...interrupts);
      this.pause("interrupted");
      return false;
    }

    const updated = applyWrites(
      this.checkpoint,
      this.channels,
      tasks,
      this.nextVersion,
      this.expiring,
      this.touched,
    );
    this.expiring = updated;
    this.candidates = this.nodesTriggeredBy(updated);
    this.rememberStep(tasks);
    if (this.modes.has("values") && outputChanged(this.spec.outputKeys, updated)) {
      this.emit("values", this.output());
    }
    this.saveCheckpoint("loop");
    await this.syncPoint();
    if (shouldInterrupt(this.checkpoint, this.options.interruptAfter, tasks)) {
      this.pause("interrupt_after");
      this.step += 1;
      return false;
    }
    this.step += 1;
    return true;
  }

  /**
   * Tasks that already finished in an earlier attempt of this step keep their saved
   * writes; the others run, with the answers their interrupts already received.
   */
  private restorePendingWrites(tasks: PregelTask[]): PregelTask[] {
    this.answers.clear();
    this.callResults.clear();
    if (this.pendingWrites.length === 0) return tasks;
    const byTask = new Map<string, PendingWrite[]>();
    for (const [taskId, channel, value] of this.pendingWrites) {
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
    this.pendingWrites = [];
    const toRun: PregelTask[] = [];
    for (const task of tasks) {
      const writes = byTask.get(task.id);
      if (writes) task.writes = writes;
      else toRun.push(task);
    }
    return toRun;
  }

  /** Answers to interrupts of the tasks about to run, by task id (from saved `__resume__` writes). */
  private readonly answers = new Map<string, Record<number, unknown>>();

  /** Runs the step's tasks; returns the interrupts that paused some of them. Rethrows the first error. */
  private async runTasks(tasks: PregelTask[]): Promise<Interrupt[]> {
    if (tasks.length === 1) {
      const outcome = await this.runTask(tasks[0]!);
      if (outcome === undefined) return [];
      if ("error" in outcome) throw outcome.error;
      return outcome.interrupts;
    }
    const outcomes = await Promise.all(tasks.map((task) => this.runTask(task)));
    const interrupts: Interrupt[] = [];
    for (const outcome of outcomes) {
      if (outcome === undefined) continue;
      if ("error" in outcome) throw outcome.error;
      interrupts.push(...outcome.interrupts);
    }
    return interrupts;
  }

  /** Runs one task; its writes are saved as pending writes as soon as it finishes. */
  private async runTask(
    task: PregelTask,
  ): Promise<{ error: unknown } | { interrupts: Interrupt[] } | undefined> {
    const config = this.taskConfig(task);
    const node = task.node;
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
            this.options.signal,
          ).catch(commandFromSubgraph),
          this.options.signal,
        );
        const writes = node.toWrites(output, {
          readFresh: this.readFresh,
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
      this.putWrites(task.id, task.writes);
      if (this.messages && !node.hidden) {
        this.messages.taskOutput(nsPath(this.ns), config.metadata!, task.writes);
      }
      if (
        !node.hidden &&
        (this.modes.has("updates") || this.modes.has("debug") || this.modes.has("tasks"))
      ) {
        if (this.modes.has("updates")) {
          const update = { [task.name]: updatePayload(task.writes, this.spec.outputKeys) };
          this.emit("updates", cached ? { ...update, __metadata__: { cached: true } } : update);
        }
        this.emitTaskResult(task, undefined);
      }
      return undefined;
    } catch (error) {
      if (this.options.signal.aborted)
        return { error: new GraphAbortedError(this.options.signal.reason) };
      if (isGraphInterrupt(error)) {
        const interrupts = await this.allInterrupts(config, error.interrupts);
        this.putWrites(task.id, [[INTERRUPT, interrupts]]);
        // Reported at once, as the peer does: a UI can ask the human while siblings still run.
        if (this.modes.has("updates")) this.emit("updates", { [INTERRUPT]: interrupts });
        return { interrupts };
      }
      // A command for this graph's parent: not a failure of the task, it travels up.
      if (isParentCommand(error)) return { error };
      this.putWrites(task.id, [[ERROR, describeError(error)]]);
      if (!node.hidden) {
        noteNode(error, task);
        this.emitTaskResult(task, error);
      }
      return { error };
    }
  }

  private readonly readFresh: WriteContext["readFresh"] = (writes) =>
    readWithWrites(this.channels, this.spec.stateKeys, writes);

  private taskConfig(task: TaskIdentity): LangGraphRunnableConfig {
    const base = this.options.config;
    const sink = this.options.sink;
    const ns = this.ns;
    const taskNs = `${ns === "" ? "" : `${ns}|`}${task.name}:${task.id}`;
    const wantsCustom = this.modes.has("custom");
    let config: LangGraphRunnableConfig = {
      ...base,
      configurable: { ...base.configurable, checkpoint_ns: taskNs },
      metadata: {
        ...base.metadata,
        langgraph_step: this.step,
        langgraph_node: task.name,
        langgraph_triggers: task.triggers,
        langgraph_path: task.path,
        langgraph_checkpoint_ns: taskNs,
      },
      signal: this.options.signal,
      store: this.spec.store,
      writer: wantsCustom
        ? (chunk: unknown) => sink.push({ ns: nsPath(ns), mode: "custom", payload: chunk })
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
      ns: taskNs,
      parentNs: ns,
      resume,
      interruptCounter: 0,
      resumeMap: this.resumeMap,
      saveResume: () => this.putWrites(task.id, [[RESUME, { ...resume }]]),
      saver: this.saver,
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

  /** Results of `task()` calls that finished in an earlier attempt of this step, by call id. */
  private readonly callResults = new Map<string, unknown>();

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
        this.putWrites(id, [[RETURN, hit.value]]);
        return hit.value as T;
      }
    }
    const config = this.taskConfig({
      id,
      name,
      triggers: PUSH_TRIGGER,
      path: [PUSH, `${parent.taskId}:${index}`],
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
      this.putWrites(id, [[RETURN, value]]);
      if (this.modes.has("updates")) this.emit("updates", { [name]: value });
      return value;
    } catch (error) {
      if (signal.aborted) throw new GraphAbortedError(signal.reason);
      if (!isGraphBubbleUp(error)) this.putWrites(id, [[ERROR, describeError(error)]]);
      throw error;
    }
  }

  // --- checkpoints ----------------------------------------------------------

  private saveCheckpoint(source: CheckpointSource): void {
    const id = uuid6(this.step);
    this.checkpoint.id = id;
    const parent = this.checkpointConfig;
    const configurable = this.options.config.configurable ?? {};
    this.checkpointConfig = {
      configurable: {
        thread_id: configurable.thread_id as string,
        checkpoint_ns: this.ns,
        checkpoint_id: id,
      },
    };
    // Checkpoint events describe saved checkpoints: without a saver there are none.
    const streamsCheckpoints =
      this.saver !== undefined && (this.modes.has("checkpoints") || this.modes.has("debug"));
    // Without a saver or a reader, a snapshot would be built only to be dropped.
    if (!this.saver && !streamsCheckpoints) return;
    refreshValues(this.checkpoint.channel_values, this.channels, this.touched);
    this.touched.clear();
    const snapshot = copyWorkingCheckpoint(this.checkpoint, id);
    this.checkpoint.ts = snapshot.ts;
    const metadata = checkpointMetadata(this.options.config, source, this.step);
    if (streamsCheckpoints) this.emitCheckpoint(snapshot, metadata, parent);
    this.writer?.put(parent, snapshot, metadata);
  }

  private async syncPoint(): Promise<void> {
    await this.writer?.syncPoint();
  }

  private putWrites(taskId: string, writes: PendingWrite[]): void {
    this.writer?.putWrites(this.checkpointConfig, taskId, writes);
  }

  // --- streaming -------------------------------------------------------------

  private emit(mode: StreamMode, payload: unknown): void {
    this.options.sink.push({ ns: nsPath(this.ns), mode, payload });
  }

  private emitTaskStart(task: PregelTask): void {
    const payload = taskStartPayload(task);
    if (this.modes.has("tasks")) this.emit("tasks", payload);
    if (this.modes.has("debug")) this.emitDebug("task", payload);
  }

  private emitTaskResult(task: PregelTask, error: unknown): void {
    if (!this.modes.has("tasks") && !this.modes.has("debug")) return;
    const payload = taskResultPayload(task, error, this.spec);
    if (this.modes.has("tasks")) this.emit("tasks", payload);
    if (this.modes.has("debug")) this.emitDebug("task_result", payload);
  }

  private emitCheckpoint(
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    parent: RunnableConfig,
  ): void {
    const next = prepareNextTasks(
      this.spec,
      checkpoint,
      this.channels,
      this.step + 1,
      this.ns,
      "all",
    );
    const payload = checkpointPayload({
      config: this.checkpointConfig,
      parent,
      values: readChannels(this.channels, this.spec.stateKeys),
      metadata,
      next,
    });
    if (this.modes.has("checkpoints")) this.emit("checkpoints", payload);
    if (this.modes.has("debug")) this.emitDebug("checkpoint", payload);
  }

  private emitDebug(type: string, payload: unknown): void {
    this.emit("debug", { type, timestamp: new Date().toISOString(), step: this.step, payload });
  }

  // --- helpers ---------------------------------------------------------------

  private nodesTriggeredBy(channels: Iterable<string>): Set<string> {
    const nodes = new Set<string>();
    for (const ch of channels) {
      const triggered = this.spec.triggerToNodes[ch];
      if (triggered) for (const n of triggered) nodes.add(n);
    }
    return nodes;
  }

  private rememberStep(tasks: readonly PregelTask[]): void {
    this.recentSteps.push(tasks.map((t) => t.name));
    if (this.recentSteps.length > RECENT_STEPS) this.recentSteps.shift();
  }

  private recursionError(): GraphRecursionError {
    const limit = this.options.config.recursionLimit ?? DEFAULT_RECURSION_LIMIT;
    const recent = this.recentSteps.map((names) => names.join(", ")).join(" → ");
    return new GraphRecursionError(
      `Recursion limit of ${limit} reached without hitting a stop condition. ` +
        `Last steps ran: ${recent || "(none)"}. ` +
        "If the graph loops on purpose, raise `recursionLimit` in the config; otherwise check the edges of these nodes.",
      { limit, recentSteps: this.recentSteps.map((s) => [...s]) },
    );
  }

  private throwIfAborted(): void {
    if (this.options.signal.aborted) throw new GraphAbortedError(this.options.signal.reason);
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

function outputChanged(keys: ChannelKeys, updated: ReadonlySet<string>): boolean {
  return typeof keys === "string" ? updated.has(keys) : keys.some((k) => updated.has(k));
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
  return new CommandClass({ update, goto, resume });
}

const PUSH_TRIGGER: readonly string[] = [PUSH];
/** First namespace segment of cached node and task results. */
const CACHE_NS = "__weft_cache__";

const NOTHING_EXPIRES: ReadonlySet<string> = new Set();

/** The interrupts still open at a checkpoint: saved by tasks that have not finished since. */
function pendingInterrupts(writes: readonly CheckpointPendingWrite[]): Interrupt[] {
  const finished = new Set<string>();
  for (const [taskId, channel] of writes) {
    if (channel !== INTERRUPT && channel !== RESUME && channel !== ERROR) finished.add(taskId);
  }
  const found: Interrupt[] = [];
  for (const [taskId, channel, value] of writes) {
    if (channel === INTERRUPT && !finished.has(taskId)) found.push(...(value as Interrupt[]));
  }
  return found;
}

function nsPath(ns: string): string[] {
  return ns === "" ? [] : ns.split("|");
}
