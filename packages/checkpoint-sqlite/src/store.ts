import { WeftError } from "@weft/checkpoint";
import {
  BaseStore,
  batchWrites,
  embedQueries,
  embedTexts,
  type GetOperation,
  type IndexConfig,
  type Item,
  isExpired,
  type ListNamespacesOperation,
  listNamespacesFrom,
  type Operation,
  type OperationResults,
  operationKind,
  type ResolvedIndexConfig,
  type ResolvedTtlConfig,
  resolveIndexConfig,
  resolveTtlConfig,
  type SearchOperation,
  shouldRefresh,
  TtlSweeper,
  validateOperations,
} from "@weft/store";
import {
  configureReads,
  type Database,
  describeDatabase,
  enableWal,
  openDatabase,
} from "./database.ts";
import { driverCall } from "./errors.ts";
import { DEFAULT_BUSY_TIMEOUT_MS, type SqliteStoreOptions } from "./options.ts";
import { ensureSchema, STORE_SCHEMA } from "./schema.ts";
import { searchItems } from "./store-search.ts";
import { newStoreState, type StoreState, toItem, vectorsVersion } from "./store-state.ts";
import { type ItemRow, joinNamespace, StoreStatements } from "./store-statements.ts";
import {
  applyPut,
  missingTexts,
  preparePut,
  removeItem,
  type WriteContext,
} from "./store-writes.ts";
import { loadSqliteVec, VectorTable } from "./vector-table.ts";

/** How a store answers `query` searches. */
export type VectorSearchMode = "sqlite-vec" | "brute-force" | "none";

const RETRY = Symbol("retry");

/**
 * A store in a SQLite file (or in memory), through better-sqlite3: long-term memory that
 * survives restarts, with namespace-prefix search on an index, filters, TTL, and vector
 * search. Vectors are searched with the sqlite-vec extension (`vec0`, loaded from its npm
 * package) when it loads, else by an exact brute-force scan; both give the same ranking
 * (see {@link vectorSearch}). Values are stored as JSON: plain data round-trips, a `Date`
 * comes back as its ISO string.
 *
 * @throws SqliteDatabaseError `SAVER_ERROR` for a damaged, foreign or newer database.
 * @throws WeftError `INVALID_CONFIG` when `index.dims` differs from the vectors stored.
 * @example
 * const store = SqliteStore.fromConnString("./memory.db", {
 *   index: { embeddings: new HashingEmbeddings({ dims: 256 }), dims: 256, fields: ["text"] },
 * });
 * await store.put(["user_1", "memories"], "a", { text: "likes pizza" });
 * const [hit] = await store.search(["user_1", "memories"], { query: "food", limit: 1 });
 */
export class SqliteStore extends BaseStore {
  /** The connection; Weft's tables are prefixed `weft_store_`. */
  readonly db: Database;
  private readonly location: string;
  private readonly index: ResolvedIndexConfig | undefined;
  private readonly ttl: ResolvedTtlConfig;
  private readonly now: () => number;
  private readonly sweeper: TtlSweeper;
  private readonly busyTimeoutMs: number;
  private readonly useSqliteVec: boolean;
  private ownsDatabase = false;
  private opening: Promise<StoreState> | undefined;
  private mode: VectorSearchMode | undefined;

  /** Uses an open better-sqlite3 connection, which stays the caller's to close. */
  constructor(db: Database, options: SqliteStoreOptions = {}) {
    super();
    this.db = db;
    this.location = describeDatabase(db);
    this.index = options.index ? resolveIndexConfig(options.index) : undefined;
    this.ttl = resolveTtlConfig(options.ttl);
    this.now = options.now ?? Date.now;
    this.busyTimeoutMs = options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS;
    this.useSqliteVec = options.sqliteVec ?? true;
    this.sweeper = new TtlSweeper(this.ttl.sweepIntervalMinutes, () => this.sweepTtl());
  }

  /** Opens the database at `path` (created if missing; `":memory:"` for an in-memory one). */
  static fromConnString(path: string, options: SqliteStoreOptions = {}): SqliteStore {
    const store = new SqliteStore(openDatabase(path), options);
    store.ownsDatabase = true;
    return store;
  }

  /** The vector index configuration, if search by `query` is on. */
  get indexConfig(): IndexConfig | undefined {
    return this.index;
  }

  /**
   * How `query` searches run: `sqlite-vec`, `brute-force` (the extension did not load,
   * or `sqliteVec: false`), or `none` without an index. Undefined before setup.
   */
  get vectorSearch(): VectorSearchMode | undefined {
    return this.mode;
  }

  /**
   * Checks the database, creates or upgrades the tables, and loads sqlite-vec.
   * Idempotent; runs on first use, so calling it is optional.
   */
  async setup(): Promise<void> {
    await this.ready();
  }

  /** Stops the sweeper and closes the connection if this store opened it. */
  close(): void {
    this.stop();
    if (this.ownsDatabase && this.db.open) this.db.close();
  }

  override async batch<Op extends readonly Operation[]>(
    operations: Op,
  ): Promise<OperationResults<Op>> {
    validateOperations(operations);
    const state = await this.ready();
    const { puts: lastPuts, queries } = batchWrites(operations, this.index !== undefined);
    const puts = lastPuts.map((put) => preparePut(put, this.index));
    const index = this.index;
    const queryVectors = index
      ? await embedQueries(index.embeddings, queries, index.dims)
      : new Map<string, number[]>();
    // Embeddings are computed before the transaction; if another batch changed an item
    // meanwhile, the transaction finds texts without a vector and we embed once more.
    const embedded = new Map<string, number[]>();
    const writes: WriteContext = {
      state,
      ttl: this.ttl,
      // Items with an expiry need the sweeper, unless the caller stopped it.
      onExpiring: () => {
        this.sweeper.wake();
      },
    };
    for (;;) {
      const missing = this.sync("batch", () => missingTexts(state, puts, embedded));
      if (index && missing.size > 0) {
        for (const [text, vector] of await embedTexts(index.embeddings, missing, index.dims)) {
          embedded.set(text, vector);
        }
        continue;
      }
      const results = this.sync("batch", () =>
        this.write(state, () => {
          if (missingTexts(state, puts, embedded).size > 0) return RETRY;
          const now = this.now();
          const out = operations.map((op) => this.read(state, op, queryVectors, now));
          for (const put of puts) applyPut(writes, put, embedded, now);
          return out;
        }),
      );
      if (results !== RETRY) return results as OperationResults<Op>;
    }
  }

  /** Deletes every expired item now; returns how many. The sweeper calls this. */
  override async sweepTtl(): Promise<number> {
    const state = await this.ready();
    return this.sync("sweepTtl", () =>
      this.write(state, () => {
        const expired = state.sql.expiredItems.all(this.now()) as number[];
        for (const seq of expired) removeItem(state, seq);
        return expired.length;
      }),
    );
  }

  /** Starts the TTL sweeper (when `ttl.sweepIntervalMinutes` is set). */
  override start(): void {
    this.sweeper.start();
  }

  /** Stops the TTL sweeper; expired items stay invisible to reads. */
  override stop(): void {
    this.sweeper.stop();
  }

  /**
   * Runs `work` in a write transaction. If it changed vectors, `vectors_version` moves
   * with it, so that every other store's mirror reloads; this store's mirror was kept in
   * step by the writes themselves, unless the transaction failed, which drops it.
   */
  private write<T>(state: StoreState, work: () => T): T {
    state.vectorsChanged = false;
    try {
      return this.db
        .transaction(() => {
          // Another connection may have changed vectors since: a stale mirror cannot
          // just follow this transaction's changes.
          if (state.mirror !== undefined && state.mirror.version !== vectorsVersion(state)) {
            state.mirror = undefined;
          }
          const out = work();
          if (state.vectorsChanged) {
            const version = state.sql.bumpVectorsVersion.get() as number;
            if (state.mirror !== undefined) state.mirror.version = version;
          }
          return out;
        })
        .immediate();
    } catch (error) {
      if (state.vectorsChanged) state.mirror = undefined;
      throw error;
    } finally {
      state.vectorsChanged = false;
    }
  }

  private ready(): Promise<StoreState> {
    this.opening ??= this.open().catch((error) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async open(): Promise<StoreState> {
    const db = this.db;
    const index = this.index;
    this.sync("setup", () => {
      configureReads(db, this.busyTimeoutMs);
      ensureSchema(db, STORE_SCHEMA, this.location, () => enableWal(db));
    });
    const sql = this.sync("setup", () => new StoreStatements(db));
    if (index === undefined) {
      this.mode = "none";
      return newStoreState(sql, undefined, false);
    }
    this.sync("setup", () => this.checkDims(sql, index.dims));
    const failure = this.useSqliteVec ? await loadSqliteVec(db) : "disabled";
    if (failure !== undefined) {
      this.mode = "brute-force";
      const markStale = this.sync("setup", () => VectorTable.exists(db));
      return newStoreState(sql, undefined, markStale);
    }
    const vec = this.sync("setup", () =>
      db
        .transaction(() => {
          const table = VectorTable.open(db, index.dims, sql.getMeta.get("vec_stale") === "1");
          sql.setMeta.run("vec_stale", "0");
          return table;
        })
        .immediate(),
    );
    this.mode = "sqlite-vec";
    return newStoreState(sql, vec, false);
  }

  /** Refuses an index whose dimensions differ from the vectors already stored. */
  private checkDims(sql: StoreStatements, dims: number): void {
    const stored = sql.getMeta.get("dims") as string | undefined;
    if (stored !== undefined && Number(stored) !== dims) {
      throw new WeftError(
        "INVALID_CONFIG",
        `${this.location} holds ${stored}-dimensional vectors but index.dims is ${dims}. ` +
          "Use the embedding model the store was built with, or a new database.",
        { details: { location: this.location, stored: Number(stored), dims } },
      );
    }
    if (stored === undefined) sql.setMeta.run("dims", String(dims));
  }

  private sync<T>(operation: string, run: () => T): T {
    return driverCall(this.location, operation, run);
  }

  private read(
    state: StoreState,
    op: Operation,
    queryVectors: Map<string, number[]>,
    now: number,
  ): unknown {
    switch (operationKind(op)) {
      case "get":
        return this.get_(state, op as GetOperation, now);
      case "search":
        return searchItems(
          { db: this.db, state, index: this.index, ttl: this.ttl },
          op as SearchOperation,
          queryVectors,
          now,
        );
      case "listNamespaces":
        return this.listNamespaces_(state, op as ListNamespacesOperation, now);
      case "put":
        return undefined;
    }
  }

  private get_(state: StoreState, op: GetOperation, now: number): Item | null {
    const row = state.sql.getItem.get({ prefix: joinNamespace(op.namespace), key: op.key }) as
      | ItemRow
      | undefined;
    if (row === undefined || isExpired(row.expires_at, now)) return null;
    if (shouldRefresh(op.refreshTtl, this.ttl)) state.sql.refreshItem.run({ seq: row.seq, now });
    return toItem(row);
  }

  private listNamespaces_(state: StoreState, op: ListNamespacesOperation, now: number): string[][] {
    const prefixes = state.sql.namespaces.all({ now }) as string[];
    return listNamespacesFrom(
      prefixes.map((prefix) => prefix.split(".")),
      op,
    );
  }
}
