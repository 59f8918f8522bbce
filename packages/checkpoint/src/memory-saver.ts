import { BaseCheckpointSaver, checkThreadIds } from "./base-saver.ts";
import { copyVersionsSeen } from "./checkpoint.ts";
import { CheckpointConfigError } from "./checkpoint-errors.ts";
import {
  checkpointAddress,
  checkpointConfig,
  getCheckpointId,
  putTarget,
  writesTarget,
} from "./config.ts";
import { writeIndex } from "./constants.ts";
import {
  blobKey,
  MemoryNamespace,
  removeCheckpoints,
  reusableRef,
  type StoredBlob,
  type StoredCheckpoint,
  type StoredWrite,
  storedVersionsSeen,
} from "./memory-namespace.ts";
import { matchesMetadataFilter } from "./metadata-filter.ts";
import type { SerializerProtocol } from "./serde/protocol.ts";
import {
  decodeStoredMetadata,
  decodeStoredTuple,
  type SerializedValue,
  type StoredTuple,
} from "./stored-tuple.ts";
import type {
  BaseCheckpointSaverOptions,
  ChannelVersions,
  Checkpoint,
  CheckpointListOptions,
  CheckpointMetadata,
  CheckpointTuple,
  PendingWrite,
  PruneOptions,
  PruneResult,
  RunnableConfig,
  SweepResult,
} from "./types.ts";

/** Options of {@link MemorySaver}: the common saver options, plus a bound on threads. */
export interface MemorySaverOptions extends BaseCheckpointSaverOptions {
  /**
   * Keep at most this many threads; saving a new one evicts the least recently used
   * (by put, putWrites, getTuple or a list naming the thread). Unbounded when absent.
   */
  maxThreads?: number;
}

/** One thread: its namespaces, and when it was last accessed (kept only with a thread TTL). */
interface Thread {
  readonly namespaces: Map<string, MemoryNamespace>;
  touchedAt: number;
}

/**
 * A checkpointer that keeps everything in process memory: for tests, demos and
 * short-lived programs. Values are serialized on save, so later mutation of the
 * caller's objects never reaches saved state. Each channel value is stored once, when
 * its version changes, and shared by the checkpoints that follow. Supports every
 * retention feature of {@link BaseCheckpointSaver}: `prune`, `threadTtl` and `sweep`.
 *
 * @throws CheckpointConfigError `INVALID_CONFIG` for a config without `thread_id`, or a bad
 *   `maxThreads` or `threadTtl`.
 * @example
 * const checkpointer = new MemorySaver();
 * const graph = workflow.compile({ checkpointer });
 * await graph.invoke(input, { configurable: { thread_id: "1" } });
 */
export class MemorySaver extends BaseCheckpointSaver {
  private readonly threads = new Map<string, Thread>();
  private readonly maxThreads: number | undefined;
  /** Counts removals (threads, checkpoints), so a put can tell whether one happened while it awaited. */
  private removals = 0;

  /** Takes options, or (as the peer does) a serializer alone. */
  constructor(options: MemorySaverOptions | SerializerProtocol = {}) {
    super(options);
    const maxThreads =
      typeof (options as SerializerProtocol).dumpsTyped === "function"
        ? undefined
        : (options as MemorySaverOptions).maxThreads;
    if (maxThreads !== undefined && !(Number.isInteger(maxThreads) && maxThreads > 0)) {
      throw new CheckpointConfigError(
        `MemorySaver maxThreads must be a positive integer; got ${maxThreads}.`,
        { maxThreads },
      );
    }
    this.maxThreads = maxThreads;
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, checkpointNs, checkpointId } = checkpointAddress(config, "getTuple");
    const thread = this.liveThread(threadId);
    if (thread === undefined) return undefined;
    this.touch(threadId, thread, "read");
    const ns = thread.namespaces.get(checkpointNs);
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
      const ns = this.threads.get(threadId)?.namespaces.get(checkpointNs);
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
    const { threadId, checkpointNs, parentId, id } = putTarget(config, checkpoint);
    const removalsBefore = this.removals;
    const existing = this.liveThread(threadId)?.namespaces.get(checkpointNs);
    const parent = parentId === undefined ? undefined : existing?.checkpoints.get(parentId);
    // Serialize everything before touching storage, so a bad value leaves nothing half-written.
    const refs: Record<string, string> = Object.create(null);
    const fresh: [channel: string, blob: StoredBlob][] = [];
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
    if (this.removals !== removalsBefore) {
      // Something was deleted or pruned while this put awaited: the stored values it
      // meant to reuse may be gone with it, so store its own copies instead.
      for (const channel in refs) {
        if (refs[channel] === id) continue;
        const [type, data] = await this.serde.dumpsTyped(values[channel], {
          context: `channel "${channel}"`,
        });
        fresh.push([channel, { type, data }]);
        refs[channel] = id;
      }
    }

    const ns = this.namespace(threadId, checkpointNs);
    for (const [channel, blob] of fresh) ns.blobs.set(blobKey(id, channel), blob);
    ns.add(id, {
      v: checkpoint.v,
      ts: checkpoint.ts,
      versions: { ...versions },
      seen: storedVersionsSeen(checkpoint.versions_seen, parent?.seen),
      refs,
      metadata: { type, data },
      parentId,
    });
    return checkpointConfig(threadId, checkpointNs, id);
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = writesTarget(config);
    const target = this.liveThread(threadId)?.namespaces.get(checkpointNs);
    // A write for a checkpoint that is gone (or never was) is late: ignore it.
    if (target?.checkpoints.has(checkpointId) !== true) return;
    const known = target.writes.get(checkpointId);
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
    // Serializing awaited: the checkpoint may have been deleted or pruned meanwhile.
    const thread = this.liveThread(threadId);
    const ns = thread?.namespaces.get(checkpointNs);
    if (thread === undefined || ns?.checkpoints.has(checkpointId) !== true) return;
    this.touch(threadId, thread, "write");
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
    this.dropThread(threadId);
  }

  /** Prunes in place, without reading values; all at once, so no other call sees a half-pruned thread. */
  override async prune(
    threadIds?: readonly string[],
    options: PruneOptions = {},
  ): Promise<PruneResult> {
    const rule = this.pruneRule(options);
    const targets = threadIds === undefined ? [...this.threads.keys()] : checkThreadIds(threadIds);
    const total: PruneResult = { checkpoints: 0, writes: 0 };
    for (const threadId of targets) {
      const thread = this.liveThread(threadId);
      if (thread === undefined) continue;
      for (const ns of thread.namespaces.values()) {
        const doomed: string[] = [];
        const ids = ns.ids;
        for (let rank = rule.keepLast; rank < ids.length; rank++) {
          const id = ids[ids.length - 1 - rank]!;
          if (rule.removes(rank, ns.checkpoints.get(id)!.ts)) doomed.push(id);
        }
        const removed = this.removeCheckpoints(ns, doomed);
        total.checkpoints += removed.checkpoints;
        total.writes += removed.writes;
      }
    }
    return total;
  }

  protected async deleteCheckpoints(
    threadId: string,
    checkpointNs: string,
    checkpointIds: readonly string[],
  ): Promise<PruneResult> {
    const ns = this.threads.get(threadId)?.namespaces.get(checkpointNs);
    return ns === undefined
      ? { checkpoints: 0, writes: 0 }
      : this.removeCheckpoints(ns, checkpointIds);
  }

  override async sweep(): Promise<SweepResult> {
    if (this.threadTtl === undefined) return { threads: 0 };
    const now = this.now();
    let threads = 0;
    for (const [threadId, thread] of this.threads) {
      if (!this.isThreadExpired(thread.touchedAt, now)) continue;
      this.dropThread(threadId);
      threads++;
    }
    return { threads };
  }

  private dropThread(threadId: string): void {
    if (this.threads.delete(threadId)) this.removals++;
  }

  /** Removes checkpoints of one namespace (see {@link removeCheckpoints}), noting the removal. */
  private removeCheckpoints(ns: MemoryNamespace, checkpointIds: readonly string[]): PruneResult {
    const removed = removeCheckpoints(ns, checkpointIds);
    if (removed.checkpoints > 0) this.removals++;
    return removed;
  }

  /** The thread, unless absent or expired; an expired thread is deleted on the spot. */
  private liveThread(threadId: string): Thread | undefined {
    const thread = this.threads.get(threadId);
    if (thread === undefined || !this.isThreadExpired(thread.touchedAt)) return thread;
    this.dropThread(threadId);
    return undefined;
  }

  /**
   * Records an access: refreshes the thread TTL (reads only with `refreshOnRead`) and
   * marks the thread most recently used when `maxThreads` is set (Map order is recency).
   */
  private touch(threadId: string, thread: Thread, access: "read" | "write"): void {
    const ttl = this.threadTtl;
    if (ttl !== undefined && (access === "write" || ttl.refreshOnRead)) {
      thread.touchedAt = this.now();
    }
    if (this.maxThreads === undefined) return;
    this.threads.delete(threadId);
    this.threads.set(threadId, thread);
  }

  /** The namespace to write into, creating it (and its thread) as needed; evicts past `maxThreads`. */
  private namespace(threadId: string, checkpointNs: string): MemoryNamespace {
    let thread = this.liveThread(threadId);
    if (thread === undefined) {
      thread = {
        namespaces: new Map(),
        touchedAt: this.threadTtl === undefined ? 0 : this.now(),
      };
      this.threads.set(threadId, thread);
      if (this.maxThreads !== undefined && this.threads.size > this.maxThreads) {
        // Map order is recency order (see touch): the first key is the least recent.
        this.dropThread(this.threads.keys().next().value!);
      }
    } else {
      this.touch(threadId, thread, "write");
    }
    let ns = thread.namespaces.get(checkpointNs);
    if (ns === undefined) {
      ns = new MemoryNamespace();
      thread.namespaces.set(checkpointNs, ns);
    }
    return ns;
  }

  /** (thread, namespace, id) of every checkpoint `config` selects, newest first. */
  private candidates(
    config: RunnableConfig,
    beforeId: string | undefined,
  ): [string, string, string][] {
    const threadId = config.configurable?.thread_id;
    const checkpointNs = config.configurable?.checkpoint_ns;
    const found: [string, string, string][] = [];
    let threads: Iterable<[string, Thread | undefined]>;
    if (threadId === undefined) {
      // A scan of every thread is not an access: it refreshes nothing, drops the expired.
      if (this.threadTtl !== undefined) {
        const now = this.now();
        for (const [tid, thread] of this.threads) {
          if (this.isThreadExpired(thread.touchedAt, now)) this.dropThread(tid);
        }
      }
      threads = this.threads;
    } else {
      const thread = this.liveThread(threadId);
      if (thread !== undefined) this.touch(threadId, thread, "read");
      threads = [[threadId, thread]];
    }
    let sources = 0;
    for (const [tid, thread] of threads) {
      if (thread === undefined) continue;
      for (const [nsName, ns] of thread.namespaces) {
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
    return decodeStoredMetadata(this.serde, stored.metadata);
  }

  private toTuple(
    threadId: string,
    checkpointNs: string,
    id: string,
    ns: MemoryNamespace,
    stored: StoredCheckpoint,
    metadata?: CheckpointMetadata,
  ): Promise<CheckpointTuple> {
    const values: [string, SerializedValue][] = [];
    for (const channel in stored.refs) {
      const blob = ns.blobs.get(blobKey(stored.refs[channel]!, channel));
      if (blob !== undefined) values.push([channel, blob]);
    }
    const writes = [...(ns.writes.get(id)?.values() ?? [])].map(
      (write) => [write.taskId, write.channel, write] as const,
    );
    const tuple: StoredTuple = {
      threadId,
      checkpointNs,
      checkpointId: id,
      parentId: stored.parentId,
      v: stored.v,
      ts: stored.ts,
      channelVersions: { ...stored.versions },
      versionsSeen: copyVersionsSeen(stored.seen),
      values,
      writes,
      metadata: stored.metadata,
    };
    return decodeStoredTuple(this.serde, tuple, metadata);
  }
}

/** The peer's newer name for {@link MemorySaver}. */
export const InMemorySaver = MemorySaver;
/** The peer's newer name for {@link MemorySaver}. */
export type InMemorySaver = MemorySaver;
