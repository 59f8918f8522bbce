import type { Checkpoint, CheckpointMetadata, RunnableConfig } from "@weft/checkpoint";
import type { BaseChannel } from "../channels/base.ts";
import type { StreamMode } from "../types.ts";
import { checkpointPayload, taskResultPayload, taskStartPayload } from "./loop-events.ts";
import { readChannels } from "./read.ts";
import type { GraphSpec } from "./spec.ts";
import type { StreamSink } from "./stream.ts";
import { type PregelTask, prepareNextTasks } from "./task.ts";

/** A checkpoint just saved, with what its event shows. */
export interface SavedCheckpoint {
  checkpoint: Checkpoint;
  metadata: CheckpointMetadata;
  /** Points at the checkpoint. */
  config: RunnableConfig;
  /** Points at the checkpoint before it. */
  parent: RunnableConfig;
  /** The channels the checkpoint was taken from. */
  channels: Record<string, BaseChannel>;
  step: number;
}

/**
 * Sends one graph's stream events to the run's sink, tagged with the graph's
 * namespace. Callers check {@link modes} before building a payload, so a mode
 * nobody reads costs nothing.
 */
export class LoopEmitter {
  /** The stream modes someone reads. */
  readonly modes: ReadonlySet<StreamMode>;
  private readonly sink: StreamSink;
  private readonly ns: string;
  private readonly spec: GraphSpec;

  constructor(sink: StreamSink, ns: string, spec: GraphSpec) {
    this.sink = sink;
    this.modes = sink.modes;
    this.ns = ns;
    this.spec = spec;
  }

  emit(mode: StreamMode, payload: unknown): void {
    this.sink.push({ ns: nsPath(this.ns), mode, payload });
  }

  taskStart(task: PregelTask, step: number): void {
    const payload = taskStartPayload(task);
    if (this.modes.has("tasks")) this.emit("tasks", payload);
    if (this.modes.has("debug")) this.debug("task", step, payload);
  }

  taskResult(task: PregelTask, error: unknown, step: number): void {
    if (!this.modes.has("tasks") && !this.modes.has("debug")) return;
    const payload = taskResultPayload(task, error, this.spec);
    if (this.modes.has("tasks")) this.emit("tasks", payload);
    if (this.modes.has("debug")) this.debug("task_result", step, payload);
  }

  /** A saved checkpoint, for `checkpoints` and `debug` readers: as `getState` would show it. */
  checkpoint(saved: SavedCheckpoint): void {
    const { checkpoint, channels, step } = saved;
    const next = prepareNextTasks(this.spec, checkpoint, channels, step + 1, this.ns, "all");
    const payload = checkpointPayload({
      config: saved.config,
      parent: saved.parent,
      values: readChannels(channels, this.spec.stateKeys),
      metadata: saved.metadata,
      next,
    });
    if (this.modes.has("checkpoints")) this.emit("checkpoints", payload);
    if (this.modes.has("debug")) this.debug("checkpoint", step, payload);
  }

  private debug(type: string, step: number, payload: unknown): void {
    this.emit("debug", { type, timestamp: new Date().toISOString(), step, payload });
  }
}

/** A `|`-separated namespace as the list of segments stream events carry. */
export function nsPath(ns: string): string[] {
  return ns === "" ? [] : ns.split("|");
}
