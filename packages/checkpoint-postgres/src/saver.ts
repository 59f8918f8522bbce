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
import type { Pool, PoolConfig } from "pg";
import { PgConnection, type PgQueryable } from "./connection.ts";
import { PostgresDatabaseError } from "./errors.ts";
import { runMigrations } from "./migrations.ts";
import {
  DEFAULT_SCHEMA,
  isSerializer,
  type PostgresSaverOptions,
  type PostgresSetupOptions,
} from "./options.ts";
import { metadataFilterColumn, pushableFilter } from "./saver-filter.ts";
import {
  decodeMetadata,
  decodeTuple,
  fetchValues,
  hasAllValues,
  rowRefs,
  type ValueRef,
} from "./saver-rows.ts";
import { type CheckpointRow, type ListShape, SaverStatements } from "./saver-statements.ts";
import { SAVER_MIGRATIONS, SAVER_TABLE_NAMES } from "./schema.ts";
import { quoteIdent } from "./sql.ts";

/** Rows fetched per page by `list` when a metadata filter may drop some of them. */
const FILTERED_PAGE = 64;
/** Largest page `list` fetches at once. */
const MAX_PAGE = 256;
/** Threads deleted per transaction by `sweep`. */
const SWEEP_BATCH = 500;

/**
 * A checkpointer that keeps threads in PostgreSQL, through `pg`: for production
 * deployments with many processes sharing one database.
 *
 * Each channel value is stored once, when its version changes, and shared by the
 * checkpoints after it; a checkpoint and its new values are written by one statement,
 * so they commit together or not at all. Statements are unnamed (PgBouncer in
 * transaction mode works) and retried with backoff on transient failures. The schema
 * is versioned and migrated by {@link setup}, which also runs on first use.
 *
 * @throws PostgresDatabaseError `SAVER_ERROR` with `details.reason` `unreachable`,
 *   `auth`, `missing_schema`, `newer_schema`, `foreign` or `driver`.
 * @throws CheckpointConfigError `INVALID_CONFIG` for a config without `thread_id`, or a
 *   bad `schema` name.
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const checkpointer = new PostgresSaver(pool, { schema: "agents" });
 * await checkpointer.setup();
 * const graph = workflow.compile({ checkpointer });
 * await graph.invoke(input, { configurable: { thread_id: "1" } });
 */
export class PostgresSaver extends BaseCheckpointSaver {
  /** The pool statements run on; usable for your own queries. */
  readonly pool: Pool;
  /** The schema holding the saver's tables (raw name). */
  readonly schema: string;
  private readonly conn: PgConnection;
  private readonly sql: SaverStatements;
  private readonly createSchema: boolean;
  private readonly parents = new RecentParents();
  private setupDone: Promise<void> | undefined;
  /** The connection whose pool this saver opened ({@link fromConnString}), ended by {@link close}. */
  private ownedConnection: PgConnection | undefined;

  /**
   * Uses a `pg.Pool` that stays the caller's to end (share it with `PostgresStore` and
   * your own queries). The second argument is options, or a serializer alone with the
   * peer's `{ schema }` options third.
   *
   * @throws CheckpointConfigError `INVALID_CONFIG` for a bad `schema` or `retry` option.
   */
  constructor(
    pool: Pool,
    options: PostgresSaverOptions | SerializerProtocol = {},
    peerOptions: { schema?: string } = {},
  ) {
    const resolved: PostgresSaverOptions = isSerializer(options)
      ? { serde: options, ...peerOptions }
      : { ...peerOptions, ...options };
    super(resolved);
    this.pool = pool;
    this.schema = resolved.schema ?? DEFAULT_SCHEMA;
    quoteIdent(this.schema, "schema");
    this.createSchema = resolved.createSchema ?? true;
    this.conn = new PgConnection(pool, {
      retry: resolved.retry,
      preparedStatements: resolved.preparedStatements,
    });
    this.sql = new SaverStatements(this.schema);
  }

  /**
   * Opens a pool of its own for a connection string
   * (`postgres://user:password@host:5432/database`) or a `pg.PoolConfig`; {@link close}
   * ends it.
   *
   * @example
   * const checkpointer = PostgresSaver.fromConnString(process.env.DATABASE_URL!);
   */
  static fromConnString(
    connString: string | PoolConfig,
    options: PostgresSaverOptions = {},
  ): PostgresSaver {
    const conn = PgConnection.open(connString, { retry: options.retry });
    const saver = new PostgresSaver(conn.pool, options);
    saver.ownedConnection = conn;
    return saver;
  }

  /**
   * Creates or migrates the saver's tables (see `runMigrations`). Idempotent and safe
   * to run from many processes at once; also run on first use, so calling it is
   * optional: call it to fail fast at start-up. With `createSchema: false` it never
   * creates the schema, and on a schema a DBA already migrated it only reads.
   *
   * @throws PostgresDatabaseError `SAVER_ERROR` (`unreachable`, `auth`,
   *   `missing_schema`, `newer_schema`, `foreign`).
   */
  async setup(options: PostgresSetupOptions = {}): Promise<void> {
    const createSchema = options.createSchema ?? this.createSchema;
    const run = this.migrate(createSchema);
    this.setupDone = run;
    try {
      await run;
    } catch (error) {
      if (this.setupDone === run) this.setupDone = undefined;
      throw error;
    }
  }

  /** Ends the pool if this saver opened it ({@link fromConnString}); a caller's pool stays open. */
  async close(): Promise<void> {
    await this.ownedConnection?.close();
  }

  /**
   * Ends the pool, whoever created it: the peer's method, for code written against it.
   * Prefer {@link close} when the pool is shared with a store or your own queries.
   */
  async end(): Promise<void> {
    if (!this.pool.ended && !this.pool.ending) await this.pool.end();
  }

  async getTuple(config: RunnableConfig): Promise<CheckpointTuple | undefined> {
    const { threadId, checkpointNs, checkpointId } = checkpointAddress(config, "getTuple");
    await this.ready();
    if (!(await this.admitRead(threadId))) return undefined;
    const q = this.queryable("getTuple");
    // The row and its values are two reads; a value missing from the second means the
    // checkpoint was deleted in between, and reading again says what is there now.
    for (let attempt = 1; ; attempt++) {
      const { rows } =
        checkpointId === undefined
          ? await q.query<CheckpointRow>(this.sql.latestRow, [threadId, checkpointNs])
          : await q.query<CheckpointRow>(this.sql.rowById, [threadId, checkpointNs, checkpointId]);
      const row = rows[0];
      if (row === undefined) return undefined;
      const values = await fetchValues(q, this.sql, rowRefs(row));
      if (hasAllValues(row, values)) return decodeTuple(this.serde, row, values);
      if (attempt === 3) throw this.missingValues(row);
    }
  }

  async *list(
    config: RunnableConfig,
    options: CheckpointListOptions = {},
  ): AsyncGenerator<CheckpointTuple> {
    const { filter, before } = options;
    let remaining = options.limit ?? Number.POSITIVE_INFINITY;
    if (remaining <= 0) return;
    await this.ready();
    const threadId = config.configurable?.thread_id;
    const checkpointNs = config.configurable?.checkpoint_ns;
    if (threadId !== undefined && !(await this.admitRead(threadId))) return;
    const only = getCheckpointId(config);
    const beforeId = before === undefined ? undefined : getCheckpointId(before);
    const filtered = filter !== undefined && Object.keys(filter).length > 0;
    const pushed = filtered ? pushableFilter(filter) : undefined;
    const cutoff = threadId === undefined ? this.threadExpiryCutoff() : undefined;
    const shape: ListShape = {
      thread: threadId !== undefined,
      ns: checkpointNs !== undefined,
      only: only !== undefined,
      filter: pushed !== undefined,
      cursor: beforeId !== undefined,
      live: cutoff !== undefined,
    };
    const at = {
      thread: threadId,
      ns: checkpointNs,
      only,
      filter: pushed,
      cutoff,
      cursorId: beforeId,
      cursorThread: "",
      cursorNs: "",
      limit: 0,
    };
    const q = this.queryable("list");
    for (;;) {
      // A filter that runs only in JavaScript may drop most of a page: fetch small ones.
      at.limit = filtered && pushed === undefined ? FILTERED_PAGE : Math.min(remaining, MAX_PAGE);
      const page = this.sql.list(shape, at);
      const { rows } = await q.query<CheckpointRow>(page.text, page.params);
      const last = rows.at(-1);
      if (last === undefined) return;
      at.cursorId = last.checkpoint_id;
      at.cursorThread = last.thread_id;
      at.cursorNs = last.checkpoint_ns;
      shape.cursor = true;
      // Values are read only for the rows a metadata filter keeps.
      let kept = rows;
      const metadata: CheckpointMetadata[] = [];
      if (filtered) {
        kept = [];
        for (const row of rows) {
          const decoded = await decodeMetadata(this.serde, row);
          if (!matchesMetadataFilter(decoded, filter)) continue;
          kept.push(row);
          metadata.push(decoded);
        }
      }
      const refs: ValueRef[] = [];
      for (const row of kept) refs.push(...rowRefs(row));
      const values = await fetchValues(q, this.sql, refs);
      for (let i = 0; i < kept.length; i++) {
        const row = kept[i] as CheckpointRow;
        // Skip a checkpoint deleted between the page and its values.
        if (!hasAllValues(row, values)) continue;
        yield await decodeTuple(this.serde, row, values, filtered ? metadata[i] : undefined);
        if (--remaining <= 0) return;
      }
      if (rows.length < at.limit) return;
    }
  }

  async put(
    config: RunnableConfig,
    checkpoint: Checkpoint,
    metadata: CheckpointMetadata,
    newVersions: ChannelVersions,
  ): Promise<RunnableConfig> {
    const { threadId, checkpointNs, parentId, id } = putTarget(config, checkpoint);
    await this.ready();
    // Serialize everything before the first statement, so a bad value writes nothing.
    const [metadataType, metadataData] = await this.serde.dumpsTyped(metadata, {
      context: "checkpoint metadata",
    });
    const metadataFilter = metadataFilterColumn(metadata, metadataType);
    const versions = checkpoint.channel_versions;
    const head = [
      threadId,
      checkpointNs,
      id,
      parentId ?? null,
      checkpoint.v,
      checkpoint.ts,
      JSON.stringify(versions),
      JSON.stringify(checkpoint.versions_seen),
    ];
    // Values are serialized before each write attempt and kept: a failed value writes
    // nothing, and a retry (the parent vanished) only serializes what it did not share.
    const fresh = new Map<string, [type: string, data: Uint8Array]>();
    const values = checkpoint.channel_values;
    if (this.threadTtl !== undefined) await this.expireIfDue(threadId);
    let parent =
      parentId === undefined ? undefined : await this.parentOf(threadId, checkpointNs, parentId);
    for (;;) {
      const refs: ValueRefs = Object.create(null);
      const written: unknown[] = [];
      let reusing = false;
      for (const channel in values) {
        if (values[channel] === undefined) continue;
        const shared = reusableRef(parent, channel, versions, newVersions);
        if (shared !== undefined) {
          refs[channel] = shared;
          reusing = true;
          continue;
        }
        let stored = fresh.get(channel);
        if (stored === undefined) {
          stored = await this.serde.dumpsTyped(values[channel], {
            context: `channel "${channel}"`,
          });
          fresh.set(channel, stored);
        }
        refs[channel] = id;
        written.push(channel, stored[0], stored[1]);
      }
      const touch = this.threadTtl !== undefined;
      const params = [
        ...head,
        JSON.stringify(refs),
        metadataType,
        metadataData,
        metadataFilter,
        reusing ? parentId : null,
        ...(touch ? [this.now()] : []),
        ...written,
      ];
      const { rows } = await this.conn.query<{ inserted: number }>(
        this.sql.insertCheckpoint(written.length / 3, touch),
        params,
        "put",
      );
      if ((rows[0]?.inserted ?? 0) > 0) {
        this.parents.remember(threadId, checkpointNs, id, { versions: { ...versions }, refs });
        return checkpointConfig(threadId, checkpointNs, id);
      }
      parent = undefined; // the parent vanished meanwhile: store every value in full
    }
  }

  async putWrites(config: RunnableConfig, writes: PendingWrite[], taskId: string): Promise<void> {
    const { threadId, checkpointNs, checkpointId } = writesTarget(config);
    // Serialize first; within one call a special channel's last write wins and an
    // ordinary write's first (the same rules the statement applies across calls).
    const byIdx = new Map<number, [channel: string, type: string, data: Uint8Array]>();
    for (let i = 0; i < writes.length; i++) {
      const [channel, value] = writes[i] as PendingWrite;
      const idx = writeIndex(channel, i);
      const [type, data] = await this.serde.dumpsTyped(value, {
        context: `write to channel "${channel}" by task "${taskId}"`,
      });
      if (idx >= 0 && byIdx.has(idx)) continue;
      byIdx.set(idx, [channel, type, data]);
    }
    await this.ready();
    if (this.threadTtl !== undefined && (await this.expireIfDue(threadId))) return;
    if (byIdx.size === 0) return;
    const touch = this.threadTtl !== undefined;
    const params: unknown[] = [threadId, checkpointNs, checkpointId, taskId];
    if (touch) params.push(this.now());
    for (const [idx, [channel, type, data]] of byIdx) params.push(idx, channel, type, data);
    // A write for a checkpoint that is gone (deleted, pruned, expired) is dropped.
    await this.conn.query(this.sql.insertWrites(byIdx.size, touch), params, "putWrites");
  }

  async deleteThread(threadId: string): Promise<void> {
    await this.ready();
    await this.removeThreads([threadId], undefined, "deleteThread");
  }

  /**
   * Removes old checkpoints, ranking them in one query (see the base class for the
   * rules). Pruning is maintenance: it does not count as an access for thread TTLs.
   */
  override async prune(
    threadIds?: readonly string[],
    options: PruneOptions = {},
  ): Promise<PruneResult> {
    const rule = this.pruneRule(options);
    const threads = threadIds === undefined ? null : checkThreadIds(threadIds);
    await this.ready();
    const { rows } = await this.conn.query<{
      thread_id: string;
      checkpoint_ns: string;
      checkpoint_id: string;
      ts: string;
      rank: number;
    }>(this.sql.pruneCandidates, [threads, rule.keepLast], "prune");
    const groups = new Map<string, { threadId: string; checkpointNs: string; ids: string[] }>();
    for (const row of rows) {
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

  /** Deletes every thread whose TTL ran out, a batch of threads per transaction. */
  override async sweep(): Promise<SweepResult> {
    const cutoff = this.threadExpiryCutoff();
    if (cutoff === undefined) return { threads: 0 };
    await this.ready();
    let threads = 0;
    for (;;) {
      const { rows } = await this.conn.query<{ thread_id: string }>(
        this.sql.expiredThreads,
        [cutoff, SWEEP_BATCH],
        "sweep",
      );
      if (rows.length === 0) break;
      threads += await this.removeThreads(
        rows.map((row) => row.thread_id),
        cutoff,
        "sweep",
      );
      if (rows.length < SWEEP_BATCH) break;
    }
    return { threads };
  }

  protected async deleteCheckpoints(
    threadId: string,
    checkpointNs: string,
    checkpointIds: readonly string[],
  ): Promise<PruneResult> {
    await this.ready();
    const ids = [...checkpointIds];
    const removed = await this.conn.transaction("prune", async (client) => {
      await client.query(this.sql.lockCheckpoints, [threadId, checkpointNs, ids]);
      const { rows } = await client.query<PruneResult>(this.sql.deleteCheckpoints, [
        threadId,
        checkpointNs,
        ids,
      ]);
      return rows[0] ?? { checkpoints: 0, writes: 0 };
    });
    this.parents.clear();
    return { checkpoints: removed.checkpoints, writes: removed.writes };
  }

  /** A checkpoint that still exists but whose stored values are gone: the tables were edited by hand. */
  private missingValues(row: CheckpointRow): PostgresDatabaseError {
    return new PostgresDatabaseError(
      "driver",
      `Checkpoint ${row.checkpoint_id} of thread ${JSON.stringify(row.thread_id)} refers to ` +
        `channel values missing from ${this.schema}.weft_blobs; were rows deleted by hand?`,
      {
        address: this.conn.address,
        operation: "getTuple",
        threadId: row.thread_id,
        checkpointId: row.checkpoint_id,
      },
    );
  }

  /** Runs setup once (on first use, unless {@link setup} was called). */
  private ready(): Promise<void> {
    return this.setupDone ?? this.setup();
  }

  private async migrate(createSchema: boolean): Promise<void> {
    await runMigrations(this.conn, {
      schema: this.schema,
      component: "saver",
      migrations: SAVER_MIGRATIONS,
      tables: SAVER_TABLE_NAMES,
      createSchema,
    });
    // Without a TTL no access times are kept (see put): start the clock of threads
    // written that way now.
    if (this.threadTtl !== undefined) {
      await this.conn.query(this.sql.backfillThreads, [this.now()], "setup");
    }
  }

  /** Statements for one operation, retried on transient failures (reads are repeatable). */
  private queryable(operation: string): PgQueryable {
    return { query: (text, params) => this.conn.query(text, params, operation) };
  }

  /** What a put can share with its parent: remembered from the last put, or read. */
  private async parentOf(
    threadId: string,
    checkpointNs: string,
    id: string,
  ): Promise<ParentRefs | undefined> {
    const recent = this.parents.get(threadId, checkpointNs, id);
    if (recent !== undefined) return recent;
    const { rows } = await this.conn.query<ParentRefs>(
      this.sql.parentRefs,
      [threadId, checkpointNs, id],
      "put",
    );
    return rows[0];
  }

  /** Deletes the thread if its TTL ran out; true when it did. */
  private async expireIfDue(threadId: string): Promise<boolean> {
    if (this.threadTtl === undefined) return false;
    const { rows } = await this.conn.query<{ last_access: string }>(
      this.sql.threadAccess,
      [threadId],
      "expire",
    );
    const lastAccess = rows[0]?.last_access;
    if (lastAccess === undefined || !this.isThreadExpired(Number(lastAccess))) return false;
    await this.removeThreads([threadId], this.threadExpiryCutoff(), "expire");
    return true;
  }

  /**
   * Whether a read of the thread may see it (its TTL has not run out), refreshing the
   * TTL when reads count as access; an expired thread is deleted on the way.
   */
  private async admitRead(threadId: string): Promise<boolean> {
    const ttl = this.threadTtl;
    if (ttl === undefined) return true;
    if (!ttl.refreshOnRead) return !(await this.expireIfDue(threadId));
    const now = this.now();
    const cutoff = this.threadExpiryCutoff(now) as number;
    const { rows } = await this.conn.query<{ last_access: string }>(
      this.sql.touchOnRead,
      [threadId, now, cutoff],
      "read",
    );
    const lastAccess = rows[0]?.last_access;
    if (lastAccess === undefined || !this.isThreadExpired(Number(lastAccess), now)) return true;
    await this.removeThreads([threadId], cutoff, "expire");
    return false;
  }

  /**
   * Deletes threads whole, in one transaction: their checkpoints are locked first, so a
   * concurrent put or putWrites either finishes before (and its rows go too) or finds
   * its checkpoint gone. With `cutoff`, only the threads still expired by then go.
   *
   * @returns how many threads were removed (with `cutoff`; otherwise `threadIds.length`).
   */
  private async removeThreads(
    threadIds: string[],
    cutoff: number | undefined,
    operation: string,
  ): Promise<number> {
    const removed = await this.conn.transaction(operation, async (client) => {
      let targets = threadIds;
      if (cutoff !== undefined) {
        const { rows } = await client.query<{ thread_id: string }>(this.sql.lockExpired, [
          threadIds,
          cutoff,
        ]);
        targets = rows.map((row) => row.thread_id);
        if (targets.length === 0) return 0;
      }
      await client.query(this.sql.lockThreads, [targets]);
      await client.query(this.sql.deleteThreads, [targets]);
      return targets.length;
    });
    this.parents.clear();
    return removed;
  }
}
