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
  reusableRef,
  type SerializerProtocol,
  type SweepResult,
  type ValueRefs,
  writeIndex,
  writesTarget,
} from "@weft/checkpoint";
import {
  configureReads,
  type Database,
  describeDatabase,
  enableWal,
  openDatabase,
} from "./database.ts";
import { driverCall } from "./errors.ts";
import { DEFAULT_BUSY_TIMEOUT_MS, isSerializer, type SqliteSaverOptions } from "./options.ts";
import {
  assemblePage,
  assembleRow,
  assembleTuple,
  checkpointKey,
  decodeMetadata,
  decodeTuple,
  type LoadedRow,
  pageKeys,
} from "./saver-rows.ts";
import {
  type BlobRow,
  type CheckpointRow,
  type ListShape,
  type Located,
  SaverStatements,
  type WriteRow,
} from "./saver-statements.ts";
import { ensureSchema, SAVER_SCHEMA } from "./schema.ts";

/** Rows fetched per page by `list` when a metadata filter may drop some of them. */
const FILTERED_PAGE = 64;
/** Largest page `list` fetches at once. */
const MAX_PAGE = 256;

/**
 * A checkpointer that keeps threads in a SQLite file (or in memory), through
 * better-sqlite3: for local apps, single-server deployments and tests that must survive
 * a restart. The file runs in WAL mode, so readers never block the writer and a crashed
 * process loses nothing that was committed.
 *
 * Each channel value is stored once, when its version changes, and shared by the
 * checkpoints after it; a checkpoint and its new values commit in one transaction. The
 * schema is versioned and upgraded in place by {@link setup}, which also runs on first
 * use. A file that is damaged, belongs to another program, or was written by a newer
 * Weft is refused without being changed.
 *
 * @throws SqliteDatabaseError `SAVER_ERROR` with `details.reason` `corrupt`, `foreign`,
 *   `newer_schema` or `driver`.
 * @throws CheckpointConfigError `INVALID_CONFIG` for a config without `thread_id`.
 * @example
 * const checkpointer = SqliteSaver.fromConnString("./checkpoints.db");
 * const graph = workflow.compile({ checkpointer });
 * await graph.invoke(input, { configurable: { thread_id: "1" } });
 */
export class SqliteSaver extends BaseCheckpointSaver {
  /** The connection; usable for your own queries (Weft's tables are prefixed `weft_`). */
  readonly db: Database;
  private readonly location: string;
  private readonly busyTimeoutMs: number;
  private ownsDatabase = false;
  private statements: SaverStatements | undefined;
  private readonly parents = new RecentParents();
  /** Runs a function in a read transaction: one consistent snapshot for several queries. */
  private readonly inRead: <T>(run: () => T) => T;
  /** Runs a function in a write transaction (`BEGIN IMMEDIATE`). */
  private readonly inWrite: <T>(run: () => T) => T;

  /**
   * Uses an open better-sqlite3 connection, which stays the caller's to close. The
   * second argument is options, or a serializer alone (the peer's form).
   */
  constructor(db: Database, options: SqliteSaverOptions | SerializerProtocol = {}) {
    super(options);
    this.db = db;
    this.location = describeDatabase(db);
    this.busyTimeoutMs = isSerializer(options)
      ? DEFAULT_BUSY_TIMEOUT_MS
      : (options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS);
    // Made once: better-sqlite3 builds a new wrapper on every `transaction()` call.
    const transaction = db.transaction((run: () => unknown) => run());
    this.inRead = transaction as <T>(run: () => T) => T;
    this.inWrite = transaction.immediate as <T>(run: () => T) => T;
  }

  /**
   * Opens the database at `path` (created if missing; `":memory:"` for a private
   * in-memory one). {@link close} closes it.
   *
   * @example
   * const checkpointer = SqliteSaver.fromConnString(":memory:");
   */
  static fromConnString(
    path: string,
    options: SqliteSaverOptions | SerializerProtocol = {},
  ): SqliteSaver {
    const saver = new SqliteSaver(openDatabase(path), options);
    saver.ownsDatabase = true;
    return saver;
  }

  /**
   * Checks the database and creates or upgrades the saver's tables. Idempotent, and
   * run on first use, so calling it is optional; call it to fail fast at start-up.
   *
   * @throws SqliteDatabaseError `SAVER_ERROR` (`corrupt`, `foreign`, `newer_schema`).
   */
  async setup(): Promise<void> {
    this.ready();
  }

  /** Closes the connection if this saver opened it ({@link fromConnString}). */
  close(): void {
    if (this.ownsDatabase && this.db.open) this.db.close();
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, checkpointNs, checkpointId } = checkpointAddress(config, "getTuple");
    const sql = this.ready();
    const read = () => {
      if (!this.admitRead(sql, threadId)) return undefined;
      const id =
        checkpointId ?? (sql.selectLatestId.get(threadId, checkpointNs) as string | undefined);
      if (id === undefined) return undefined;
      const [t, ns] = [threadId, checkpointNs];
      const raw = sql.selectTuple.all(t, ns, id, t, ns, t, ns, id, t, ns, id) as unknown[][];
      return assembleTuple(threadId, checkpointNs, raw);
    };
    // By id, one statement: one snapshot. The latest takes two, so a read transaction; with
    // a TTL, a read may expire the thread or refresh its clock: a write transaction.
    const loaded = this.sync("getTuple", () => {
      if (this.threadTtl !== undefined) return this.inWrite(read);
      return checkpointId === undefined ? this.inRead(read) : read();
    });
    return loaded === undefined ? undefined : decodeTuple(this.serde, loaded);
  }

  async *list(
    config: RunnableConfig,
    options: CheckpointListOptions = {},
  ): AsyncGenerator<CheckpointTuple> {
    const { filter, before } = options;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    const sql = this.ready();
    const threadId = config.configurable?.thread_id;
    const checkpointNs = config.configurable?.checkpoint_ns;
    if (threadId !== undefined && this.threadTtl !== undefined) {
      const live = this.sync("list", () => this.inWrite(() => this.admitRead(sql, threadId)));
      if (!live) return;
    }
    const only = getCheckpointId(config);
    const beforeId = before === undefined ? undefined : getCheckpointId(before);
    const filtered = filter !== undefined && Object.keys(filter).length > 0;
    const cutoff = threadId === undefined ? this.threadExpiryCutoff() : undefined;
    const shape: ListShape = {
      thread: threadId !== undefined,
      ns: checkpointNs !== undefined,
      only: only !== undefined,
      cursor: beforeId !== undefined,
      live: cutoff !== undefined,
    };
    const params: Record<string, unknown> = {
      thread: threadId,
      ns: checkpointNs,
      only,
      cutoff,
      cursorId: beforeId,
      cursorThread: "",
      cursorNs: "",
    };
    let page = sql.list(shape);
    for (;;) {
      const limit = filtered ? FILTERED_PAGE : Math.min(remaining, MAX_PAGE);
      params.limit = limit;
      // Unfiltered, a page is read whole (rows, values, writes) in one snapshot. Filtered,
      // values are read only for the rows whose metadata matches.
      const read = this.sync("list", () =>
        this.inRead(() => {
          const rows = page.all(params) as CheckpointRow[];
          return { rows, loaded: filtered ? undefined : this.loadPage(sql, rows) };
        }),
      );
      const { rows } = read;
      const last = rows.at(-1);
      if (last === undefined) return;
      params.cursorId = last.checkpoint_id;
      params.cursorThread = last.thread_id;
      params.cursorNs = last.checkpoint_ns;
      if (!shape.cursor) {
        shape.cursor = true;
        page = sql.list(shape);
      }
      let loaded = read.loaded;
      let metadata: (CheckpointMetadata | undefined)[] = [];
      if (loaded === undefined) {
        const matches: CheckpointRow[] = [];
        for (const row of rows) {
          const decoded = await decodeMetadata(this.serde, row);
          if (!matchesMetadataFilter(decoded, filter)) continue;
          matches.push(row);
          metadata.push(decoded);
        }
        // Skip a checkpoint deleted while the metadata was being decoded.
        const found = this.sync("list", () => this.inRead(() => this.loadExisting(sql, matches)));
        metadata = metadata.filter((_, i) => found.present[i]);
        loaded = found.loaded;
      }
      for (let i = 0; i < loaded.length; i++) {
        yield await decodeTuple(this.serde, loaded[i]!, metadata[i]);
        if (--remaining <= 0) return;
      }
      if (rows.length < limit) return;
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs, parentId, id } = putTarget(config, checkpoint);
    const sql = this.ready();
    let parent =
      parentId === undefined ? undefined : this.parentOf(sql, threadId, checkpointNs, parentId);
    const [metadataType, metadataData] = await this.serde.dumpsTyped(metadata, {
      context: "checkpoint metadata",
    });
    const versions = checkpoint.channel_versions;
    const versionsText = JSON.stringify(versions);
    const seenText = JSON.stringify(checkpoint.versions_seen);
    for (;;) {
      // Serialize everything before the transaction, so a bad value writes nothing.
      const refs: ValueRefs = Object.create(null);
      const fresh: [channel: string, type: string, data: Uint8Array][] = [];
      let reusing = false;
      const values = checkpoint.channel_values;
      for (const channel in values) {
        const value = values[channel];
        if (value === undefined) continue;
        const reused = reusableRef(parent, channel, versions, newVersions);
        if (reused !== undefined) {
          refs[channel] = reused;
          reusing = true;
          continue;
        }
        const [type, data] = await this.serde.dumpsTyped(value, {
          context: `channel "${channel}"`,
        });
        fresh.push([channel, type, data]);
        refs[channel] = id;
      }
      // The parent's values are shared: it must still exist (not deleted meanwhile), which
      // the insert checks; nothing is written when it is gone.
      const sharedParent = reusing ? parentId : null;
      const committed = this.sync("put", () =>
        this.inWrite(() => {
          this.expireIfDue(sql, threadId);
          const inserted = sql.insertCheckpoint.run(
            threadId,
            checkpointNs,
            id,
            parentId ?? null,
            checkpoint.v,
            checkpoint.ts,
            versionsText,
            seenText,
            JSON.stringify(refs),
            metadataType,
            metadataData,
            sharedParent,
            threadId,
            checkpointNs,
            sharedParent,
          ).changes;
          if (inserted === 0) return false;
          for (const [channel, type, data] of fresh) {
            sql.insertBlob.run(threadId, checkpointNs, id, channel, type, data);
          }
          this.touchThread(sql, threadId);
          return true;
        }),
      );
      if (committed) {
        this.parents.remember(threadId, checkpointNs, id, { versions: { ...versions }, refs });
        return checkpointConfig(threadId, checkpointNs, id);
      }
      parent = undefined; // the parent vanished: store every value in full
    }
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = writesTarget(config);
    const sql = this.ready();
    const at = { thread: threadId, ns: checkpointNs, id: checkpointId };
    const rows: Record<string, unknown>[] = [];
    for (let i = 0; i < writes.length; i++) {
      const [channel, value] = writes[i]!;
      const [type, data] = await this.serde.dumpsTyped(value, {
        context: `write to channel "${channel}" by task "${taskId}"`,
      });
      rows.push({ ...at, task: taskId, idx: writeIndex(channel, i), channel, type, data });
    }
    this.sync("putWrites", () =>
      this.inWrite(() => {
        this.expireIfDue(sql, threadId);
        // A write for a checkpoint that is gone (deleted, pruned, expired) is dropped.
        if (sql.checkpointExists.get(at) === undefined) return;
        for (const row of rows) {
          ((row.idx as number) < 0 ? sql.upsertWrite : sql.insertWrite).run(row);
        }
        this.touchThread(sql, threadId);
      }),
    );
  }

  async deleteThread(threadId: string): Promise<void> {
    const sql = this.ready();
    this.sync("deleteThread", () => this.inWrite(() => this.removeThread(sql, threadId)));
  }

  /**
   * Removes old checkpoints in a few queries (see the base class for the rules). Pruning
   * is maintenance: it does not count as an access for thread TTLs.
   */
  override async prune(
    threadIds?: readonly string[],
    options: PruneOptions = {},
  ): Promise<PruneResult> {
    const rule = this.pruneRule(options);
    const threads = threadIds === undefined ? undefined : checkThreadIds(threadIds);
    const sql = this.ready();
    const candidates = this.sync("prune", () =>
      sql.pruneCandidates.all({
        threads: threads === undefined ? null : JSON.stringify(threads),
        keep: rule.keepLast,
      }),
    ) as {
      thread_id: string;
      checkpoint_ns: string;
      checkpoint_id: string;
      ts: string;
      rank: number;
    }[];
    const groups = new Map<string, { threadId: string; checkpointNs: string; ids: string[] }>();
    for (const row of candidates) {
      if (!rule.removes(row.rank, row.ts)) continue;
      const key = `${row.thread_id}\u0000${row.checkpoint_ns}`;
      let group = groups.get(key);
      if (group === undefined) {
        group = { threadId: row.thread_id, checkpointNs: row.checkpoint_ns, ids: [] };
        groups.set(key, group);
      }
      group.ids.push(row.checkpoint_id);
    }
    const total: PruneResult = { checkpoints: 0, writes: 0 };
    for (const { threadId, checkpointNs, ids } of groups.values()) {
      const removed = await this.deleteCheckpoints(threadId, checkpointNs, ids);
      total.checkpoints += removed.checkpoints;
      total.writes += removed.writes;
    }
    return total;
  }

  /** Deletes every thread whose TTL ran out, in one transaction. */
  override async sweep(): Promise<SweepResult> {
    const cutoff = this.threadExpiryCutoff();
    if (cutoff === undefined) return { threads: 0 };
    const sql = this.ready();
    return this.sync("sweep", () =>
      this.inWrite(() => {
        const expired = sql.expiredThreads.all(cutoff) as string[];
        for (const threadId of expired) this.removeThread(sql, threadId);
        return { threads: expired.length };
      }),
    );
  }

  protected async deleteCheckpoints(
    threadId: string,
    checkpointNs: string,
    checkpointIds: readonly string[],
  ): Promise<PruneResult> {
    const sql = this.ready();
    return this.sync("prune", () =>
      this.inWrite(() => {
        this.parents.clear();
        const removed: PruneResult = { checkpoints: 0, writes: 0 };
        for (const id of checkpointIds) {
          const key = { thread: threadId, ns: checkpointNs, id };
          removed.writes += sql.deleteWrites.run(key).changes;
          removed.checkpoints += sql.deleteCheckpoint.run(key).changes;
        }
        if (removed.checkpoints > 0) this.removeUnusedBlobs(sql, threadId, checkpointNs);
        return removed;
      }),
    );
  }

  /** Runs setup once; returns the prepared statements. */
  private ready(): SaverStatements {
    if (this.statements !== undefined) return this.statements;
    const db = this.db;
    this.statements = this.sync("setup", () => {
      configureReads(db, this.busyTimeoutMs);
      ensureSchema(db, SAVER_SCHEMA, this.location, () => enableWal(db));
      const statements = new SaverStatements(db);
      // Without a TTL no access times are kept (see touchThread): start the clock of
      // threads written that way now.
      if (this.threadTtl !== undefined) {
        this.inWrite(() => statements.backfillThreads.run(this.now()));
      }
      return statements;
    });
    return this.statements;
  }

  private sync<T>(operation: string, run: () => T): T {
    return driverCall(this.location, operation, run);
  }

  /** What a put can share with its parent: remembered from the last put, or read. */
  private parentOf(
    sql: SaverStatements,
    threadId: string,
    checkpointNs: string,
    id: string,
  ): ParentRefs | undefined {
    const recent = this.parents.get(threadId, checkpointNs, id);
    if (recent !== undefined) return recent;
    const row = this.sync("put", () => {
      if (this.threadTtl !== undefined) this.inWrite(() => this.expireIfDue(sql, threadId));
      return sql.selectParent.get(threadId, checkpointNs, id);
    }) as { versions: string; refs: string } | undefined;
    return row && { versions: JSON.parse(row.versions), refs: JSON.parse(row.refs) };
  }

  /** Deletes the thread if its TTL ran out; true when it did. Call inside a write transaction. */
  private expireIfDue(sql: SaverStatements, threadId: string): boolean {
    if (this.threadTtl === undefined) return false;
    const lastAccess = sql.threadAccess.get(threadId) as number | undefined;
    if (lastAccess === undefined || !this.isThreadExpired(lastAccess)) return false;
    this.removeThread(sql, threadId);
    return true;
  }

  /**
   * Whether a read of the thread may see it (its TTL has not run out), refreshing the
   * TTL when reads count as access. Call inside a write transaction when a TTL is set.
   */
  private admitRead(sql: SaverStatements, threadId: string): boolean {
    const ttl = this.threadTtl;
    if (ttl === undefined) return true;
    if (this.expireIfDue(sql, threadId)) return false;
    if (ttl.refreshOnRead && sql.threadAccess.get(threadId) !== undefined) {
      sql.touchThread.run(threadId, this.now());
    }
    return true;
  }

  /**
   * Records a write to the thread as its last access, for thread TTLs. Skipped when this
   * saver has no TTL: the bookkeeping would cost every write a statement for nothing
   * (a saver opened later with a TTL starts the clock of such threads at its setup).
   */
  private touchThread(sql: SaverStatements, threadId: string): void {
    if (this.threadTtl !== undefined) sql.touchThread.run(threadId, this.now());
  }

  private removeThread(sql: SaverStatements, threadId: string): void {
    this.parents.clear();
    for (const statement of sql.deleteThread) statement.run(threadId);
  }

  /** Deletes the channel values of (thread, namespace) that no checkpoint refers to any more. */
  private removeUnusedBlobs(sql: SaverStatements, threadId: string, checkpointNs: string): void {
    const at = { thread: threadId, ns: checkpointNs };
    const live = new Set<string>();
    for (const ref of sql.liveRefs.iterate(at) as Iterable<{ writer: string; channel: string }>) {
      live.add(`${ref.writer}\u0000${ref.channel}`);
    }
    const stored = sql.blobKeys.all(at) as { writer: string; channel: string }[];
    for (const blob of stored) {
      if (!live.has(`${blob.writer}\u0000${blob.channel}`)) sql.deleteBlob.run({ ...at, ...blob });
    }
  }

  /** Values and writes of `row` (call inside a transaction for a consistent view). */
  private loadRow(sql: SaverStatements, row: CheckpointRow): LoadedRow {
    const { thread_id: thread, checkpoint_ns: ns } = row;
    const blobs = sql.selectBlobs.all(thread, ns, row.refs) as BlobRow[];
    const writes = sql.selectWrites.all(thread, ns, row.checkpoint_id) as WriteRow[];
    return assembleRow(row, JSON.parse(row.refs) as ValueRefs, blobs, writes);
  }

  /**
   * Values and writes of a page of rows, in two queries whatever its size (call inside a
   * transaction for a consistent view).
   */
  private loadPage(sql: SaverStatements, rows: readonly CheckpointRow[]): LoadedRow[] {
    if (rows.length === 0) return [];
    if (rows.length === 1) return [this.loadRow(sql, rows[0]!)];
    const refs = rows.map((row) => JSON.parse(row.refs) as ValueRefs);
    const keys = pageKeys(rows, refs);
    const blobs = sql.pageBlobs.all(keys.blobs) as (BlobRow & Located)[];
    const writes = sql.pageWrites.all(keys.checkpoints) as (WriteRow &
      Located & { checkpoint_id: string })[];
    return assemblePage(rows, refs, blobs, writes);
  }

  /**
   * {@link loadPage} for those of `rows` that still exist; `present[i]` tells whether
   * `rows[i]` does (call inside a transaction).
   */
  private loadExisting(
    sql: SaverStatements,
    rows: readonly CheckpointRow[],
  ): { loaded: LoadedRow[]; present: boolean[] } {
    if (rows.length === 0) return { loaded: [], present: [] };
    const keys = JSON.stringify(
      rows.map((row) => [row.thread_id, row.checkpoint_ns, row.checkpoint_id]),
    );
    const existing = new Set<string>();
    for (const key of sql.pageExisting.all(keys) as (Located & { checkpoint_id: string })[]) {
      existing.add(checkpointKey(key.thread_id, key.checkpoint_ns, key.checkpoint_id));
    }
    const present = rows.map((row) =>
      existing.has(checkpointKey(row.thread_id, row.checkpoint_ns, row.checkpoint_id)),
    );
    return {
      loaded: this.loadPage(
        sql,
        rows.filter((_, i) => present[i]),
      ),
      present,
    };
  }
}
