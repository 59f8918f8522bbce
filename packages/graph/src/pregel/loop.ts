import {
  type BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointPendingWrite,
  type CheckpointSource,
  type CheckpointTuple,
  copyCheckpoint,
  emptyCheckpoint,
  INTERRUPT,
  NULL_TASK_ID,
  type PendingWrite,
  type RunnableConfig,
  uuid6,
} from "@weft/checkpoint";
import type { BaseChannel } from "../channels/base.ts";
import "../serde-codecs.ts";
import { isCommand } from "../command.ts";
import { GraphAbortedError, GraphInputError } from "../errors.ts";
import type { Interrupt, StreamMode } from "../types.ts";
import { applyWrites, finishChannels, type NextVersion, readWithWrites } from "./apply-writes.ts";
import { shouldInterrupt } from "./breakpoints.ts";
import { checkpointMetadata } from "./checkpoint-metadata.ts";
import {
  channelsFromCheckpoint,
  copyWorkingCheckpoint,
  refreshValues,
} from "./checkpoint-state.ts";
import { CheckpointWriter } from "./checkpoint-writer.ts";
import { LoopEmitter } from "./loop-emitter.ts";
import { nullTaskWrites, planInput, withNullTaskWrites } from "./loop-input.ts";
import type { LoopOptions, LoopStatus } from "./loop-options.ts";
import { type ChannelKeys, readChannels } from "./read.ts";
import { RecursionBudget } from "./recursion-budget.ts";
import type { GraphSpec, WriteContext } from "./spec.ts";
import { type Candidates, prepareNextTasks, writesOnlyTask } from "./task.ts";
import { TaskRunner } from "./task-runner.ts";

export type { LoopOptions, LoopStatus, ResumeRule } from "./loop-options.ts";

const defaultNextVersion: NextVersion = (current) =>
  current === undefined ? 1 : (current as number) + 1;

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
  private readonly events: LoopEmitter;
  private readonly modes: ReadonlySet<StreamMode>;
  /** Runs each step's tasks (and the `task()` calls inside them). */
  private readonly tasks: TaskRunner;
  private checkpoint!: Checkpoint;
  private channels!: Record<string, BaseChannel>;
  /** Points at the latest checkpoint (saved or, with durability "exit", pending). */
  private checkpointConfig!: RunnableConfig;
  private pendingWrites: CheckpointPendingWrite[] = [];
  private step = 0;
  private budget!: RecursionBudget;
  private candidates: Candidates = "all";
  /** This run replays an older checkpoint, so it starts by writing a fork of it. */
  private forks = false;
  /** Channels changed since the last snapshot, whose `channel_values` entries are stale. */
  private readonly touched = new Set<string>();
  /** Channels written in the previous step: the only ones whose values can expire now. */
  private expiring: Set<string> | "all" = "all";
  /** Saves this run's checkpoints and writes; absent without a checkpointer. */
  private writer: CheckpointWriter | undefined;
  /** The run input (a nested run that continues a paused subgraph drops its input). */
  private input: unknown;

  constructor(spec: GraphSpec, options: LoopOptions) {
    this.spec = spec;
    this.options = options;
    this.ns = options.ns ?? "";
    this.saver = options.saver;
    this.nextVersion = this.saver
      ? (current) => this.saver!.getNextVersion(current as number | undefined)
      : defaultNextVersion;
    this.events = new LoopEmitter(options.sink, this.ns, spec);
    this.modes = this.events.modes;
    this.input = options.input;
    this.tasks = new TaskRunner({
      spec,
      options,
      ns: this.ns,
      events: this.events,
      step: () => this.step,
      readFresh: this.readFresh,
      putWrites: (taskId, writes) => this.putWrites(taskId, writes),
    });
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
    // A task's interrupts went to `updates` the moment it paused (see TaskRunner.runTask).
    if (status !== "interrupted" && this.modes.has("updates")) this.events.emit("updates", payload);
    if (this.modes.has("values")) this.events.emit("values", payload);
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
    this.budget = new RecursionBudget(this.options.config.recursionLimit, this.step);
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

  // --- input ---------------------------------------------------------------

  /** Applies the run input before the first superstep (what it means: `planInput`). */
  private async applyInput(): Promise<void> {
    const resumable = Object.keys(this.checkpoint.channel_versions).length > 0;
    const plan = await planInput(this.input, {
      spec: this.spec,
      resumable,
      checkpointer: this.saver !== undefined,
      pendingWrites: this.pendingWrites,
    });
    switch (plan.kind) {
      case "start":
        return this.start(plan.value, resumable);
      case "continue":
        return this.resume();
      case "answer":
        this.tasks.resumeMap = plan.resumeMap;
        if (plan.writes.length > 0) {
          this.pendingWrites = withNullTaskWrites(this.pendingWrites, plan.writes);
          this.putWrites(NULL_TASK_ID, plan.writes);
        }
        return this.resume();
      case "update":
        this.applyCommandWrites(plan.writes);
        this.candidates = "all";
        this.checkpoint.versions_seen[INTERRUPT] = { ...this.checkpoint.channel_versions };
        this.pendingWrites = [];
        return this.saveFirstStep("input");
    }
  }

  /** Writes new input to the input channel, from an `input` checkpoint. */
  private async start(value: unknown, resumable: boolean): Promise<void> {
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
    await this.saveFirstStep("input");
  }

  /** Continues the thread from its checkpoint: the tasks that did not finish run (again). */
  private async resume(): Promise<void> {
    this.candidates = "all";
    this.tasks.resuming = true;
    const writes = nullTaskWrites(this.pendingWrites);
    if (writes.length > 0) this.applyCommandWrites(writes);
    // The breakpoint that paused the run has been seen and must not fire again until
    // some channel changes.
    this.checkpoint.versions_seen[INTERRUPT] = { ...this.checkpoint.channel_versions };
    if (this.forks) await this.saveFirstStep("fork");
    if (this.modes.has("values")) this.events.emit("values", this.output());
  }

  /** Saves the checkpoint the run starts from; the first superstep follows it. */
  private async saveFirstStep(source: CheckpointSource): Promise<void> {
    this.saveCheckpoint(source);
    await this.syncPoint();
    this.step += 1;
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

  // --- one superstep -------------------------------------------------------

  private async tick(): Promise<boolean> {
    this.throwIfAborted();
    this.budget.check(this.step);
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

    const toRun = this.tasks.restore(this.pendingWrites, tasks);
    this.pendingWrites = [];
    if (this.modes.has("tasks") || this.modes.has("debug")) {
      for (const task of toRun) if (!task.node.hidden) this.events.taskStart(task, this.step);
    }
    const interrupts = await this.tasks.runAll(toRun);
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
    this.budget.remember(tasks);
    if (this.modes.has("values") && outputChanged(this.spec.outputKeys, updated)) {
      this.events.emit("values", this.output());
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

  private readonly readFresh: WriteContext["readFresh"] = (writes) =>
    readWithWrites(this.channels, this.spec.stateKeys, writes);

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
    if (streamsCheckpoints) {
      const { checkpointConfig: config, channels, step } = this;
      this.events.checkpoint({ checkpoint: snapshot, metadata, config, parent, channels, step });
    }
    this.writer?.put(parent, snapshot, metadata);
  }

  private async syncPoint(): Promise<void> {
    await this.writer?.syncPoint();
  }

  private putWrites(taskId: string, writes: PendingWrite[]): void {
    this.writer?.putWrites(this.checkpointConfig, taskId, writes);
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

  private throwIfAborted(): void {
    if (this.options.signal.aborted) throw new GraphAbortedError(this.options.signal.reason);
  }
}

function outputChanged(keys: ChannelKeys, updated: ReadonlySet<string>): boolean {
  return typeof keys === "string" ? updated.has(keys) : keys.some((k) => updated.has(k));
}

const NOTHING_EXPIRES: ReadonlySet<string> = new Set();
