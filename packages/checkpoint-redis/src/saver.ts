import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  CheckpointConfigError,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  checkpointAddress,
  checkpointConfig,
  checkThreadIds,
  getCheckpointId,
  type PendingWrite,
  type PruneOptions,
  type PruneResult,
  putTarget,
  type RunnableConfig,
  type SweepResult,
  writeIndex,
  writesTarget,
} from "@weft/checkpoint";
import { type Arg, connectionFrom, RedisConnection, type RedisOptions } from "./connection.ts";
import { RedisDatabaseError } from "./errors.ts";
import { checkKeyPrefix } from "./keys.ts";
import type { RedisSaverOptions } from "./options.ts";
import { SaverIndexes, strings } from "./saver-indexes.ts";
import {
  checkAddressPart,
  checkpointField,
  globalMember,
  globalMembersOf,
  SEP,
  threadKeys,
  writeField,
} from "./saver-layout.ts";
import { listAll, listThread, type SaverReader } from "./saver-list.ts";
import { completeTuples, type LoadReply, missingValueError, parseLoadReply } from "./saver-load.ts";
import { encodeHeader, type LoadedCheckpoint, packRecord } from "./saver-records.ts";
import { deleteCheckpointsOf, pruneThreads, sweepThreads } from "./saver-retention.ts";
import { DROP_THREAD } from "./scripts/saver-delete.ts";
import { LOAD_CHECKPOINTS } from "./scripts/saver-read.ts";
import { PUT_CHECKPOINT, PUT_WRITES } from "./scripts/saver-write.ts";

/** Options of {@link RedisSaver.fromUrl}: the saver's options, and ioredis's for the connection it opens. */
export type RedisSaverUrlOptions = Omit<RedisSaverOptions, "client" | "connection"> & {
  /** ioredis options for the connection, merged over those parsed from the URL. */
  redis?: RedisOptions;
};

/**
 * A checkpointer that keeps threads in Redis 7 or newer, with no modules: hashes and
 * sorted sets, written by Lua scripts so that a checkpoint and its channel values appear
 * together or not at all. For deployments where several processes share state, and for
 * fast resumes.
 *
 * Each channel value is stored once, when its version changes, and shared by the
 * checkpoints after it. `list` reads sorted-set ranges page by page (newest first, with
 * `before` and `limit`), never the key space. All keys of a thread share one hash tag,
 * so the scripts also run on Redis Cluster. With `threadTtl`, a thread unused for
 * `ttlMs` (measured on the `now` clock) disappears from reads and is deleted lazily or
 * by {@link sweep}. See the README for the key layout.
 *
 * @throws RedisDatabaseError `SAVER_ERROR` with `details.reason` `unreachable`, `auth`,
 *   `newer_schema` or `driver`, and `details.address`.
 * @throws CheckpointConfigError `INVALID_CONFIG` for a config without `thread_id`, a bad
 *   option, or a namespace or checkpoint id containing NUL.
 * @example
 * const checkpointer = await RedisSaver.fromUrl("redis://127.0.0.1:6379", { keyPrefix: "myapp:" });
 * const graph = workflow.compile({ checkpointer });
 * await graph.invoke(input, { configurable: { thread_id: "1" } });
 * await checkpointer.close();
 */
export class RedisSaver extends BaseCheckpointSaver {
  /** The connection; its `client` is usable for your own commands. */
  readonly connection: RedisConnection;
  /** Start of every key this saver writes. */
  readonly keyPrefix: string;
  private readonly indexes: SaverIndexes;
  private ownsConnection = false;
  private setupDone: Promise<void> | undefined;

  /**
   * Uses a connected ioredis `client` or a {@link RedisConnection}, which stay the
   * caller's to close.
   *
   * @throws CheckpointConfigError `INVALID_CONFIG` without either, with both, or with a bad `keyPrefix`.
   */
  constructor(options: RedisSaverOptions) {
    super(options);
    const connection = connectionFrom(options);
    if (connection === undefined) {
      throw new CheckpointConfigError(
        "RedisSaver needs a `client` (ioredis) or a `connection`; or use RedisSaver.fromUrl(url).",
        { field: "client" },
      );
    }
    this.connection = connection;
    this.keyPrefix = checkKeyPrefix(options.keyPrefix);
    this.indexes = new SaverIndexes(this.connection, this.keyPrefix);
  }

  /**
   * Connects to Redis at `url` and checks the server before returning, so that an
   * unreachable server or a wrong password fail here, with the address. {@link close}
   * disconnects.
   *
   * @throws RedisDatabaseError `SAVER_ERROR` (`unreachable`, `auth`, `newer_schema`).
   * @example
   * const checkpointer = await RedisSaver.fromUrl("redis://:secret@cache.internal:6379/2");
   */
  static async fromUrl(url: string, options: RedisSaverUrlOptions = {}): Promise<RedisSaver> {
    const { redis, ...saverOptions } = options;
    const connection = await RedisConnection.fromUrl(url, redis);
    try {
      const saver = new RedisSaver({ ...saverOptions, connection });
      saver.ownsConnection = true;
      await saver.setup();
      return saver;
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /** The name other Weft savers use for {@link fromUrl}. */
  static fromConnString(url: string, options: RedisSaverUrlOptions = {}): Promise<RedisSaver> {
    return RedisSaver.fromUrl(url, options);
  }

  /**
   * Checks that the keys under the prefix were written by a layout this version reads,
   * and records the layout. Idempotent, and run on first use, so calling it is optional;
   * call it to fail fast at start-up.
   *
   * @throws RedisDatabaseError `SAVER_ERROR` (`newer_schema`, `unreachable`, `auth`).
   */
  async setup(): Promise<void> {
    this.setupDone ??= this.indexes.checkLayout().catch((error: unknown) => {
      this.setupDone = undefined;
      throw error;
    });
    return this.setupDone;
  }

  /** Closes the connection if this saver opened it ({@link fromUrl}). */
  async close(): Promise<void> {
    if (this.ownsConnection) await this.connection.close();
  }

  /** The peer's name for {@link close}. */
  async end(): Promise<void> {
    await this.close();
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, checkpointNs, checkpointId } = checkpointAddress(config, "getTuple");
    if (checkpointNs.includes(SEP) || checkpointId?.includes(SEP)) return undefined;
    await this.setup();
    const mode =
      checkpointId === undefined
        ? ["latest", checkpointNs]
        : ["fields", checkpointField(checkpointNs, checkpointId)];
    // A value can vanish between the two reads only if the checkpoint was deleted
    // meanwhile; the next attempt then finds no checkpoint.
    for (let attempt = 0; ; attempt++) {
      const loaded = await this.load("getTuple", threadId, mode, attempt === 0);
      const checkpoint = loaded.checkpoints[0];
      if (checkpoint === undefined) return undefined;
      const [tuple] = await this.complete("getTuple", [checkpoint], [undefined]);
      if (tuple !== undefined) return tuple;
      if (attempt === 2) throw missingValueError(checkpoint, this.connection.address);
    }
  }

  async *list(
    config: RunnableConfig,
    options: CheckpointListOptions = {},
  ): AsyncGenerator<CheckpointTuple> {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    if (limit <= 0) return;
    const threadId = config.configurable?.thread_id;
    const checkpointNs = config.configurable?.checkpoint_ns;
    if (threadId !== undefined) checkpointAddress(config, "list");
    const query = {
      checkpointNs,
      only: getCheckpointId(config),
      beforeId: options.before === undefined ? undefined : getCheckpointId(options.before),
      filter:
        options.filter !== undefined && Object.keys(options.filter).length > 0
          ? options.filter
          : undefined,
      limit,
    };
    if (query.checkpointNs?.includes(SEP) || query.only?.includes(SEP)) return;
    await this.setup();
    const reader = this.reader();
    yield* threadId === undefined
      ? listAll(reader, query)
      : listThread(reader, threadId as string, query);
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs, parentId, id } = putTarget(config, checkpoint);
    checkAddressPart(checkpointNs, "checkpoint_ns", "put");
    checkAddressPart(id, "checkpoint.id", "put");
    if (parentId !== undefined) checkAddressPart(parentId, "checkpoint_id", "put");
    // Serialize everything before the first command, so a bad value writes nothing.
    const header = encodeHeader(checkpoint, parentId);
    const [metadataType, metadataData] = await this.serde.dumpsTyped(metadata, {
      context: "checkpoint metadata",
    });
    const metadataRecord = packRecord([metadataType], metadataData);
    const versions = checkpoint.channel_versions;
    const values = checkpoint.channel_values;
    const records = new Map<string, Buffer>();
    await this.setup();
    const keys = threadKeys(this.keyPrefix, threadId);
    const member = globalMember(threadId, checkpointNs, id);
    let share = parentId !== undefined;
    for (;;) {
      const fresh: Arg[] = [];
      const shared: Arg[] = [];
      for (const channel in values) {
        const value = values[channel];
        if (value === undefined) continue;
        if (share && !Object.hasOwn(newVersions, channel) && Object.hasOwn(versions, channel)) {
          // Unchanged since the parent: share its stored value (the script checks the version).
          shared.push(channel, JSON.stringify(versions[channel]));
          continue;
        }
        let record = records.get(channel);
        if (record === undefined) {
          const [type, data] = await this.serde.dumpsTyped(value, {
            context: `channel "${channel}"`,
          });
          record = packRecord([type], data);
          records.set(channel, record);
        }
        fresh.push(channel, record);
      }
      const now = this.now();
      const parentField = share ? checkpointField(checkpointNs, parentId!) : "";
      // Both indexes are written first: an entry whose checkpoint is missing is skipped by
      // readers, while a checkpoint missing from an index would be invisible to them.
      const replies = await this.connection.batch("put", (batch) => {
        batch.call("ZADD", this.indexes.keys.threads, now, threadId);
        batch.call("ZADD", this.indexes.keys.checkpoints, 0, member);
        batch.run(PUT_CHECKPOINT, keys, [
          now,
          this.cutoffArg(now),
          checkpointNs,
          id,
          parentField,
          header,
          metadataRecord,
          fresh.length / 2,
          ...fresh,
          ...shared,
        ]);
      });
      const [committed, expired, dropped] = replies[2] as [number, number, Buffer[]];
      if (expired === 1) {
        const gone = globalMembersOf(threadId, strings(dropped)).filter((m) => m !== member);
        await this.indexes.forget("put", threadId, gone, false);
      }
      if (committed === 1) return checkpointConfig(threadId, checkpointNs, id);
      if (!share) {
        throw new RedisDatabaseError("driver", "RedisSaver put was refused by its script.", {
          address: this.connection.address,
          operation: "put",
        });
      }
      share = false; // the parent is gone (or never was): store every value in full
    }
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = writesTarget(config);
    if (checkpointNs.includes(SEP) || checkpointId.includes(SEP)) return; // cannot exist
    const args: Arg[] = [];
    for (let i = 0; i < writes.length; i++) {
      const [channel, value] = writes[i]!;
      const [type, data] = await this.serde.dumpsTyped(value, {
        context: `write to channel "${channel}" by task "${taskId}"`,
      });
      const index = writeIndex(channel, i);
      args.push(
        writeField(checkpointNs, checkpointId, taskId, index),
        index < 0 ? "1" : "0",
        packRecord([taskId, channel, type], data),
      );
    }
    await this.setup();
    const now = this.now();
    const replies = await this.connection.batch("putWrites", (batch) => {
      batch.run(PUT_WRITES, threadKeys(this.keyPrefix, threadId), [
        now,
        this.cutoffArg(now),
        checkpointField(checkpointNs, checkpointId),
        ...args,
      ]);
      batch.call("ZADD", this.indexes.keys.threads, "XX", now, threadId);
    });
    const [stored, expired, dropped, access] = replies[0] as [number, number, Buffer[], Buffer];
    if (expired === 1) {
      await this.indexes.forget(
        "putWrites",
        threadId,
        globalMembersOf(threadId, strings(dropped)),
        true,
      );
    } else if (stored === 0 && access !== null) {
      // A late write touched nothing: put back the access time the thread really has.
      await this.indexes.reposition("putWrites", threadId, access.toString());
    }
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.setup();
    const keys = threadKeys(this.keyPrefix, threadId);
    const dropped = await this.connection.run("deleteThread", DROP_THREAD, keys, []);
    const members = globalMembersOf(threadId, strings(dropped as Buffer[]));
    await this.indexes.forget("deleteThread", threadId, members, true);
  }

  /**
   * Removes old checkpoints (see the base class for the rules) reading only index
   * members, and the creation times of candidates when `olderThan` is given. Each
   * namespace is pruned by one script: concurrent readers see it before or after.
   * Pruning is maintenance: it does not count as an access for thread TTLs.
   */
  override async prune(
    threadIds?: readonly string[],
    options: PruneOptions = {},
  ): Promise<PruneResult> {
    const rule = this.pruneRule(options);
    const targets = threadIds === undefined ? undefined : checkThreadIds(threadIds);
    await this.setup();
    return pruneThreads(this.indexes, rule, targets);
  }

  /** Deletes every thread whose TTL ran out, visiting only those (by last access). */
  override async sweep(): Promise<SweepResult> {
    const cutoff = this.threadExpiryCutoff();
    if (cutoff === undefined) return { threads: 0 };
    await this.setup();
    return sweepThreads(this.indexes, cutoff);
  }

  protected async deleteCheckpoints(
    threadId: string,
    checkpointNs: string,
    checkpointIds: readonly string[],
  ): Promise<PruneResult> {
    return deleteCheckpointsOf(this.indexes, threadId, checkpointNs, checkpointIds);
  }

  /**
   * Runs the load script on one thread. `read` makes it an access of the thread (its
   * TTL is refreshed with `refreshOnRead`); a thread found expired is cleaned up.
   */
  private async load(
    operation: string,
    threadId: string,
    mode: readonly Arg[],
    read: boolean,
  ): Promise<LoadReply> {
    const now = this.now();
    const touch = read && this.threadTtl?.refreshOnRead === true;
    const replies = await this.connection.batch(operation, (batch) => {
      batch.run(LOAD_CHECKPOINTS, threadKeys(this.keyPrefix, threadId), [
        now,
        this.cutoffArg(now),
        touch ? "1" : "0",
        ...mode,
      ]);
      if (touch) batch.call("ZADD", this.indexes.keys.threads, "XX", now, threadId);
    });
    const loaded = parseLoadReply(threadId, replies[0]!);
    if (loaded.expired) {
      await this.indexes.forget(
        operation,
        threadId,
        globalMembersOf(threadId, loaded.dropped),
        true,
      );
    }
    return loaded;
  }

  /** What the listing functions need from the saver. */
  private reader(): SaverReader {
    return {
      keys: this.indexes.keys,
      connection: this.connection,
      loadPage: (operation, threadId, mode, read) => this.load(operation, threadId, mode, read),
      loadMany: (operation, requests) => this.loadMany(operation, requests),
      complete: (operation, loaded, metadata) => this.complete(operation, loaded, metadata),
      serde: this.serde,
    };
  }

  /** Loads checkpoints of several threads by field, in one round trip; never an access. */
  private async loadMany(
    operation: string,
    requests: ReadonlyMap<string, readonly string[]>,
  ): Promise<Map<string, LoadReply>> {
    const threads = [...requests.keys()];
    const now = this.now();
    const replies = await this.connection.batch(operation, (batch) => {
      for (const threadId of threads) {
        batch.run(LOAD_CHECKPOINTS, threadKeys(this.keyPrefix, threadId), [
          now,
          this.cutoffArg(now),
          "0",
          "fields",
          ...requests.get(threadId)!,
        ]);
      }
    });
    const loaded = new Map<string, LoadReply>();
    for (let i = 0; i < threads.length; i++) {
      const threadId = threads[i]!;
      const reply = parseLoadReply(threadId, replies[i]!);
      if (reply.expired) {
        await this.indexes.forget(
          operation,
          threadId,
          globalMembersOf(threadId, reply.dropped),
          true,
        );
      }
      loaded.set(threadId, reply);
    }
    return loaded;
  }

  private complete(
    operation: string,
    loaded: readonly LoadedCheckpoint[],
    metadata: readonly (CheckpointMetadata | undefined)[],
  ): Promise<(CheckpointTuple | undefined)[]> {
    return completeTuples(this.connection, this.keyPrefix, this.serde, loaded, metadata, operation);
  }

  /** The TTL cutoff as a script argument: `""` without a TTL. */
  private cutoffArg(now: number): number | string {
    return this.threadExpiryCutoff(now) ?? "";
  }
}
