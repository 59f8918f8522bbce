import type { CheckpointMetadata, PendingWrite, RunnableConfig } from "@weft/checkpoint";
import type { ChannelKeys } from "./read.ts";
import type { GraphSpec } from "./spec.ts";
import type { PregelTask } from "./task.ts";

// The payloads of the loop's stream events, shaped as the peer shapes them.

/** A `tasks` / `debug` event for a task that starts. */
export function taskStartPayload(task: PregelTask): Record<string, unknown> {
  return {
    id: task.id,
    name: task.name,
    input: task.input,
    triggers: task.triggers,
    interrupts: [],
  };
}

/** A `tasks` / `debug` event for a task that finished (`error` is null on success). */
export function taskResultPayload(
  task: PregelTask,
  error: unknown,
  spec: GraphSpec,
): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  for (const [ch, value] of task.writes) {
    if (spec.channels[ch] !== undefined && !isInternalChannel(ch)) result[ch] = value;
  }
  return {
    id: task.id,
    name: task.name,
    error: error === undefined ? null : describeError(error),
    result,
    interrupts: [],
  };
}

/** A `checkpoints` / `debug` event: the checkpoint as `getState` would show it. */
export function checkpointPayload(facts: {
  config: RunnableConfig;
  parent: RunnableConfig;
  values: unknown;
  metadata: CheckpointMetadata;
  next: readonly PregelTask[];
}): Record<string, unknown> {
  const { config, parent, values, metadata, next } = facts;
  return {
    config,
    parentConfig: parent.configurable?.checkpoint_id ? parent : undefined,
    values,
    metadata,
    next: next.map((t) => t.name),
    tasks: next.map((t) => ({ id: t.id, name: t.name, path: t.path, interrupts: [] })),
  };
}

/**
 * A task's `updates` payload: its writes to output keys as an object, or, when it
 * wrote one key several times, a list of single-key objects in write order.
 */
export function updatePayload(writes: readonly PendingWrite[], outputKeys: ChannelKeys): unknown {
  if (typeof outputKeys === "string") {
    // A single-channel output (the functional API): the value written, as it is.
    const write = writes.findLast(([ch]) => ch === outputKeys);
    return write?.[1];
  }
  const out: Record<string, unknown> = {};
  let repeated = false;
  for (const [ch, value] of writes) {
    if (!outputKeys.includes(ch)) continue;
    if (ch in out) repeated = true;
    out[ch] = value;
  }
  if (!repeated) return out;
  return writes.filter(([ch]) => outputKeys.includes(ch)).map(([ch, value]) => ({ [ch]: value }));
}

export function describeError(error: unknown): { message: string; name: string } {
  if (error instanceof Error) return { name: error.name, message: error.message };
  return { name: "Error", message: String(error) };
}

function isInternalChannel(ch: string): boolean {
  return ch.startsWith("branch:") || ch.startsWith("join:") || ch.startsWith("__");
}
