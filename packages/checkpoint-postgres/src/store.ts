import { WeftError } from "@weft/checkpoint";
import {
  BaseStore,
  batchWrites,
  embedQueries,
  embedTexts,
  type GetOperation,
  type IndexConfig,
  type ListNamespacesOperation,
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
import type { Pool, PoolConfig } from "pg";
import { PgConnection, type PgQueryable } from "./connection.ts";
import { DEFAULT_SCHEMA, type PostgresSetupOptions } from "./options.ts";
import { quoteIdent } from "./sql.ts";
import {
  type PostgresStoreOptions,
  type ResolvedVectorSettings,
  resolveVectorSettings,
} from "./store-options.ts";
import { getRows, listNamespaces, type Refresh, refreshTtls } from "./store-reads.ts";
import { type StoreTables, storeTables } from "./store-schema.ts";
import { type Ranked, searchItems, toSearchItem, type VectorPlan } from "./store-search.ts";
import { setupStore, type VectorSearchMode } from "./store-setup.ts";
import { type ItemRow, toItem } from "./store-sql.ts";
import {
  applyPuts,
  deleteExpired,
  missingTexts,
  preparePut,
  storedTexts,
  type WriteContext,
} from "./store-writes.ts";

export type { VectorSearchMode } from "./store-setup.ts";

const RETRY = Symbol("retry");

/**
 * Long-term memory in PostgreSQL, through `pg`: the full `BaseStore` API with namespace
 * prefix scans on the primary key, filters pushed into SQL over `jsonb` (and re-checked
 * with the rules every Weft store shares), TTL, and vector search.
 *
 * Vector search uses pgvector when the server has it (the store runs `CREATE EXTENSION
 * IF NOT EXISTS vector` and builds an HNSW index for the configured metric); otherwise it
 * warns once and ranks exactly in SQL: the same results, slower on large stores. Scores
 * are cosine similarities by default (see `distanceMetric`).
 *
 * Several stores and savers can share one caller-supplied `pg.Pool`. Statements are
 * unnamed (PgBouncer in transaction mode works), writes are transactions, and transient
 * failures are retried with backoff. Values are stored as `jsonb`: plain data
 * round-trips, object keys come back in `jsonb`'s order, a `Date` comes back as its ISO
 * string.
 *
 * @throws PostgresDatabaseError `SAVER_ERROR` when the server is unreachable, refuses
 *   the credentials, or holds a newer or foreign schema.
 * @throws WeftError `INVALID_CONFIG` when `index.dims` or `distanceMetric` differs from
 *   the vectors already stored.
 * @example
 * const pool = new pg.Pool({ connectionString: process.env.DATABASE_URL });
 * const store = new PostgresStore(pool, {
 *   schema: "app",
 *   index: { embeddings: new OpenAIEmbeddings(), dims: 1536, fields: ["text"] },
 * });
 * await store.setup();
 * await store.put(["user_1", "memories"], "a", { text: "likes pizza" });
 * const [hit] = await store.search(["user_1", "memories"], { query: "food", limit: 1 });
 */
export class PostgresStore extends BaseStore {
  /** The pool statements run on; the caller's unless made by {@link fromConnString}. */
  readonly pool: Pool;
  /** Schema of the store's tables. */
  readonly schema: string;
  private readonly conn: PgConnection;
  private readonly tables: StoreTables;
  private readonly index: ResolvedIndexConfig | undefined;
  private readonly settings: ResolvedVectorSettings | undefined;
  private readonly ttl: ResolvedTtlConfig;
  private readonly now: () => number;
  private readonly sweeper: TtlSweeper;
  private readonly usePgvector: boolean;
  private readonly createSchema: boolean;
  private readonly warn: (message: string) => void;
  private opening: Promise<VectorPlan | undefined> | undefined;
  private mode: VectorSearchMode | undefined;
  /** Set by {@link fromConnString}: the connection that owns (and ends) the pool. */
  private owner: PgConnection | undefined;

  /**
   * Uses `pool`, which stays the caller's to end (share it with a `PostgresSaver`).
   * Nothing is sent before the first operation or {@link setup}.
   * @throws WeftError `INVALID_CONFIG` for a bad schema name, index, TTL or retry option.
   */
  constructor(pool: Pool, options: PostgresStoreOptions = {}) {
    super();
    this.conn = new PgConnection(pool, {
      retry: options.retry,
      preparedStatements: options.preparedStatements,
    });
    this.pool = pool;
    this.schema = options.schema ?? DEFAULT_SCHEMA;
    quoteIdent(this.schema, "schema");
    this.tables = storeTables(this.schema);
    this.index = options.index ? resolveIndexConfig(options.index) : undefined;
    this.settings = options.index ? resolveVectorSettings(options.index) : undefined;
    this.ttl = resolveTtlConfig(options.ttl);
    this.now = options.now ?? Date.now;
    this.usePgvector = options.pgvector ?? true;
    this.createSchema = options.createSchema ?? true;
    this.warn =
      options.onWarning ??
      ((message) => process.emitWarning(message, { code: "WEFT_PGVECTOR_UNAVAILABLE" }));
    this.sweeper = new TtlSweeper(this.ttl.sweepIntervalMinutes, () => this.sweepTtl());
  }

  /**
   * A store on a new pool for `connString` (`postgres://user:pass@host:port/db`) or a
   * `pg.PoolConfig`; {@link close} ends that pool.
   * @example const store = PostgresStore.fromConnString("postgres://localhost/app");
   */
  static fromConnString(
    connString: string | PoolConfig,
    options: PostgresStoreOptions = {},
  ): PostgresStore {
    const conn = PgConnection.open(connString, { retry: options.retry });
    const store = new PostgresStore(conn.pool, options);
    store.owner = conn;
    return store;
  }

  /** The vector index configuration, if search by `query` is on. */
  get indexConfig(): IndexConfig | undefined {
    return this.index;
  }

  /** How `query` searches run; undefined before setup (see {@link VectorSearchMode}). */
  get vectorSearch(): VectorSearchMode | undefined {
    return this.mode;
  }

  /**
   * Creates or upgrades the store's tables (versioned migrations, safe to run from many
   * processes at once) and, with an index, finds or creates pgvector and its HNSW index.
   * Idempotent; runs on first use, so calling it is optional.
   *
   * @throws PostgresDatabaseError `SAVER_ERROR`: `unreachable`, `auth`, `newer_schema`,
   *   `foreign`, or `missing_schema` with `createSchema: false`.
   */
  async setup(options: PostgresSetupOptions = {}): Promise<void> {
    await this.ready(options.createSchema ?? this.createSchema);
  }

  /** Stops the sweeper and ends the pool if {@link fromConnString} made it. */
  async close(): Promise<void> {
    this.stop();
    await this.owner?.close();
  }

  override async batch<Op extends readonly Operation[]>(
    operations: Op,
  ): Promise<OperationResults<Op>> {
    validateOperations(operations);
    const { puts: lastPuts, queries } = batchWrites(operations, this.index !== undefined);
    const puts = lastPuts.map((put) => preparePut(put, this.index));
    const plan = await this.ready();
    const index = this.index;

    // Embeddings are computed before the transaction, in one call, and a failure writes
    // nothing. If another batch changed an item meanwhile, the transaction finds texts
    // without a vector and we embed once more.
    const embedded = new Map<string, number[]>();
    const embedMissing = async (missing: Set<string>) => {
      if (!index || missing.size === 0) return;
      for (const [text, vector] of await embedTexts(index.embeddings, missing, index.dims)) {
        embedded.set(text, checkFinite(vector, "a document"));
      }
    };
    let queryVectors = new Map<string, number[]>();
    if (index) {
      const stored = await storedTexts(this.conn, this.tables, puts, false);
      [queryVectors] = await Promise.all([
        embedQueries(index.embeddings, queries, index.dims),
        embedMissing(missingTexts(puts, stored, embedded)),
      ]);
      for (const vector of queryVectors.values()) checkFinite(vector, "a query");
    }

    const writes: WriteContext = {
      tables: this.tables,
      index,
      metric: this.settings?.metric ?? "cosine",
      ttl: this.ttl,
    };
    // Writes without vectors are one statement (atomic on its own); writes with vectors
    // take several, and the HNSW scan settings are transaction-local: those batches run
    // in a transaction.
    const transaction =
      (puts.length > 0 && index !== undefined) || (queries.length > 0 && plan?.hnsw === true);
    let missing = new Set<string>();
    for (;;) {
      const run = async (db: PgQueryable) => {
        const stored = index ? await storedTexts(db, this.tables, puts, true) : new Map();
        missing = missingTexts(puts, stored, embedded);
        if (missing.size > 0) return RETRY;
        const now = this.now();
        const results = await this.read(db, operations, plan, queryVectors, now);
        if (puts.length > 0 && (await applyPuts(db, writes, puts, embedded, stored, now))) {
          this.sweeper.wake();
        }
        return results;
      };
      const results = transaction
        ? await this.conn.transaction("batch", run)
        : await run(this.conn);
      if (results !== RETRY) return results as OperationResults<Op>;
      await embedMissing(missing);
    }
  }

  /** Deletes every expired item now; returns how many. The sweeper calls this. */
  override async sweepTtl(): Promise<number> {
    await this.ready();
    return deleteExpired(this.conn, this.tables, this.now());
  }

  /** Starts the TTL sweeper (when `ttl.sweepIntervalMinutes` is set). */
  override start(): void {
    this.sweeper.start();
  }

  /** Stops the TTL sweeper; expired items stay invisible to reads. */
  override stop(): void {
    this.sweeper.stop();
  }

  /** Every read of the batch, before its writes: gets in one statement, then the rest. */
  private async read(
    db: PgQueryable,
    operations: readonly Operation[],
    plan: VectorPlan | undefined,
    queryVectors: Map<string, number[]>,
    now: number,
  ): Promise<unknown[]> {
    const results: unknown[] = new Array(operations.length);
    const refreshes: Refresh[] = [];
    const refresh = (row: ItemRow, wanted: boolean | undefined) => {
      if (row.ttl_minutes !== null && shouldRefresh(wanted, this.ttl)) {
        refreshes.push({ prefix: row.prefix, key: row.key, ttlMinutes: row.ttl_minutes });
      }
    };
    const getAt: number[] = [];
    operations.forEach((op, i) => {
      if (operationKind(op) === "get") getAt.push(i);
    });
    const gets = getAt.map((i) => operations[i] as GetOperation);
    const rows = await getRows(db, this.tables, gets, now);
    rows.forEach((row, j) => {
      const op = gets[j]!;
      if (row !== null) refresh(row, op.refreshTtl);
      results[getAt[j]!] = row === null ? null : toItem(row);
    });
    const context = { tables: this.tables, vectors: plan };
    for (const [i, op] of operations.entries()) {
      const kind = operationKind(op);
      if (kind === "search") {
        const search = op as SearchOperation;
        const vector = search.query ? queryVectors.get(search.query) : undefined;
        const found: Ranked[] = await searchItems(db, context, search, vector, now);
        for (const { row } of found) refresh(row, search.refreshTtl);
        results[i] = found.map((ranked) => toSearchItem(ranked, this.settings?.metric));
      } else if (kind === "listNamespaces") {
        results[i] = await listNamespaces(db, this.tables, op as ListNamespacesOperation, now);
      }
    }
    await refreshTtls(db, this.tables, refreshes, now);
    return results;
  }

  /** The setup, run once (again after a failure); later calls share its result. */
  private ready(createSchema = this.createSchema): Promise<VectorPlan | undefined> {
    this.opening ??= this.open(createSchema).catch((error) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async open(createSchema: boolean): Promise<VectorPlan | undefined> {
    const { mode, plan } = await setupStore(this.conn, {
      schema: this.schema,
      tables: this.tables,
      createSchema,
      dims: this.index?.dims,
      settings: this.settings,
      usePgvector: this.usePgvector,
      warn: this.warn,
    });
    this.mode = mode;
    return plan;
  }
}

/**
 * Refuses a vector with NaN or an infinity: SQL could not rank it (pgvector refuses it
 * outright), and it would poison every score it takes part in.
 * @throws WeftError `INVALID_CONFIG`, naming what was embedded.
 */
function checkFinite(vector: number[], what: string): number[] {
  for (const x of vector) {
    if (!Number.isFinite(x)) {
      throw new WeftError(
        "INVALID_CONFIG",
        `The embeddings returned a vector with ${String(x)} for ${what}; every number must be finite.`,
        { details: { value: String(x) } },
      );
    }
  }
  return vector;
}
