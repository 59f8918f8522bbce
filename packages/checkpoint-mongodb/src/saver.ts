import {
  BaseCheckpointSaver,
  type ChannelVersions,
  type Checkpoint,
  type CheckpointListOptions,
  type CheckpointMetadata,
  type CheckpointTuple,
  checkpointAddress,
  checkpointConfig,
  checkThreadIds,
  getCheckpointId,
  matchesMetadataFilter,
  type ParentRefs,
  type PendingWrite,
  type PruneOptions,
  type PruneResult,
  putTarget,
  RecentParents,
  type RunnableConfig,
  type SerializerProtocol,
  type SweepResult,
  writesTarget,
} from "@weft/checkpoint";
import { MongoConnection, type ServerFeatures } from "./connection.ts";
import { MongoDatabaseError } from "./errors.ts";
import type { MongoDBSaverConnectOptions, MongoDBSaverOptions } from "./options.ts";
import {
  type CheckpointDoc,
  checkpointKey,
  decodeMetadata,
  decodeTuple,
  parseRefs,
  valueKey,
  valueRefs,
} from "./saver-documents.ts";
import { latestCheckpoint, PositionCache, recordHead } from "./saver-heads.ts";
import { type SaverCollections, saverCollections, setupSaverLayout } from "./saver-layout.ts";
import { listScope, pageQuery } from "./saver-list.ts";
import { pruneWalk, removeCheckpoints } from "./saver-prune.ts";
import { putDocuments, serializeMetadata, writeCheckpoint, writeValues } from "./saver-put.ts";
import { loadDocs } from "./saver-reads.ts";
import {
  backfillThreads,
  expiredThreads,
  lastAccess,
  removeIfExpired,
  removeThread,
  touchThread,
} from "./saver-threads.ts";
import { type IdReadMode, storedValueKeys } from "./saver-values.ts";
import { insertWrites, serializeWrites } from "./saver-writes.ts";

/** Largest page `list` reads at once. */
const MAX_PAGE = 256;
/** Times a put rewrites its values after a concurrent delete removed some, before giving up. */
const MAX_PUT_REPAIRS = 3;

/**
 * A checkpointer that keeps threads in MongoDB (or a MongoDB-compatible server such as
 * FerretDB), through the official `mongodb` driver. It needs no multi-document
 * transactions: a `put` writes its channel values first (idempotent writes keyed by the
 * checkpoint that wrote them) and the checkpoint document last. That document is the
 * commit point: readers never see values without it, and the values of a put that died
 * before it are invisible leftovers, removed by `deleteThread` and `prune`.
 *
 * Each channel value is stored once, when its version changes, and shared by the
 * checkpoints after it. Indexes are created by {@link setup}, which also runs on first
 * use; collections laid out by a newer Weft are refused without being changed. On a
 * server that indexes nothing but `_id` (FerretDB 1.x) reads go by `_id` instead, and the
 * latest checkpoint is found through an append-only log (see `saver-heads.ts`).
 *
 * @throws MongoDatabaseError `SAVER_ERROR` with `details.reason` `unreachable`, `auth`,
 *   `newer_schema` or `driver`, and `details.address` naming the server.
 * @throws CheckpointConfigError `INVALID_CONFIG` for a config without `thread_id`.
 * @example
 * const checkpointer = MongoDBSaver.fromConnString("mongodb://127.0.0.1:27017/app");
 * const graph = workflow.compile({ checkpointer });
 * await graph.invoke(input, { configurable: { thread_id: "1" } });
 * await checkpointer.close();
 */
export class MongoDBSaver extends BaseCheckpointSaver {
  private connectionRef: MongoConnection;
  private readonly collections: SaverCollections;
  private setupDone: Promise<IdReadMode> | undefined;
  /** Where each head log ended when last seen (servers that index only `_id`). */
  private readonly headEnds = new PositionCache();
  /** The next free write slot of recently written checkpoints. */
  private readonly writeSlots = new PositionCache();
  /** The last checkpoint put per (thread, namespace): the usual parent of the next put. */
  private readonly parents = new RecentParents();

  /**
   * Uses a `MongoClient` the caller owns (and closes). The second argument is a
   * serializer, as in the peer's `new MongoDBSaver({ client, dbName }, serde)`.
   */
  constructor(options: MongoDBSaverOptions, serde?: SerializerProtocol) {
    super({ serde: serde ?? options.serde, threadTtl: options.threadTtl, now: options.now });
    this.connectionRef = new MongoConnection(options.client, options.dbName);
    this.collections = saverCollections(this.connectionRef, options);
  }

  /**
   * Connects to `url` with a client of its own, which {@link close} closes. Nothing is
   * sent until the first call; an unreachable server then fails within
   * `serverSelectionTimeoutMS` (5 s by default) with an error naming the address.
   *
   * @throws CheckpointConfigError `INVALID_CONFIG` for a malformed connection string.
   * @example
   * const saver = MongoDBSaver.fromConnString("mongodb://127.0.0.1:27017/?directConnection=true", {
   *   dbName: "agents",
   * });
   */
  static fromConnString(url: string, options: MongoDBSaverConnectOptions = {}): MongoDBSaver {
    const connection = MongoConnection.fromConnString(url, options);
    const saver = new MongoDBSaver({ ...options, client: connection.client });
    saver.connectionRef = connection;
    return saver;
  }

  /** The client and database this saver uses. */
  get connection(): MongoConnection {
    return this.connectionRef;
  }

  /**
   * Checks the layout marker and creates the saver's indexes. Idempotent, and run on
   * first use, so calling it is optional; call it to fail fast at start-up.
   *
   * @throws MongoDatabaseError `SAVER_ERROR` (`unreachable`, `auth`, `newer_schema`, `driver`).
   */
  async setup(): Promise<void> {
    await this.ready();
  }

  /** Closes the client if this saver opened it ({@link fromConnString}). */
  async close(): Promise<void> {
    await this.connectionRef.close();
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, checkpointNs, checkpointId } = checkpointAddress(config, "getTuple");
    const mode = await this.ready();
    const { checkpoints } = this.collections;
    const loaded = await this.call("getTuple", async () => {
      if (!(await this.admitRead(threadId))) return undefined;
      const doc =
        checkpointId !== undefined
          ? await checkpoints.findOne({ _id: checkpointKey(threadId, checkpointNs, checkpointId) })
          : await this.latest(threadId, checkpointNs, mode);
      if (doc == null) return undefined;
      return (await loadDocs(this.collections, [doc], mode, this.connectionRef.address))[0];
    });
    return loaded === undefined
      ? undefined
      : decodeTuple(this.serde, loaded.doc, loaded.values, loaded.writes);
  }

  async *list(
    config: RunnableConfig,
    options: CheckpointListOptions = {},
  ): AsyncGenerator<CheckpointTuple> {
    const { filter, before } = options;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    const mode = await this.ready();
    const threadId = config.configurable?.thread_id;
    const checkpointNs = config.configurable?.checkpoint_ns;
    if (this.threadTtl !== undefined) {
      // Naming a thread is an access; a scan of every thread first drops the expired ones.
      if (threadId !== undefined) {
        if (!(await this.call("list", () => this.admitRead(threadId)))) return;
      } else {
        await this.sweep();
      }
    }
    const { base, sort, unique } = listScope(threadId, checkpointNs, filter);
    const only = getCheckpointId(config);
    const beforeId = before === undefined ? undefined : getCheckpointId(before);
    const filtered = filter !== undefined && Object.keys(filter).length > 0;
    let cursor: { id: string; key: string } | undefined;
    for (;;) {
      const query = pageQuery(base, only, beforeId, cursor, unique);
      const limit = Math.min(remaining, MAX_PAGE);
      const docs = await this.call("list", () =>
        this.collections.checkpoints.find(query).sort(sort).limit(limit).toArray(),
      );
      const last = docs.at(-1);
      if (last === undefined) return;
      cursor = { id: last.checkpoint_id, key: last._id };
      let matches = docs;
      let metadata: (CheckpointMetadata | undefined)[] = [];
      if (filtered) {
        // The terms narrowed the query; the decoded metadata decides.
        matches = [];
        for (const doc of docs) {
          const decoded = await decodeMetadata(this.serde, doc);
          if (!matchesMetadataFilter(decoded, filter)) continue;
          matches.push(doc);
          metadata.push(decoded);
        }
      }
      const loaded = await this.call("list", () =>
        loadDocs(this.collections, matches, mode, this.connectionRef.address),
      );
      if (filtered) metadata = metadata.filter((_, i) => loaded[i] !== undefined);
      let index = 0;
      for (const item of loaded) {
        if (item === undefined) continue; // deleted while the page was read
        yield await decodeTuple(this.serde, item.doc, item.values, item.writes, metadata[index++]);
        if (--remaining <= 0) return;
      }
      if (docs.length < limit) return;
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs, parentId, id } = putTarget(config, checkpoint);
    const mode = await this.ready();
    const { checkpoints, values } = this.collections;
    const key = checkpointKey(threadId, checkpointNs, id);
    const place = { threadId, checkpointNs, id, key, parentId };
    const serialized = await serializeMetadata(this.serde, metadata);
    if (this.threadTtl !== undefined) {
      await this.call("put", () => this.expireIfDue(threadId));
    }
    // The cached parent may have been deleted meanwhile, by this process or another: the
    // check after the commit catches it, as it catches a prune racing with a read parent.
    let parent =
      parentId === undefined
        ? undefined
        : (this.parents.get(threadId, checkpointNs, parentId) ??
          (await this.call("put", () => this.parentRefs(threadId, checkpointNs, parentId))));
    for (let repairs = 0; ; repairs++) {
      const { doc, refs, fresh } = await putDocuments(
        this.serde,
        place,
        checkpoint,
        serialized,
        newVersions,
        parent,
      );
      const complete = await this.call("put", async () => {
        // Values first (idempotent writes), the checkpoint last: its existence commits the put.
        await writeValues(values, fresh);
        if (mode === "point") {
          await recordHead(this.collections.heads, this.headEnds, threadId, checkpointNs, id);
        }
        await writeCheckpoint(checkpoints, doc);
        if (this.threadTtl !== undefined) {
          await touchThread(this.collections, threadId, this.now(), true);
        }
        // A delete or prune running meanwhile may have removed values this checkpoint
        // uses (the parent's, or its own written just before). Check, now that it is visible.
        const refList = valueRefs(doc, refs);
        const stored = await storedValueKeys(values, refList, mode);
        if (refList.every((ref) => stored.has(valueKey(ref)))) return true;
        // Deleted after its commit: as if deleted right after the put, which is fine.
        return (await checkpoints.findOne({ _id: key }, { projection: { _id: 1 } })) === null;
      });
      if (complete) {
        this.parents.remember(threadId, checkpointNs, id, {
          versions: { ...checkpoint.channel_versions },
          refs,
        });
        return checkpointConfig(threadId, checkpointNs, id);
      }
      if (repairs >= MAX_PUT_REPAIRS) {
        throw new MongoDatabaseError(
          "driver",
          `MongoDB put of checkpoint ${id} (thread "${threadId}") kept losing its channel values ` +
            "to concurrent deletes; gave up after rewriting them.",
          { address: this.connectionRef.address, operation: "put", threadId, checkpointId: id },
        );
      }
      parent = undefined; // shared values vanished: store every value in full
    }
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = writesTarget(config);
    await this.ready();
    const { checkpoints } = this.collections;
    const key = checkpointKey(threadId, checkpointNs, checkpointId);
    const exists = async () =>
      (await checkpoints.findOne({ _id: key }, { projection: { _id: 1 } })) !== null;
    // A write for a checkpoint that is gone (deleted, pruned, expired) is dropped.
    const live = await this.call("putWrites", async () => {
      if (this.threadTtl !== undefined && (await this.expireIfDue(threadId))) return false;
      return exists();
    });
    if (!live) return;
    const stored = await serializeWrites(this.serde, writes, taskId);
    const place = { threadId, checkpointNs, checkpointId, key };
    await this.call("putWrites", async () => {
      const collection = this.collections.writes;
      // Insert-only, into the next free slot: readers resolve retries (see WriteDoc).
      if (stored.length > 0) await insertWrites(collection, this.writeSlots, place, taskId, stored);
      // Deleted while writing: remove what was just attached, so nothing brings it back.
      if (!(await exists())) {
        await collection.deleteMany({ checkpoint_key: key });
        return;
      }
      if (this.threadTtl !== undefined) {
        await touchThread(this.collections, threadId, this.now(), true);
      }
    });
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.ready();
    this.forgetCaches();
    await this.call("deleteThread", () => removeThread(this.collections, threadId));
  }

  /**
   * Removes old checkpoints, reading only ids and times from the index, one namespace at
   * a time (see the base class for the rules). Pruning is maintenance: it does not count
   * as an access for thread TTLs.
   */
  override async prune(
    threadIds?: readonly string[],
    options: PruneOptions = {},
  ): Promise<PruneResult> {
    const rule = this.pruneRule(options);
    const threads = threadIds === undefined ? undefined : checkThreadIds(threadIds);
    await this.ready();
    const total: PruneResult = { checkpoints: 0, writes: 0 };
    this.forgetCaches();
    await this.call("prune", () =>
      pruneWalk(this.collections, threads, rule, async ({ threadId, checkpointNs, ids }) => {
        const removed = await removeCheckpoints(this.collections, threadId, checkpointNs, ids);
        total.checkpoints += removed.checkpoints;
        total.writes += removed.writes;
      }),
    );
    return total;
  }

  /** Deletes every thread whose TTL ran out; each is claimed first, so two sweeps never race. */
  override async sweep(): Promise<SweepResult> {
    const cutoff = this.threadExpiryCutoff();
    if (cutoff === undefined) return { threads: 0 };
    await this.ready();
    return this.call("sweep", async () => {
      let threads = 0;
      this.forgetCaches();
      for (const threadId of await expiredThreads(this.collections, cutoff)) {
        if (await removeIfExpired(this.collections, threadId, cutoff)) threads++;
      }
      return { threads };
    });
  }

  protected async deleteCheckpoints(
    threadId: string,
    checkpointNs: string,
    checkpointIds: readonly string[],
  ): Promise<PruneResult> {
    await this.ready();
    this.forgetCaches();
    return this.call("prune", () =>
      removeCheckpoints(this.collections, threadId, checkpointNs, checkpointIds),
    );
  }

  /** Runs setup once (again after a failure); resolves to how documents are read by id. */
  private ready(): Promise<IdReadMode> {
    if (this.setupDone === undefined) {
      const running = this.runSetup();
      this.setupDone = running;
      running.catch(() => {
        if (this.setupDone === running) this.setupDone = undefined;
      });
    }
    return this.setupDone;
  }

  private async runSetup(): Promise<IdReadMode> {
    const connection = this.connectionRef;
    const features = await connection.serverFeatures();
    await setupSaverLayout(connection, this.collections);
    if (this.threadTtl !== undefined) {
      await connection.call("setup", () => backfillThreads(this.collections, this.now()));
    }
    return this.idReadMode(features);
  }

  /**
   * How this saver reads documents by `_id` on this server (see {@link IdReadMode}):
   * `point` on FerretDB, which indexes nothing but `_id`, else `batch`. It also picks
   * how the latest checkpoint is found (an indexed query, or the head log). Override to
   * force one, e.g. to test the other path.
   */
  protected idReadMode(features: ServerFeatures): IdReadMode {
    return features.ferretdb === undefined ? "batch" : "point";
  }

  /** The latest checkpoint of (thread, namespace): one indexed query, or the head log (see `saver-heads.ts`). */
  private async latest(
    threadId: string,
    checkpointNs: string,
    mode: IdReadMode,
  ): Promise<CheckpointDoc | null | undefined> {
    const { checkpoints, heads } = this.collections;
    if (mode === "point") {
      return latestCheckpoint(heads, checkpoints, this.headEnds, threadId, checkpointNs);
    }
    return checkpoints
      .find({ thread_id: threadId, checkpoint_ns: checkpointNs })
      .sort({ checkpoint_id: -1 })
      .limit(1)
      .next();
  }

  /** Drops cached parents, log ends and write slots: after a delete they may be gone or restart from 0. */
  private forgetCaches(): void {
    this.parents.clear();
    this.headEnds.clear();
    this.writeSlots.clear();
  }

  private call<T>(operation: string, run: () => Promise<T>): Promise<T> {
    return this.connectionRef.call(operation, run);
  }

  /** What a put can share with its parent, or undefined when the parent was never saved. */
  private async parentRefs(
    threadId: string,
    checkpointNs: string,
    parentId: string,
  ): Promise<ParentRefs | undefined> {
    const doc = await this.collections.checkpoints.findOne(
      { _id: checkpointKey(threadId, checkpointNs, parentId) },
      { projection: { versions: 1, refs: 1 } },
    );
    return doc === null ? undefined : { versions: JSON.parse(doc.versions), refs: parseRefs(doc) };
  }

  /** Deletes the thread if its TTL ran out; true when it did. */
  private async expireIfDue(threadId: string): Promise<boolean> {
    const at = this.now();
    const touched = await lastAccess(this.collections, threadId);
    if (touched === undefined || !this.isThreadExpired(touched, at)) return false;
    this.forgetCaches();
    return removeIfExpired(this.collections, threadId, this.threadExpiryCutoff(at)!);
  }

  /**
   * Whether a read of the thread may see it (its TTL has not run out), refreshing the
   * TTL when reads count as access.
   */
  private async admitRead(threadId: string): Promise<boolean> {
    const ttl = this.threadTtl;
    if (ttl === undefined) return true;
    const at = this.now();
    const touched = await lastAccess(this.collections, threadId);
    if (touched === undefined) return true;
    if (this.isThreadExpired(touched, at)) {
      this.forgetCaches();
      await removeIfExpired(this.collections, threadId, this.threadExpiryCutoff(at)!);
      return false;
    }
    if (ttl.refreshOnRead) await touchThread(this.collections, threadId, at, false);
    return true;
  }
}
