import { WeftError } from "@weft/checkpoint";
import {
  BaseStore,
  compileFilter,
  effectiveTtl,
  embedQueries,
  embedTexts,
  expiresAt,
  extractIndexEntries,
  type GetOperation,
  type IndexConfig,
  type IndexEntry,
  type Item,
  isExpired,
  type ListNamespacesOperation,
  listNamespacesFrom,
  matchesFilter,
  type Operation,
  type OperationResults,
  operationKind,
  type PutOperation,
  type ResolvedIndexConfig,
  type ResolvedTtlConfig,
  resolveIndexConfig,
  resolveIndexFields,
  resolveTtlConfig,
  type SearchItem,
  type SearchOperation,
  StoreInputError,
  shouldRefresh,
  TtlSweeper,
  type VectorSearch,
  validateOperations,
} from "@weft/store";
import {
  configureReads,
  type Database,
  describeDatabase,
  enableWal,
  openDatabase,
} from "./database.ts";
import { wrapDriverError } from "./errors.ts";
import { DEFAULT_BUSY_TIMEOUT_MS, type SqliteStoreOptions } from "./options.ts";
import { ensureSchema, STORE_SCHEMA } from "./schema.ts";
import {
  filterToSql,
  type ItemRow,
  joinNamespace,
  prefixParams,
  StoreStatements,
  VECTORS_VERSION,
  type VectorRow,
} from "./store-statements.ts";
import {
  dot,
  fromBlob,
  loadSqliteVec,
  MAX_KNN,
  normalize,
  toBlob,
  VectorMirror,
  VectorTable,
} from "./vector-table.ts";

/** How a store answers `query` searches. */
export type VectorSearchMode = "sqlite-vec" | "brute-force" | "none";

interface Ready {
  sql: StoreStatements;
  /** The sqlite-vec table, when the extension is loaded. */
  vec: VectorTable | undefined;
  /** A vector table exists but this connection cannot update it: mark it stale on writes. */
  markStale: boolean;
  /** Brute-force mode: the vectors in memory, loaded by the first search. */
  mirror: VectorMirror | undefined;
  /** The current transaction changed vectors (so `vectors_version` moves at its end). */
  vectorsChanged: boolean;
  /** sqlite-vec mode: items with an all-zero vector (not in `vec0`), per `vectors_version`. */
  zeroItems: { version: number; seqs: number[] } | undefined;
}

interface PreparedPut {
  op: PutOperation;
  prefix: string;
  /** JSON of the new value, or null for a delete. */
  json: string | null;
  entries: IndexEntry[];
}

interface Ranked {
  row: ItemRow;
  score?: number;
}

/** Rows scanned per round when a filter may reject some of them. */
const SCAN_PAGE = 256;
/**
 * Brute force checks candidates best first; past this many checked, the filter is taken
 * as selective and the items passing it are found first.
 */
const WALK_LIMIT = 1024;
/** With sqlite-vec, a filter SQL can narrow to at most this many vectors is scored exactly. */
const SELECTIVE_VECTORS = 4096;
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
  private stopped = false;
  private opening: Promise<Ready> | undefined;
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
    // Several puts to one item: the last one wins.
    const lastPuts = new Map<string, PutOperation>();
    const queries = new Set<string>();
    for (const op of operations) {
      const kind = operationKind(op);
      if (kind === "put") {
        const put = op as PutOperation;
        const id = JSON.stringify([...put.namespace, put.key]);
        lastPuts.delete(id);
        lastPuts.set(id, put);
      } else if (kind === "search" && this.index && (op as SearchOperation).query) {
        queries.add((op as SearchOperation).query!);
      }
    }
    const puts = [...lastPuts.values()].map((put) => this.preparePut(put));
    const index = this.index;
    const queryVectors = index
      ? await embedQueries(index.embeddings, queries, index.dims)
      : new Map<string, number[]>();
    // Embeddings are computed before the transaction; if another batch changed an item
    // meanwhile, the transaction finds texts without a vector and we embed once more.
    const embedded = new Map<string, number[]>();
    for (;;) {
      const missing = this.sync("batch", () => this.missingTexts(state, puts, embedded));
      if (index && missing.size > 0) {
        for (const [text, vector] of await embedTexts(index.embeddings, missing, index.dims)) {
          embedded.set(text, vector);
        }
        continue;
      }
      const results = this.sync("batch", () =>
        this.write(state, () => {
          if (this.missingTexts(state, puts, embedded).size > 0) return RETRY;
          const now = this.now();
          const out = operations.map((op) => this.read(state, op, queryVectors, now));
          for (const put of puts) this.applyPut(state, put, embedded, now);
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
        for (const seq of expired) this.removeItem(state, seq);
        return expired.length;
      }),
    );
  }

  /** Starts the TTL sweeper (when `ttl.sweepIntervalMinutes` is set). */
  override start(): void {
    this.stopped = false;
    this.sweeper.start();
  }

  /** Stops the TTL sweeper; expired items stay invisible to reads. */
  override stop(): void {
    this.stopped = true;
    this.sweeper.stop();
  }

  /**
   * Runs `work` in a write transaction. If it changed vectors, `vectors_version` moves
   * with it, so that every other store's mirror reloads; this store's mirror was kept in
   * step by the writes themselves, unless the transaction failed, which drops it.
   */
  private write<T>(state: Ready, work: () => T): T {
    state.vectorsChanged = false;
    try {
      return this.db
        .transaction(() => {
          // Another connection may have changed vectors since: a stale mirror cannot
          // just follow this transaction's changes.
          if (state.mirror !== undefined && state.mirror.version !== this.vectorsVersion(state)) {
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

  private vectorsVersion(state: Ready): number {
    return Number(state.sql.getMeta.get(VECTORS_VERSION) ?? 0);
  }

  /** The vectors in memory, (re)loaded when another store or process changed them. */
  private mirror(state: Ready): VectorMirror {
    const version = this.vectorsVersion(state);
    if (state.mirror?.version !== version) {
      state.mirror = VectorMirror.load(this.db, this.index!.dims, version);
    }
    return state.mirror;
  }

  /** Items whose vectors include a zero one: a scan of every vector, so kept per version. */
  private zeroVectorItems(state: Ready): number[] {
    const version = this.vectorsVersion(state);
    if (state.zeroItems?.version !== version) {
      state.zeroItems = { version, seqs: state.sql.zeroVectorItems.all() as number[] };
    }
    return state.zeroItems.seqs;
  }

  private ready(): Promise<Ready> {
    this.opening ??= this.open().catch((error) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async open(): Promise<Ready> {
    const db = this.db;
    const index = this.index;
    this.sync("setup", () => {
      configureReads(db, this.busyTimeoutMs);
      ensureSchema(db, STORE_SCHEMA, this.location, () => enableWal(db));
    });
    const sql = this.sync("setup", () => new StoreStatements(db));
    if (index === undefined) {
      this.mode = "none";
      return newReady(sql, undefined, false);
    }
    this.sync("setup", () => this.checkDims(sql, index.dims));
    const failure = this.useSqliteVec ? await loadSqliteVec(db) : "disabled";
    if (failure !== undefined) {
      this.mode = "brute-force";
      const markStale = this.sync("setup", () => VectorTable.exists(db));
      return newReady(sql, undefined, markStale);
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
    return newReady(sql, vec, false);
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
    try {
      return run();
    } catch (error) {
      throw wrapDriverError(error, this.location, operation);
    }
  }

  private preparePut(op: PutOperation): PreparedPut {
    const prefix = joinNamespace(op.namespace);
    if (op.value === null) return { op, prefix, json: null, entries: [] };
    let json: string;
    try {
      json = JSON.stringify(op.value);
    } catch (cause) {
      throw new StoreInputError(
        `An item value must be JSON data; this one cannot be stored: ${(cause as Error).message}`,
        { namespace: op.namespace, key: op.key },
        cause,
      );
    }
    if (!this.index) return { op, prefix, json, entries: [] };
    const fields = resolveIndexFields(op.index, this.index);
    return { op, prefix, json, entries: extractIndexEntries(op.value, fields) };
  }

  /** Texts of `puts` with neither a fresh embedding nor a stored vector on their item. */
  private missingTexts(
    state: Ready,
    puts: PreparedPut[],
    embedded: Map<string, number[]>,
  ): Set<string> {
    const missing = new Set<string>();
    for (const { op, prefix, entries } of puts) {
      if (entries.length === 0) continue;
      let stored: Set<string> | undefined;
      for (const { text } of entries) {
        if (embedded.has(text)) continue;
        stored ??= new Set(state.sql.vectorTextsOf.all({ prefix, key: op.key }) as string[]);
        if (!stored.has(text)) missing.add(text);
      }
    }
    return missing;
  }

  private read(
    state: Ready,
    op: Operation,
    queryVectors: Map<string, number[]>,
    now: number,
  ): unknown {
    switch (operationKind(op)) {
      case "get":
        return this.get_(state, op as GetOperation, now);
      case "search":
        return this.search_(state, op as SearchOperation, queryVectors, now);
      case "listNamespaces":
        return this.listNamespaces_(state, op as ListNamespacesOperation, now);
      case "put":
        return undefined;
    }
  }

  private get_(state: Ready, op: GetOperation, now: number): Item | null {
    const row = state.sql.getItem.get({ prefix: joinNamespace(op.namespace), key: op.key }) as
      | ItemRow
      | undefined;
    if (row === undefined || isExpired(row.expires_at, now)) return null;
    if (shouldRefresh(op.refreshTtl, this.ttl)) state.sql.refreshItem.run({ seq: row.seq, now });
    return toItem(row);
  }

  private search_(
    state: Ready,
    op: SearchOperation,
    queryVectors: Map<string, number[]>,
    now: number,
  ): SearchItem[] {
    const offset = op.offset ?? 0;
    const limit = op.limit ?? 10;
    const wanted = offset + limit;
    if (limit === 0) return [];
    const under = op.namespacePrefix.length > 0;
    const params = { now, ...(under ? prefixParams(op.namespacePrefix) : {}) };
    const queryVector = op.query && this.index ? queryVectors.get(op.query) : undefined;
    const ranked: Ranked[] = [];
    if (queryVector) {
      const query = normalize(queryVector).data;
      ranked.push(...this.rankByVector(state, query, op, under, params, wanted));
    }
    if (ranked.length < wanted) {
      const kind = queryVector ? "unscored" : "items";
      const scan = state.sql.scan(kind, under);
      const filtered = op.filter !== undefined && Object.keys(op.filter).length > 0;
      let after = 0;
      let need = wanted - ranked.length;
      while (need > 0) {
        const pageSize = filtered ? SCAN_PAGE : need;
        const rows = scan.all({ ...params, after, limit: pageSize }) as ItemRow[];
        for (const row of rows) {
          if (filtered && !matchesFilter(JSON.parse(row.value), op.filter)) continue;
          ranked.push({ row });
          if (--need === 0) break;
        }
        if (rows.length < pageSize) break;
        after = rows.at(-1)!.seq;
      }
    }
    const page = ranked.slice(offset, offset + limit);
    const refresh = shouldRefresh(op.refreshTtl, this.ttl);
    return page.map(({ row, score }) => {
      if (refresh) state.sql.refreshItem.run({ seq: row.seq, now });
      const item: SearchItem = toItem(row);
      if (score !== undefined) item.score = Math.min(1, Math.max(-1, score));
      return item;
    });
  }

  /**
   * The `wanted` best live items under the prefix that pass the filter and have
   * vectors, by their best cosine similarity (ties: older first). Brute force ranks the
   * in-memory mirror (see {@link rankInMirror}). With sqlite-vec, a filter that SQL
   * narrows to few vectors has those scored exactly; otherwise the KNN query asks for
   * more neighbours until the answer is provably exact, and past the extension's KNN
   * limit every vector under the prefix is scored.
   */
  private rankByVector(
    state: Ready,
    query: Float32Array,
    op: SearchOperation,
    under: boolean,
    params: Record<string, unknown>,
    wanted: number,
  ): Ranked[] {
    const match = state.sql.matches(under);
    const verdicts = new Map<number, ItemRow | null>();
    const accept = (seq: number): ItemRow | null => {
      let verdict = verdicts.get(seq);
      if (verdict === undefined) {
        const row = match.get({ ...params, seq }) as ItemRow | undefined;
        verdict =
          row !== undefined &&
          (op.filter === undefined || matchesFilter(JSON.parse(row.value), op.filter))
            ? row
            : null;
        verdicts.set(seq, verdict);
      }
      return verdict;
    };
    if (state.vec === undefined) {
      return this.rankInMirror(state, query, op, under, params, wanted, accept, verdicts);
    }
    const take = (best: Map<number, number>): Ranked[] => {
      const candidates = [...best].sort((a, b) => b[1] - a[1] || a[0] - b[0]);
      const out: Ranked[] = [];
      for (const [seq, score] of candidates) {
        if (out.length === wanted) break;
        const row = accept(seq);
        if (row !== null) out.push({ row, score });
      }
      return out;
    };
    const scoreRows = (rows: Iterable<{ seq: number; embedding: Uint8Array }>): Ranked[] => {
      const best = new Map<number, number>();
      for (const { seq, embedding } of rows) {
        const score = dot(query, fromBlob(embedding));
        const known = best.get(seq);
        if (known === undefined || score > known) best.set(seq, score);
      }
      return take(best);
    };

    const pushed = filterToSql(op.filter);
    if (pushed !== undefined) {
      const rows = state.sql
        .filtered("vectors", under, pushed)
        .all({ ...params, ...pushed.params, limit: SELECTIVE_VECTORS + 1 }) as {
        seq: number;
        embedding: Uint8Array;
      }[];
      if (rows.length <= SELECTIVE_VECTORS) return scoreRows(rows);
    }
    const zeroItems = this.zeroVectorItems(state);
    let k = Math.min(MAX_KNN, Math.max(64, wanted * 4));
    for (;;) {
      const hits = state.vec.nearest(query, k);
      const exhausted = hits.length < k;
      const threshold = exhausted ? Number.NEGATIVE_INFINITY : hits.at(-1)!.score;
      const best = new Map<number, number>();
      for (const { seq, score } of hits) if (!best.has(seq)) best.set(seq, score);
      for (const seq of zeroItems) best.set(seq, Math.max(best.get(seq) ?? 0, 0));
      const out = take(best);
      if (exhausted || (out.length === wanted && out.at(-1)!.score! >= threshold)) return out;
      if (k === MAX_KNN) break;
      k = Math.min(MAX_KNN, k * 4);
    }
    return scoreRows(
      state.sql.scan("vectors", under).iterate(params) as Iterable<{
        seq: number;
        embedding: Uint8Array;
      }>,
    );
  }

  /**
   * Brute force over the in-memory mirror: one kernel pass scores every vector under the
   * prefix, then items are checked (alive, filter) best first until `wanted` pass. When
   * the checks keep failing (a selective filter), the items that pass are found first,
   * in SQL where the filter allows, and only those are ranked.
   */
  private rankInMirror(
    state: Ready,
    query: Float32Array,
    op: SearchOperation,
    under: boolean,
    params: Record<string, unknown>,
    wanted: number,
    accept: (seq: number) => ItemRow | null,
    verdicts: Map<number, ItemRow | null>,
  ): Ranked[] {
    const mirror = this.mirror(state);
    const prefix = under ? (params.p as string) : undefined;
    const pushed = filterToSql(op.filter);
    const among = state.sql.itemsAmong(under, pushed);
    const matches = compileFilter(op.filter);
    /** Checks the hits not checked yet in one query; SQL rejects most that the filter does. */
    const check = (hits: { value: number }[]): void => {
      const seqs = hits.map((hit) => hit.value).filter((seq) => !verdicts.has(seq));
      if (seqs.length === 0) return;
      const rows = among.all({ ...params, ...pushed?.params, seqs: JSON.stringify(seqs) });
      for (const seq of seqs) verdicts.set(seq, null);
      for (const row of rows as ItemRow[]) {
        verdicts.set(row.seq, matches(JSON.parse(row.value)) ? row : null);
      }
    };
    const bestFirst = (search: VectorSearch<number>, limit: number): Ranked[] | undefined => {
      for (let k = wanted; ; k *= 4) {
        const top = search.top(k);
        check(top);
        const out: Ranked[] = [];
        for (const { score, value: seq } of top) {
          const row = accept(seq);
          if (row !== null && out.push({ row, score }) === wanted) return out;
        }
        if (top.length < k) return out;
        if (verdicts.size >= limit) return undefined;
      }
    };
    const ranked = bestFirst(mirror.search(query, prefix), WALK_LIMIT);
    if (ranked !== undefined) return ranked;

    const passing = new Set<number>();
    if (pushed !== undefined) {
      const seqs = state.sql.filtered("seqs", under, pushed).all({ ...params, ...pushed.params });
      for (const seq of seqs as number[]) passing.add(seq);
    } else {
      const rows = state.sql.scan("items", under).iterate({ ...params, after: 0, limit: -1 });
      for (const row of rows as Iterable<ItemRow>) {
        const keep = matches(JSON.parse(row.value));
        verdicts.set(row.seq, keep ? row : null);
        if (keep) passing.add(row.seq);
      }
    }
    return bestFirst(mirror.search(query, prefix, passing), Number.POSITIVE_INFINITY)!;
  }

  private listNamespaces_(state: Ready, op: ListNamespacesOperation, now: number): string[][] {
    const prefixes = state.sql.namespaces.all({ now }) as string[];
    return listNamespacesFrom(
      prefixes.map((prefix) => prefix.split(".")),
      op,
    );
  }

  private applyPut(
    state: Ready,
    { op, prefix, json, entries }: PreparedPut,
    embedded: Map<string, number[]>,
    now: number,
  ): void {
    const sql = state.sql;
    const existing = sql.getItem.get({ prefix, key: op.key }) as ItemRow | undefined;
    if (json === null) {
      if (existing) this.removeItem(state, existing.seq);
      return;
    }
    const ttl = effectiveTtl(op.ttl, this.ttl);
    const row = {
      prefix,
      key: op.key,
      valueType: "json",
      value: json,
      now,
      ttl,
      expiresAt: expiresAt(now, ttl),
    };
    // Vectors of unchanged texts are reused, even from an expired item being replaced.
    const old = existing ? (sql.vectorsOf.all(existing.seq) as VectorRow[]) : [];
    let seq: number;
    if (existing && !isExpired(existing.expires_at, now)) {
      seq = existing.seq;
      sql.updateItem.run({ ...row, seq });
    } else {
      // A replaced expired item counts as deleted: the new one is created afresh.
      if (existing) {
        sql.deleteItem.run(existing.seq);
      }
      seq = Number(sql.insertItem.run(row).lastInsertRowid);
    }
    this.placeVectors(state, seq, prefix, entries, old, embedded);
    if (row.expiresAt !== null && !this.stopped) this.sweeper.start();
  }

  /** Gives item `seq` one vector per entry, reusing old vectors of unchanged texts. */
  private placeVectors(
    state: Ready,
    seq: number,
    prefix: string,
    entries: IndexEntry[],
    old: VectorRow[],
    embedded: Map<string, number[]>,
  ): void {
    const sql = state.sql;
    const reusable = new Map<string, VectorRow[]>();
    const anyOf = new Map<string, VectorRow>();
    for (const vector of old) {
      anyOf.set(vector.text, vector);
      if (vector.item_seq !== seq) continue; // the item was re-created: copy, never move
      const list = reusable.get(vector.text);
      if (list) list.push(vector);
      else reusable.set(vector.text, [vector]);
    }
    const kept = new Set<number>();
    for (const { field, text } of entries) {
      const reuse = reusable.get(text)?.pop();
      if (reuse !== undefined) {
        kept.add(reuse.id);
        if (reuse.field !== field) sql.updateVectorField.run(field, reuse.id);
        continue;
      }
      const fresh = embedded.get(text);
      const source = fresh
        ? normalize(fresh)
        : { data: fromBlob(anyOf.get(text)!.embedding), zero: anyOf.get(text)!.is_zero === 1 };
      const embedding = toBlob(source.data);
      const id = sql.insertVector.run({
        seq,
        field,
        text,
        isZero: source.zero ? 1 : 0,
        embedding,
      }).lastInsertRowid;
      if (!source.zero) state.vec?.add(id, embedding);
      state.mirror?.add(id, seq, prefix, embedding);
      this.vectorsChanged(state);
    }
    for (const vector of old) {
      if (kept.has(vector.id)) continue;
      sql.deleteVector.run(vector.id);
      if (vector.is_zero === 0) state.vec?.remove(vector.id);
      state.mirror?.remove(vector.id);
      this.vectorsChanged(state);
    }
  }

  private removeItem(state: Ready, seq: number): void {
    const vectors = state.sql.vectorsOf.all(seq) as VectorRow[];
    for (const vector of vectors) {
      if (vector.is_zero === 0) state.vec?.remove(vector.id);
      state.mirror?.remove(vector.id);
    }
    if (vectors.length > 0) {
      state.sql.deleteVectorsOf.run(seq);
      this.vectorsChanged(state);
    }
    state.sql.deleteItem.run(seq);
  }

  /**
   * Notes a change of vectors: `vectors_version` moves at commit. Without the extension,
   * a vector table left by another run no longer mirrors the vectors either.
   */
  private vectorsChanged(state: Ready): void {
    if (state.markStale && !state.vectorsChanged) state.sql.setMeta.run("vec_stale", "1");
    state.vectorsChanged = true;
  }
}

function newReady(sql: StoreStatements, vec: VectorTable | undefined, markStale: boolean): Ready {
  return { sql, vec, markStale, mirror: undefined, vectorsChanged: false, zeroItems: undefined };
}

function toItem(row: ItemRow): Item {
  return {
    value: JSON.parse(row.value),
    key: row.key,
    namespace: row.prefix.split("."),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
