import { CheckpointConfigError } from "./checkpoint-errors.ts";
import { JsonSerializer } from "./serde/json-serializer.ts";
import type { SerializerProtocol } from "./serde/protocol.ts";
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
  PruneRule,
  RunnableConfig,
  SweepResult,
} from "./types.ts";

const defaultSerializer = new JsonSerializer();

/**
 * Where a graph saves its checkpoints. Every backend (memory, SQLite, Postgres,
 * Redis, MongoDB) implements this one contract, with the peer's method names, and
 * passes the shared conformance suite.
 *
 * **Addresses.** A checkpoint lives at (`thread_id`, `checkpoint_ns`, `checkpoint_id`),
 * read from `config.configurable`. `checkpoint_ns` defaults to `""` (the root graph;
 * subgraphs use their own namespace). Ids are `uuid6`: string order is time order, so
 * "newest" means "greatest id". Every method that needs a thread throws
 * `CheckpointConfigError` (`INVALID_CONFIG`) when `thread_id` is missing.
 *
 * **Isolation.** Values go through {@link serde}; a saved checkpoint never changes when
 * the caller later mutates the object it passed, and returned tuples are fresh copies.
 *
 * **Writes.** Pending writes belong to the checkpoint named by the config passed to
 * {@link putWrites}. The write `[channel, value]` at position `i` of a task is keyed by
 * (task id, `writeIndex(channel, i)`): special channels (`__error__`, `__interrupt__`,
 * `__scheduled__`, `__resume__`) have a fixed negative index and are overwritten by a
 * retry; ordinary writes are idempotent, the first stored for a key wins. Tuples list
 * pending writes in a stable order, each task's writes in their index order.
 *
 * **Channel storage.** `put` gets the full checkpoint plus `newVersions`, the channels
 * whose version changed since the parent. A backend may store each channel value once
 * per version and reuse it for later checkpoints instead of rewriting unchanged
 * channels. Versions are not unique across a thread's branches (a fork from an old
 * checkpoint counts up from that checkpoint's versions), so such storage must key a
 * value by the checkpoint that wrote it, not by (channel, version) alone.
 * A `put` may name a parent that was never saved (durability `"exit"` saves only the
 * last checkpoint of a run): it is accepted, and every value is then stored in full.
 *
 * **Deletion.** {@link deleteThread} removes a thread's checkpoints, channel values and
 * pending writes in every namespace, all or nothing. Writes must follow the `put` of
 * their checkpoint: a `putWrites` for a checkpoint that does not exist (deleted, pruned,
 * expired, never saved) is ignored, so a late write never brings a thread back.
 *
 * **Retention.** {@link prune} removes old checkpoints but never the latest of a
 * (thread, `checkpoint_ns`): that is the one an open interrupt, a pending resume or a
 * paused subgraph continues from. The base class implements it generically on top of
 * {@link list} and the {@link deleteCheckpoints} hook, so a backend only has to delete
 * by id; backends with a query language override `prune` to do it in one statement,
 * using {@link pruneRule} for the shared rules. The hook is abstract rather than a
 * default that throws: a saver that compiles can prune.
 *
 * **Thread TTL.** With the `threadTtl` option a thread expires `ttlMs` after its last
 * access: every `put` and `putWrites`, and reads naming the thread (`getTuple`, `list`
 * with a `thread_id`) unless `refreshOnRead` is false. An expired thread is absent to
 * every read; it is deleted lazily when next touched (a `put` then starts it afresh)
 * and eagerly by {@link sweep}. Backends keep a last-access time per thread and decide
 * with {@link isThreadExpired} / {@link threadExpiryCutoff}, measured on the injectable
 * clock {@link now}, so every backend applies the same rules. A backend without TTL
 * support simply never passes `threadTtl` to this constructor.
 *
 * @example
 * class MySaver extends BaseCheckpointSaver {
 *   async getTuple(config) { ... }
 *   async *list(config, options) { ... }
 *   async put(config, checkpoint, metadata, newVersions) { ... }
 *   async putWrites(config, writes, taskId) { ... }
 *   async deleteThread(threadId) { ... }
 *   protected async deleteCheckpoints(threadId, checkpointNs, ids) { ... }
 * }
 */
export abstract class BaseCheckpointSaver {
  /** Serializer for channel values, metadata and writes. @default new JsonSerializer() */
  serde: SerializerProtocol;
  /** The resolved thread TTL; undefined when threads never expire. */
  protected readonly threadTtl: Readonly<{ ttlMs: number; refreshOnRead: boolean }> | undefined;
  /** The clock of thread TTLs, in epoch milliseconds. @default Date.now */
  protected readonly now: () => number;

  /**
   * Takes options, or (as the peer does) a serializer alone.
   * @throws CheckpointConfigError `INVALID_CONFIG` for a `threadTtl.ttlMs` that is not a positive number.
   */
  constructor(options?: BaseCheckpointSaverOptions | SerializerProtocol) {
    const { serde, threadTtl, now } = isSerializer(options) ? { serde: options } : (options ?? {});
    this.serde = serde ?? defaultSerializer;
    this.now = now ?? Date.now;
    if (threadTtl !== undefined) {
      const { ttlMs, refreshOnRead = true } = threadTtl;
      if (typeof ttlMs !== "number" || !(ttlMs > 0) || !Number.isFinite(ttlMs)) {
        throw new CheckpointConfigError(
          `threadTtl.ttlMs must be a positive number of milliseconds; got ${String(ttlMs)}.`,
          { field: "threadTtl.ttlMs" },
        );
      }
      this.threadTtl = { ttlMs, refreshOnRead };
    }
  }

  /** The checkpoint `config` names (the latest of the thread when it names no id). */
  async get(config: RunnableConfig): Promise<Checkpoint | undefined> {
    return (await this.getTuple(config))?.checkpoint;
  }

  /**
   * The checkpoint `config` names, with its metadata, parent config and pending
   * writes; the thread's latest in `checkpoint_ns` when `checkpoint_id` is absent;
   * undefined when there is none. `tuple.config` names the checkpoint fully.
   */
  abstract getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined>;

  /**
   * Checkpoints newest first. `config` narrows the search: by `thread_id` (absent:
   * every thread), `checkpoint_ns` (absent: every namespace) and `checkpoint_id`.
   * Options: `filter` keeps checkpoints whose metadata has each key with a deeply equal
   * value; `before` keeps those older than the checkpoint it names; `limit` stops early.
   */
  abstract list(
    config: RunnableConfig,
    options?: CheckpointListOptions,
  ): AsyncGenerator<CheckpointTuple>;

  /**
   * Saves `checkpoint` with its metadata. Its parent is `config.configurable.checkpoint_id`
   * (if any) in the same thread and namespace. Returns the config naming the saved
   * checkpoint: `{ configurable: { thread_id, checkpoint_ns, checkpoint_id } }`.
   */
  abstract put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig>;

  /**
   * Saves the writes a task made before its checkpoint was committed, attached to the
   * checkpoint `config` names (`checkpoint_id` is required). See "Writes" above.
   */
  abstract putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void>;

  /**
   * Deletes every checkpoint, channel value and pending write of a thread, in every
   * namespace, atomically: readers see the whole thread or nothing. Later `putWrites`
   * for its checkpoints are ignored (see "Deletion" above).
   */
  abstract deleteThread(threadId: string): Promise<void>;

  /**
   * Removes old checkpoints of the given threads (every thread when omitted), with
   * their pending writes and the channel values only they used. The newest checkpoint
   * of each (thread, `checkpoint_ns`) always stays; `keepLast` and `olderThan` must both
   * allow a removal (see {@link PruneOptions}). A kept checkpoint's `parentConfig` may
   * then name a removed one.
   *
   * This default reads the history through {@link list} (which counts as a read for
   * thread TTL) and deletes through {@link deleteCheckpoints}: correct for any backend,
   * but it loads every checkpoint. Override it where the storage can do better.
   *
   * @returns How many checkpoints and pending writes were removed.
   * @throws CheckpointConfigError `INVALID_CONFIG` for a bad option or thread id.
   * @example
   * await saver.prune(undefined, { keepLast: 20, olderThan: Date.now() - 30 * 86_400_000 });
   */
  async prune(threadIds?: readonly string[], options: PruneOptions = {}): Promise<PruneResult> {
    const rule = this.pruneRule(options);
    const scopes: RunnableConfig[] =
      threadIds === undefined
        ? [{}]
        : checkThreadIds(threadIds).map((thread_id) => ({ configurable: { thread_id } }));
    const ranks = new Map<string, number>();
    const doomed = new Map<string, { threadId: string; checkpointNs: string; ids: string[] }>();
    for (const scope of scopes) {
      for await (const tuple of this.list(scope)) {
        const { thread_id, checkpoint_ns, checkpoint_id } = tuple.config.configurable ?? {};
        const threadId = String(thread_id);
        const checkpointNs = checkpoint_ns ?? "";
        const key = `${threadId}\u0000${checkpointNs}`;
        const rank = ranks.get(key) ?? 0;
        ranks.set(key, rank + 1);
        if (checkpoint_id === undefined || !rule.removes(rank, tuple.checkpoint.ts)) continue;
        let group = doomed.get(key);
        if (group === undefined) {
          group = { threadId, checkpointNs, ids: [] };
          doomed.set(key, group);
        }
        group.ids.push(checkpoint_id);
      }
    }
    const total: PruneResult = { checkpoints: 0, writes: 0 };
    for (const { threadId, checkpointNs, ids } of doomed.values()) {
      const removed = await this.deleteCheckpoints(threadId, checkpointNs, ids);
      total.checkpoints += removed.checkpoints;
      total.writes += removed.writes;
    }
    return total;
  }

  /**
   * Removes these checkpoints of one (thread, namespace), their pending writes, and the
   * channel values no remaining checkpoint uses; unknown ids are skipped. The one
   * storage hook behind the default {@link prune}; callers have already spared the
   * newest checkpoint.
   *
   * @returns How many checkpoints and pending writes were actually removed.
   */
  protected abstract deleteCheckpoints(
    threadId: string,
    checkpointNs: string,
    checkpointIds: readonly string[],
  ): Promise<PruneResult>;

  /**
   * Checks and normalizes {@link PruneOptions}: the one place the retention rules live,
   * shared by every backend's `prune`.
   *
   * @throws CheckpointConfigError `INVALID_CONFIG` when `keepLast` is not a non-negative
   *   integer or `olderThan` is not a valid date.
   */
  protected pruneRule(options: PruneOptions): PruneRule {
    const { keepLast = 1, olderThan } = options;
    if (!Number.isInteger(keepLast) || keepLast < 0) {
      throw new CheckpointConfigError(
        `prune keepLast must be a non-negative integer; got ${String(keepLast)}.`,
        { operation: "prune", field: "keepLast" },
      );
    }
    const cutoff = olderThan instanceof Date ? olderThan.getTime() : olderThan;
    if (cutoff !== undefined && (typeof cutoff !== "number" || !Number.isFinite(cutoff))) {
      throw new CheckpointConfigError(
        `prune olderThan must be a valid Date or epoch milliseconds; got ${String(olderThan)}.`,
        { operation: "prune", field: "olderThan" },
      );
    }
    const keep = Math.max(1, keepLast);
    return {
      keepLast: keep,
      olderThan: cutoff,
      removes: (rank, ts) => rank >= keep && (cutoff === undefined || Date.parse(ts) < cutoff),
    };
  }

  /**
   * Deletes every thread whose TTL ran out (see "Thread TTL" above). Nothing to do
   * without a TTL; backends that accept `threadTtl` override it.
   *
   * @returns How many threads were removed by this call.
   */
  async sweep(): Promise<SweepResult> {
    return { threads: 0 };
  }

  /** Whether a thread last accessed at `lastAccess` (epoch ms) has expired by `at`; never without a TTL. */
  protected isThreadExpired(lastAccess: number, at?: number): boolean {
    const ttl = this.threadTtl;
    return ttl !== undefined && (at ?? this.now()) - lastAccess >= ttl.ttlMs;
  }

  /**
   * Threads last accessed at or before this instant (epoch ms) are expired: the bound a
   * backend puts in its sweep query. Undefined without a TTL.
   */
  protected threadExpiryCutoff(at: number = this.now()): number | undefined {
    return this.threadTtl === undefined ? undefined : at - this.threadTtl.ttlMs;
  }

  /**
   * The version that follows `current` for a channel: `current + 1`, starting at 1.
   * Backends may override with any strictly increasing scheme.
   */
  getNextVersion(current: number | undefined): number {
    return current === undefined ? 1 : current + 1;
  }
}

function isSerializer(
  options: BaseCheckpointSaverOptions | SerializerProtocol | undefined,
): options is SerializerProtocol {
  return typeof (options as SerializerProtocol | undefined)?.dumpsTyped === "function";
}

/**
 * The distinct thread ids of a `prune` call, checked: for savers that override `prune`.
 * @throws CheckpointConfigError `INVALID_CONFIG` for an id that is not a non-empty string.
 */
export function checkThreadIds(threadIds: readonly string[]): string[] {
  for (const threadId of threadIds) {
    if (typeof threadId !== "string" || threadId === "") {
      throw new CheckpointConfigError(
        `prune thread ids must be non-empty strings; got ${JSON.stringify(threadId)}.`,
        { operation: "prune", field: "threadIds" },
      );
    }
  }
  return [...new Set(threadIds)];
}
