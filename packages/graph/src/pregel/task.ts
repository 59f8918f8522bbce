import {
  type Checkpoint,
  deterministicId,
  ERROR,
  INTERRUPT,
  type PendingWrite,
  RESUME,
  SCHEDULED,
  TASKS,
} from "@weft/checkpoint";
import type { BaseChannel } from "../channels/base.ts";
import { isSend, type Send } from "../send.ts";
import { readChannels } from "./read.ts";
import type { GraphSpec, PregelNode } from "./spec.ts";

/** Path label of tasks triggered by channels. */
export const PULL = "__pregel_pull";
/** Path label (and trigger name) of tasks created by a `Send`. */
export const PUSH = "__pregel_push";
const PUSH_TRIGGERS: readonly string[] = [PUSH];

/** One unit of work in a superstep: a node with its input. */
export interface PregelTask {
  /** Deterministic: the same checkpoint, step and node give the same id, so resumes match writes. */
  readonly id: string;
  readonly name: string;
  readonly node: PregelNode;
  /** `["__pregel_pull", name]` or `["__pregel_push", index]`: orders tasks deterministically. */
  readonly path: readonly [kind: typeof PULL | typeof PUSH, key: string | number];
  readonly input: unknown;
  /** Channels whose versions the node consumes when it runs. */
  readonly triggers: readonly string[];
  /** Filled as the task finishes. */
  writes: PendingWrite[];
}

/** What a task's config is built from (a `task()` call has these without being a node task). */
export type TaskIdentity = Pick<PregelTask, "id" | "name" | "triggers" | "path" | "input">;

const CONTROL_CHANNELS: ReadonlySet<string> = new Set([ERROR, INTERRUPT, SCHEDULED, RESUME]);

/**
 * True for a pending write that is a task's output, false for the control records
 * saved beside it (error, interrupt, resume answers, schedule marker): a task with an
 * output write has finished.
 */
export function isOutputWrite(channel: string): boolean {
  return !CONTROL_CHANNELS.has(channel);
}

/** Nodes to consider for the next step: all of them, or only those triggered by changed channels. */
export type Candidates = Iterable<string> | "all";

/**
 * The tasks of the next superstep: a push task per pending `Send`, then a pull
 * task per node with a trigger channel newer than the version it last saw.
 */
export function prepareNextTasks(
  spec: GraphSpec,
  checkpoint: Checkpoint,
  channels: Record<string, BaseChannel>,
  step: number,
  ns: string,
  candidates: Candidates,
): PregelTask[] {
  const tasks: PregelTask[] = [];
  const tasksChannel = channels[TASKS];
  if (tasksChannel?.isAvailable()) {
    const sends = tasksChannel.get() as Send[];
    for (let i = 0; i < sends.length; i++) {
      const send = sends[i];
      if (!isSend(send)) continue;
      const node = spec.nodes[send.node];
      if (node === undefined) continue;
      tasks.push({
        id: deterministicId(checkpoint.id, ns, String(step), send.node, "push", String(i)),
        name: send.node,
        node,
        path: [PUSH, i],
        input: send.args,
        triggers: PUSH_TRIGGERS,
        writes: [],
      });
    }
  }
  const names = candidates === "all" ? Object.keys(spec.nodes) : candidates;
  const versions = checkpoint.channel_versions;
  for (const name of names) {
    const node = spec.nodes[name];
    if (node === undefined) continue;
    const seen = checkpoint.versions_seen[name];
    let triggered = false;
    for (const ch of node.triggers) {
      const version = versions[ch];
      if (version === undefined || !channels[ch]?.isAvailable()) continue;
      const seenVersion = seen?.[ch];
      if (seenVersion === undefined || version > seenVersion) {
        triggered = true;
        break;
      }
    }
    if (!triggered) continue;
    tasks.push({
      id: deterministicId(checkpoint.id, ns, String(step), name, "pull"),
      name,
      node,
      path: [PULL, name],
      input: readNodeInput(node, channels),
      triggers: node.triggers,
      writes: [],
    });
  }
  return tasks;
}

function readNodeInput(node: PregelNode, channels: Record<string, BaseChannel>): unknown {
  if (node.input.kind === "channel") {
    const ch = channels[node.input.channel];
    return ch?.isAvailable() ? ch.get() : undefined;
  }
  return readChannels(channels, node.input.keys);
}

/** Orders tasks the way their writes are applied: push tasks by index, then pull tasks by name. */
export function compareTasks(a: PregelTask, b: PregelTask): number {
  if (a.path[0] !== b.path[0]) return a.path[0] === PUSH ? -1 : 1;
  const ka = a.path[1];
  const kb = b.path[1];
  return ka < kb ? -1 : ka > kb ? 1 : 0;
}

/**
 * A task that only carries writes, for applying writes that no node run produced:
 * the run input, or an `updateState` attributed to a node.
 */
export function writesOnlyTask(
  name: string,
  node: PregelNode | undefined,
  writes: PendingWrite[],
): PregelTask {
  return {
    id: "",
    name,
    node: node as PregelNode,
    path: [PULL, name],
    input: undefined,
    triggers: [],
    writes,
  };
}
