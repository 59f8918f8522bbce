import { BaseCheckpointSaver } from "./base-saver.ts";
import { copyVersionsSeen } from "./checkpoint.ts";
import { CheckpointConfigError } from "./checkpoint-errors.ts";
import { checkpointAddress, checkpointConfig, getCheckpointId } from "./config.ts";
import { writeIndex } from "./constants.ts";
import {
  blobKey,
  MemoryNamespace,
  type StoredCheckpoint,
  type StoredWrite,
} from "./memory-namespace.ts";
import { matchesMetadataFilter } from "./metadata-filter.ts";
import type { SerializerProtocol } from "./serde/protocol.ts";
import type {
  ChannelVersions,
  Checkpoint,
  CheckpointListOptions,
  CheckpointMetadata,
  CheckpointPendingWrite,
  CheckpointTuple,
  PendingWrite,
  RunnableConfig,
} from "./types.ts";

/** Options of {@link MemorySaver}. */
export interface MemorySaverOptions {
  /** Serializer of stored values. @default new JsonSerializer() */
  serde?: SerializerProtocol;
  /**
   * Keep at most this many threads; saving a new one evicts the least recently used
   * (by put, putWrites or getTuple). Unbounded when absent.
   */
  maxThreads?: number;
}

type Thread = Map<string, MemoryNamespace>;

/**
 * A checkpointer that keeps everything in process memory: for tests, demos and
 * short-lived programs. Values are serialized on save, so later mutation of the
 * caller's objects never reaches saved state. Each channel value is stored once, when
 * its version changes, and shared by the checkpoints that follow.
 *
 * @throws CheckpointConfigError `INVALID_CONFIG` for a config without `thread_id`, or a bad `maxThreads`.
 * @example
 * const checkpointer = new MemorySaver();
 * const graph = workflow.compile({ checkpointer });
 * await graph.invoke(input, { configurable: { thread_id: "1" } });
 */
export class MemorySaver extends BaseCheckpointSaver {
  private readonly threads = new Map<string, Thread>();
  private readonly maxThreads: number | undefined;

  /** Takes options, or (as the peer does) a serializer alone. */
  constructor(options: MemorySaverOptions | SerializerProtocol = {}) {
    const isSerde = typeof (options as SerializerProtocol).dumpsTyped === "function";
    const { serde, maxThreads } = isSerde
      ? { serde: options as SerializerProtocol }
      : (options as MemorySaverOptions);
    super(serde);
    if (maxThreads !== undefined && !(Number.isInteger(maxThreads) && maxThreads > 0)) {
      throw new CheckpointConfigError(
        `MemorySaver maxThreads must be a positive integer; got ${maxThreads}.`,
        {
          maxThreads,
        },
      );
    }
    this.maxThreads = maxThreads;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, checkpointNs, checkpointId } = checkpointAddress(config, "getTuple");
    const thread = this.threads.get(threadId);
    if (thread === undefined) return undefined;
    this.touch(threadId, thread);
    const ns = thread.get(checkpointNs);
    const id = checkpointId ?? ns?.latestId();
    const stored = id === undefined ? undefined : ns?.checkpoints.get(id);
    if (ns === undefined || id === undefined || stored === undefined) return undefined;
    return this.toTuple(threadId, checkpointNs, id, ns, stored);
  }

  async *list(
    config: RunnableConfig,
    options: CheckpointListOptions = {},
  ): AsyncGenerator<CheckpointTuple> {
    const { filter, before } = options;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    const onlyId = getCheckpointId(config);
    const beforeId = before === undefined ? undefined : getCheckpointId(before);
    for (const [threadId, checkpointNs, id] of this.candidates(config, beforeId)) {
      if (onlyId !== undefined && id !== onlyId) continue;
      const ns = this.threads.get(threadId)?.get(checkpointNs);
      const stored = ns?.checkpoints.get(id);
      if (ns === undefined || stored === undefined) continue; // deleted while listing
      const metadata = await this.loadMetadata(stored);
      if (!matchesMetadataFilter(metadata, filter)) continue;
      yield await this.toTuple(threadId, checkpointNs, id, ns, stored, metadata);
      if (--remaining <= 0) return;
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs, checkpointId: parentId } = checkpointAddress(config, "put");
    const id = checkpoint.id;
    if (typeof id !== "string" || id === "") {
      throw new CheckpointConfigError(
        "Checkpointer put needs a checkpoint with a non-empty string id.",
      );
    }
    const existing = this.threads.get(threadId)?.get(checkpointNs);
    const parent = parentId === undefined ? undefined : existing?.checkpoints.get(parentId);
    // Serialize everything before touching storage, so a bad value leaves nothing half-written.
    const refs: Record<string, string> = Object.create(null);
    const fresh: [string, { type: string; data: Uint8Array }][] = [];
    const values = checkpoint.channel_values;
    const versions = checkpoint.channel_versions;
    for (const channel in values) {
      const value = values[channel];
      if (value === undefined) continue;
      const reused =
        parent === undefined ? undefined : reusableRef(parent, channel, versions, newVersions);
      if (reused !== undefined) {
        refs[channel] = reused;
        continue;
      }
      const [type, data] = await this.serde.dumpsTyped(value, { context: `channel "${channel}"` });
      fresh.push([channel, { type, data }]);
      refs[channel] = id;
    }
    const [type, data] = await this.serde.dumpsTyped(metadata, { context: "checkpoint metadata" });

    const ns = this.namespace(threadId, checkpointNs);
    for (const [channel, blob] of fresh) ns.blobs.set(blobKey(id, channel), blob);
    ns.add(id, {
      v: checkpoint.v,
      ts: checkpoint.ts,
      versions: { ...versions },
      seen: copyVersionsSeen(checkpoint.versions_seen),
      refs,
      metadata: { type, data },
      parentId,
    });
    return checkpointConfig(threadId, checkpointNs, id);
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = checkpointAddress(config, "putWrites");
    if (checkpointId === undefined) {
      throw new CheckpointConfigError("Checkpointer putWrites needs configurable.checkpoint_id.", {
        operation: "putWrites",
        field: "checkpoint_id",
      });
    }
    const known = this.threads.get(threadId)?.get(checkpointNs)?.writes.get(checkpointId);
    const staged: [key: string, write: StoredWrite, overwrite: boolean][] = [];
    for (let i = 0; i < writes.length; i++) {
      const [channel, value] = writes[i]!;
      const index = writeIndex(channel, i);
      const key = `${taskId}\u0000${index}`;
      if (index >= 0 && known?.has(key)) continue; // first write wins; skip the work
      const [type, data] = await this.serde.dumpsTyped(value, {
        context: `write to channel "${channel}" by task "${taskId}"`,
      });
      staged.push([key, { taskId, channel, type, data }, index < 0]);
    }
    const ns = this.namespace(threadId, checkpointNs);
    let stored = ns.writes.get(checkpointId);
    if (stored === undefined) {
      stored = new Map();
      ns.writes.set(checkpointId, stored);
    }
    for (const [key, write, overwrite] of staged) {
      if (overwrite || !stored.has(key)) stored.set(key, write);
    }
  }

  async deleteThread(threadId: string): Promise<void> {
    this.threads.delete(threadId);
  }

  /** The namespace to write into, creating it (and its thread) as needed; evicts past `maxThreads`. */
  private namespace(threadId: string, checkpointNs: string): MemoryNamespace {
    let thread = this.threads.get(threadId);
    if (thread === undefined) {
      thread = new Map();
      this.threads.set(threadId, thread);
      if (this.maxThreads !== undefined && this.threads.size > this.maxThreads) {
        // Map order is recency order (see touch): the first key is the least recent.
        this.threads.delete(this.threads.keys().next().value!);
      }
    } else {
      this.touch(threadId, thread);
    }
    let ns = thread.get(checkpointNs);
    if (ns === undefined) {
      ns = new MemoryNamespace();
      thread.set(checkpointNs, ns);
    }
    return ns;
  }

  /** Marks a thread most recently used (only when bounded: otherwise order does not matter). */
  private touch(threadId: string, thread: Thread): void {
    if (this.maxThreads === undefined) return;
    this.threads.delete(threadId);
    this.threads.set(threadId, thread);
  }

  /** (thread, namespace, id) of every checkpoint `config` selects, newest first. */
  private candidates(
    config: RunnableConfig,
    beforeId: string | undefined,
  ): [string, string, string][] {
    const threadId = config.configurable?.thread_id;
    const checkpointNs = config.configurable?.checkpoint_ns;
    const found: [string, string, string][] = [];
    const threads =
      threadId === undefined ? this.threads : new Map([[threadId, this.threads.get(threadId)]]);
    let sources = 0;
    for (const [tid, thread] of threads) {
      if (thread === undefined) continue;
      for (const [nsName, ns] of thread) {
        if (checkpointNs !== undefined && nsName !== checkpointNs) continue;
        sources++;
        for (const id of ns.idsNewestFirst(beforeId)) found.push([tid, nsName, id]);
      }
    }
    // Several sources: merge into one newest-first order (ids sort by time).
    if (sources > 1) found.sort((a, b) => (a[2] < b[2] ? 1 : a[2] > b[2] ? -1 : 0));
    return found;
  }

  private async loadMetadata(stored: StoredCheckpoint): Promise<CheckpointMetadata> {
    return (await this.serde.loadsTyped(
      stored.metadata.type,
      stored.metadata.data,
    )) as CheckpointMetadata;
  }

  private async toTuple(
    threadId: string,
    checkpointNs: string,
    id: string,
    ns: MemoryNamespace,
    stored: StoredCheckpoint,
    metadata?: CheckpointMetadata,
  ): Promise<CheckpointTuple> {
    const serde = this.serde;
    const values: Record<string, unknown> = {};
    for (const channel in stored.refs) {
      const blob = ns.blobs.get(blobKey(stored.refs[channel]!, channel));
      if (blob === undefined) continue;
      const value = await serde.loadsTyped(blob.type, blob.data);
      if (channel === "__proto__")
        Object.defineProperty(values, channel, { value, enumerable: true, writable: true });
      else values[channel] = value;
    }
    const pendingWrites: CheckpointPendingWrite[] = [];
    for (const write of ns.writes.get(id)?.values() ?? []) {
      pendingWrites.push([
        write.taskId,
        write.channel,
        await serde.loadsTyped(write.type, write.data),
      ]);
    }
    const tuple: CheckpointTuple = {
      config: checkpointConfig(threadId, checkpointNs, id),
      checkpoint: {
        v: stored.v,
        id,
        ts: stored.ts,
        channel_values: values,
        channel_versions: { ...stored.versions },
        versions_seen: copyVersionsSeen(stored.seen),
      },
      metadata: metadata ?? (await this.loadMetadata(stored)),
      pendingWrites,
    };
    if (stored.parentId !== undefined)
      tuple.parentConfig = checkpointConfig(threadId, checkpointNs, stored.parentId);
    return tuple;
  }
}

/**
 * The parent's stored value for `channel` when it is still current: the channel is not
 * in `newVersions` and has the same version as in the parent.
 */
function reusableRef(
  parent: StoredCheckpoint,
  channel: string,
  versions: ChannelVersions,
  newVersions: ChannelVersions,
): string | undefined {
  if (Object.hasOwn(newVersions, channel) || !Object.hasOwn(versions, channel)) return undefined;
  if (!Object.hasOwn(parent.versions, channel) || parent.versions[channel] !== versions[channel])
    return undefined;
  return parent.refs[channel];
}

/** The peer's newer name for {@link MemorySaver}. */
export const InMemorySaver = MemorySaver;
/** The peer's newer name for {@link MemorySaver}. */
export type InMemorySaver = MemorySaver;
