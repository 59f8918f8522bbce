import {
  type BaseCheckpointSaver,
  type Checkpoint,
  type CheckpointTuple,
  copyCheckpoint,
  ERROR,
  emptyCheckpoint,
  INTERRUPT,
  type RunnableConfig,
  uuid6,
} from "@weft/checkpoint";
import { COPY, START } from "../constants.ts";
import { GraphInputError } from "../errors.ts";
import type { Interrupt, PregelTaskDescription, StateSnapshot } from "../types.ts";
import { applyWrites, type NextVersion, readWithWrites } from "./apply-writes.ts";
import { checkpointMetadata } from "./checkpoint-metadata.ts";
import { channelsFromCheckpoint, snapshotCheckpoint } from "./checkpoint-state.ts";
import { changedVersions } from "./checkpoint-writer.ts";
import type { StateHistoryOptions } from "./pregel.ts";
import { includesKey, readChannels } from "./read.ts";
import type { GraphSpec, WriteContext } from "./spec.ts";
import { isOutputWrite, type PregelTask, prepareNextTasks, writesOnlyTask } from "./task.ts";

function requireThread(config: RunnableConfig): string {
  const threadId = config.configurable?.thread_id;
  if (threadId === undefined || threadId === null || threadId === "") {
    throw new GraphInputError(
      "INVALID_CONFIG",
      'Pass the thread to read or update: { configurable: { thread_id: "..." } }.',
    );
  }
  return threadId;
}

/**
 * Builds a `StateSnapshot` from a saved checkpoint tuple. For a thread's latest state
 * (`applyPendingWrites`), the saved writes of tasks that already finished are applied to
 * the values and those tasks leave `next`, as the peer does; history shows checkpoints
 * as they were saved.
 */
export function snapshotFromTuple<State = Record<string, any>>(
  spec: GraphSpec,
  tuple: CheckpointTuple,
  applyPendingWrites = false,
): StateSnapshot<State> {
  const { checkpoint, metadata, pendingWrites = [] } = tuple;
  const channels = channelsFromCheckpoint(spec.channels, checkpoint);
  const step = (metadata?.step ?? -1) + 1;
  const ns = tuple.config.configurable?.checkpoint_ns ?? "";
  const next = prepareNextTasks(spec, checkpoint, channels, step, ns, "all");
  const tasks: PregelTaskDescription[] = [];
  const finished: PregelTask[] = [];
  for (const task of next) {
    const description: PregelTaskDescription = {
      id: task.id,
      name: task.name,
      path: task.path,
      interrupts: [],
    };
    const writes = pendingWrites.filter(([taskId]) => taskId === task.id);
    const error = writes.find(([, channel]) => channel === ERROR);
    for (const [, channel, value] of writes) {
      if (channel === INTERRUPT) description.interrupts.push(...(value as Interrupt[]));
    }
    const finishedWrites = writes.some(([, channel]) => isOutputWrite(channel));
    if (error) description.error = error[2];
    else if (finishedWrites) {
      const result = writes.filter(([, channel]) => includesKey(spec.stateKeys, channel));
      if (result.length > 0) {
        description.result = Object.fromEntries(
          result.map(([, channel, value]) => [channel, value]),
        );
      }
      if (applyPendingWrites) {
        task.writes = writes
          .filter(([, channel]) => isOutputWrite(channel))
          .map(([, ch, v]) => [ch, v]);
        finished.push(task);
      }
    }
    tasks.push(description);
  }
  if (finished.length > 0) {
    const scratch = copyCheckpoint(checkpoint);
    applyWrites(scratch, channels, finished, (v) => (typeof v === "number" ? v + 1 : 1));
  }
  const threadId = tuple.config.configurable?.thread_id;
  return {
    values: readChannels(channels, spec.stateKeys) as State,
    next: next.filter((t) => !finished.includes(t)).map((t) => t.name),
    config: tuple.config,
    metadata: metadata && threadId !== undefined ? { ...metadata, thread_id: threadId } : metadata,
    createdAt: checkpoint.ts,
    parentConfig: tuple.parentConfig,
    tasks,
  };
}

/** The latest (or the named) state snapshot of a thread; an empty snapshot for a new thread. */
export async function getStateSnapshot<State = Record<string, any>>(
  spec: GraphSpec,
  saver: BaseCheckpointSaver,
  config: RunnableConfig,
  options: { subgraphs?: boolean },
): Promise<StateSnapshot<State>> {
  requireThread(config);
  const target = specForNamespace(spec, config.configurable?.checkpoint_ns ?? "");
  const tuple = await saver.getTuple(withNs(config));
  if (!tuple) return { values: {} as State, next: [], config, tasks: [] };
  const snapshot = snapshotFromTuple<State>(target, tuple, !config.configurable?.checkpoint_id);
  await attachSubgraphStates(target, saver, snapshot, options.subgraphs === true);
  return snapshot;
}

/**
 * Points each task that runs a subgraph at the subgraph's checkpoint: its config, or
 * with `recurse` its full snapshot (available while the subgraph is paused).
 */
async function attachSubgraphStates(
  spec: GraphSpec,
  saver: BaseCheckpointSaver,
  snapshot: StateSnapshot<unknown>,
  recurse: boolean,
): Promise<void> {
  const threadId = snapshot.config.configurable?.thread_id;
  const ns = snapshot.config.configurable?.checkpoint_ns ?? "";
  for (const task of snapshot.tasks) {
    const sub = spec.nodes[task.name]?.subgraphs?.[0];
    if (!sub) continue;
    const segment = sub.spec.checkpointer === true ? task.name : `${task.name}:${task.id}`;
    const config = {
      configurable: {
        thread_id: threadId,
        checkpoint_ns: ns === "" ? segment : `${ns}|${segment}`,
      },
    };
    if (!recurse) {
      task.state = config;
      continue;
    }
    const tuple = await saver.getTuple(config);
    if (!tuple) continue;
    const state = snapshotFromTuple(sub.spec, tuple, true);
    await attachSubgraphStates(sub.spec, saver, state, true);
    task.state = state;
  }
}

/**
 * The graph whose checkpoints live in namespace `ns`: the root for "", else the
 * subgraph reached by following the node names in `ns` (`node:taskId|child:taskId`).
 */
export function specForNamespace(spec: GraphSpec, ns: string): GraphSpec {
  if (ns === "") return spec;
  let current = spec;
  for (const segment of ns.split("|")) {
    const name = segment.split(":")[0]!;
    const sub = current.nodes[name]?.subgraphs?.[0];
    if (!sub) {
      throw new GraphInputError(
        "INVALID_CONFIG",
        `checkpoint_ns "${ns}" does not lead to a subgraph: node "${name}" of graph "${current.name}" runs no known subgraph (a node that invokes a graph in its function can declare it with addNode(name, fn, { subgraphs: [graph] })).`,
        { checkpoint_ns: ns },
      );
    }
    current = sub.spec;
  }
  return current;
}

/** Every checkpoint of a thread as snapshots, newest first. */
export async function* getStateHistory<State = Record<string, any>>(
  spec: GraphSpec,
  saver: BaseCheckpointSaver,
  config: RunnableConfig,
  options: StateHistoryOptions,
): AsyncGenerator<StateSnapshot<State>> {
  requireThread(config);
  const target = specForNamespace(spec, config.configurable?.checkpoint_ns ?? "");
  for await (const tuple of saver.list(withNs(config), options)) {
    yield snapshotFromTuple<State>(target, tuple);
  }
}

/**
 * Applies `values` as a write of node `asNode` to the thread's latest (or the
 * named) checkpoint and saves the result as a new checkpoint.
 */
export async function updateGraphState(
  rootSpec: GraphSpec,
  saver: BaseCheckpointSaver,
  config: RunnableConfig,
  values: unknown,
  asNode: string | undefined,
): Promise<RunnableConfig> {
  const threadId = requireThread(config);
  const ns = config.configurable?.checkpoint_ns ?? "";
  const spec = specForNamespace(rootSpec, ns);
  const tuple = await saver.getTuple(withNs(config));
  const nextVersion: NextVersion = (current) => saver.getNextVersion(current as number | undefined);

  if (asNode === COPY) {
    if (!tuple)
      throw new GraphInputError(
        "INVALID_CONFIG",
        `Thread "${threadId}" has no checkpoint to copy.`,
      );
    const copy: Checkpoint = {
      ...tuple.checkpoint,
      id: uuid6((tuple.metadata?.step ?? -1) + 1),
      ts: new Date().toISOString(),
    };
    const metadata = checkpointMetadata(config, "fork", (tuple.metadata?.step ?? -1) + 1);
    return saver.put(tuple.config, copy, metadata, {});
  }

  const base = tuple ? copyCheckpoint(tuple.checkpoint) : emptyCheckpoint();
  const channels = channelsFromCheckpoint(spec.channels, base);
  const node = resolveAsNode(spec, base, asNode);
  const pregelNode = spec.nodes[node];
  if (!pregelNode) {
    throw new GraphInputError(
      "INVALID_INPUT",
      `updateState: unknown node "${node}". Known nodes: ${Object.keys(spec.nodes).join(", ")}.`,
      { asNode: node },
    );
  }
  const readFresh: WriteContext["readFresh"] = (writes) =>
    readWithWrites(channels, spec.stateKeys, writes);
  const writes = await pregelNode.toWrites(values, { readFresh, config });
  applyWrites(base, channels, [writesOnlyTask(node, pregelNode, writes)], nextVersion);
  const step = (tuple?.metadata?.step ?? -1) + 1;
  const checkpoint = snapshotCheckpoint(base, channels, uuid6(step));
  const newVersions = changedVersions(
    checkpoint.channel_versions,
    tuple?.checkpoint.channel_versions ?? {},
  );
  const parent = tuple?.config ?? { configurable: { thread_id: threadId, checkpoint_ns: ns } };
  return saver.put(parent, checkpoint, checkpointMetadata(config, "update", step), newVersions);
}

/**
 * The node an update is attributed to when the caller did not say: the only
 * node, the entry node for a thread that never ran, or the node that ran last
 * if exactly one did.
 */
function resolveAsNode(
  spec: GraphSpec,
  checkpoint: Checkpoint,
  asNode: string | undefined,
): string {
  if (asNode !== undefined) return asNode;
  const userNodes = Object.keys(spec.nodes).filter((n) => n !== START);
  // A thread that never ran takes the update as its input.
  const ran = Object.keys(checkpoint.versions_seen).some(
    (n) => n !== START && spec.nodes[n] !== undefined,
  );
  if (!ran) return START;
  if (userNodes.length === 1) return userNodes[0]!;
  const seen: { version: number | string; node: string }[] = [];
  for (const node of userNodes) {
    const versions = checkpoint.versions_seen[node];
    if (!versions) continue;
    for (const key in versions) seen.push({ version: versions[key]!, node });
  }
  if (seen.length === 0) return START;
  seen.sort((a, b) => (a.version < b.version ? -1 : a.version > b.version ? 1 : 0));
  const last = seen[seen.length - 1]!;
  const previous = seen[seen.length - 2];
  if (!previous || previous.version !== last.version || previous.node === last.node)
    return last.node;
  throw new GraphInputError(
    "INVALID_INPUT",
    `Ambiguous update: nodes "${previous.node}" and "${last.node}" both ran last. Pass asNode to updateState.`,
    { candidates: [previous.node, last.node] },
  );
}

function withNs(config: RunnableConfig): RunnableConfig {
  if (config.configurable?.checkpoint_ns !== undefined) return config;
  return { ...config, configurable: { ...config.configurable, checkpoint_ns: "" } };
}
