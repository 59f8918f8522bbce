import { JsonSerializer } from "./serde/json-serializer.ts";
import type { SerializerProtocol } from "./serde/protocol.ts";
import type {
  ChannelVersions,
  Checkpoint,
  CheckpointListOptions,
  CheckpointMetadata,
  CheckpointTuple,
  PendingWrite,
  RunnableConfig,
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
 * retry; ordinary writes are idempotent, the first stored for a key wins.
 *
 * **Channel storage.** `put` gets the full checkpoint plus `newVersions`, the channels
 * whose version changed since the parent. A backend may store each channel value once
 * per version and reuse it for later checkpoints instead of rewriting unchanged
 * channels. Versions are not unique across a thread's branches (a fork from an old
 * checkpoint counts up from that checkpoint's versions), so such storage must key a
 * value by the checkpoint that wrote it, not by (channel, version) alone.
 *
 * @example
 * class MySaver extends BaseCheckpointSaver {
 *   async getTuple(config) { ... }
 *   async *list(config, options) { ... }
 *   async put(config, checkpoint, metadata, newVersions) { ... }
 *   async putWrites(config, writes, taskId) { ... }
 *   async deleteThread(threadId) { ... }
 * }
 */
export abstract class BaseCheckpointSaver {
  /** Serializer for channel values, metadata and writes. @default new JsonSerializer() */
  serde: SerializerProtocol;

  constructor(serde?: SerializerProtocol) {
    this.serde = serde ?? defaultSerializer;
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

  /** Deletes every checkpoint and write of a thread, in every namespace. */
  abstract deleteThread(threadId: string): Promise<void>;

  /**
   * The version that follows `current` for a channel: `current + 1`, starting at 1.
   * Backends may override with any strictly increasing scheme.
   */
  getNextVersion(current: number | undefined): number {
    return current === undefined ? 1 : current + 1;
  }
}
