import { CheckpointConfigError, WeftError } from "@weft/checkpoint";
import {
  BaseStore,
  batchWrites,
  embedQueries,
  embedTexts,
  expiresAt,
  type GetOperation,
  type IndexConfig,
  type ListNamespacesOperation,
  listNamespacesFrom,
  type Operation,
  type OperationResults,
  operationKind,
  type PutOperation,
  type ResolvedIndexConfig,
  type ResolvedTtlConfig,
  resolveIndexConfig,
  resolveTtlConfig,
  type SearchItem,
  type SearchOperation,
  shouldRefresh,
  TtlSweeper,
  validateOperations,
} from "@weft/store";
import {
  type Arg,
  type BinaryReply,
  connectionFrom,
  type LuaScript,
  RedisConnection,
  type RedisOptions,
} from "./connection.ts";
import { RedisDatabaseError } from "./errors.ts";
import { checkKeyPrefix } from "./keys.ts";
import type { RedisStoreOptions } from "./options.ts";
import {
  STORE_FETCH,
  STORE_NAMESPACES,
  STORE_SCAN,
  STORE_VECTOR_CHANGES,
} from "./scripts/store-read.ts";
import { STORE_REFRESH, STORE_SWEEP, STORE_WRITE } from "./scripts/store-write.ts";
import { type StoreKeys, storeKeys } from "./store-keys.ts";
import { type MirrorSource, VectorMirror } from "./store-mirror.ts";
import { type ItemRow, itemId, parseItem, type ReadMode, toItem } from "./store-rows.ts";
import { type ScanPage, type SearchSource, searchItems } from "./store-search.ts";
import { missingTexts, preparePut, storedVectors, writeArguments } from "./store-writes.ts";

/** Options of {@link RedisStore}: how to reach Redis, `index`, `ttl`, `now`, and how to search vectors. */
export interface RedisStoreConfig extends RedisStoreOptions {
  /**
   * Keep a copy of the vectors in process memory, caught up with Redis before each
   * `query` search (only what changed is read), and rank there with the SIMD kernel.
   * `false` reads every vector under the prefix from Redis on each search instead: no
   * memory held, but each search moves `items × dims × 4` bytes. Results are the same.
   * @default true
   */
  vectorCache?: boolean;
}

/** Options of {@link RedisStore.fromUrl}: the store's options plus ioredis's own. */
export interface RedisStoreUrlOptions extends Omit<RedisStoreConfig, "client" | "connection"> {
  /** ioredis options for the connection, merged over those parsed from the URL. */
  redis?: RedisOptions;
}

/**
 * How `query` searches run: `mirror` ranks a synced in-memory copy of the vectors, `scan`
 * reads the prefix's vectors from Redis each time, `none` without an index. Both are
 * exact and give the same results.
 */
export type RedisVectorSearchMode = "mirror" | "scan" | "none";

/** Version of the key layout this code writes; a store written by a newer one is refused. */
const LAYOUT_VERSION = 1;
/** Items the sweeper deletes per script run, so that Redis is never blocked for long. */
const SWEEP_BATCH = 500;
/** Items read per script run when the vector mirror loads everything. */
const MIRROR_PAGE = 256;

/** An item a read returned and whose expiry it extends. */
interface Refresh {
  id: string;
  seq: number;
  expiresAt: number;
}

/**
 * A store in Redis (plain Redis 7, no modules needed), through ioredis: long-term memory
 * shared by every process that uses the same Redis and key prefix, with namespace-prefix
 * search, filters, TTL and exact vector search.
 *
 * Items are hashes; each namespace prefix has a sorted set of its items in creation order,
 * so a search reads only the items under its prefix, page by page. A batch's writes run
 * in one Lua script: they happen whole or not at all, and embeddings are computed before
 * it, so a failed embedding writes nothing. Vectors are stored as float32 bytes, one hash
 * per vector (the layout RediSearch indexes); a `query` search scores every vector under
 * the prefix exactly, which costs a pass over the prefix (see the README). Values are
 * stored as JSON: plain data round-trips, a `Date` comes back as its ISO string.
 *
 * Expiry follows the `now` clock: an item is invisible once its time has passed, and
 * {@link sweepTtl} (or the sweeper, with `ttl.sweepIntervalMinutes`) deletes it.
 *
 * @throws RedisDatabaseError `SAVER_ERROR` when Redis is unreachable, refuses the
 *   credentials, or holds a store written by a newer Weft.
 * @throws WeftError `INVALID_CONFIG` when `index.dims` differs from the vectors stored.
 * @example
 * const store = await RedisStore.fromUrl("redis://127.0.0.1:6379", {
 *   keyPrefix: "myapp:",
 *   index: { embeddings: new HashingEmbeddings({ dims: 256 }), dims: 256, fields: ["text"] },
 *   ttl: { defaultTtl: 60 * 24, sweepIntervalMinutes: 10 },
 * });
 * await store.put(["user_1", "memories"], "a", { text: "likes pizza" });
 * const [hit] = await store.search(["user_1", "memories"], { query: "food", limit: 1 });
 * await store.close();
 */
export class RedisStore extends BaseStore {
  /** The connection; yours to close if you passed it (or its client) in. */
  readonly connection: RedisConnection;
  /** Start of every key the store writes. */
  readonly keyPrefix: string;
  private readonly keys: StoreKeys;
  private readonly index: ResolvedIndexConfig | undefined;
  private readonly ttl: ResolvedTtlConfig;
  private readonly now: () => number;
  private readonly sweeper: TtlSweeper;
  private readonly mirror: VectorMirror | undefined;
  private ownsConnection = false;
  private opening: Promise<void> | undefined;

  /**
   * Uses a connected ioredis `client` or a `connection`, which stay the caller's to close.
   * @throws WeftError `INVALID_CONFIG` without either, with both, or for a bad `keyPrefix`,
   *   `index` or `ttl`.
   */
  constructor(options: RedisStoreConfig) {
    super();
    const connection = connectionFrom(options);
    if (connection === undefined) {
      throw new CheckpointConfigError(
        "RedisStore needs a `client` (ioredis) or a `connection`; RedisStore.fromUrl(url) opens one.",
        { field: "client" },
      );
    }
    this.connection = connection;
    this.keyPrefix = checkKeyPrefix(options.keyPrefix);
    this.keys = storeKeys(this.keyPrefix);
    this.index = options.index ? resolveIndexConfig(options.index) : undefined;
    this.ttl = resolveTtlConfig(options.ttl);
    this.now = options.now ?? Date.now;
    this.sweeper = new TtlSweeper(this.ttl.sweepIntervalMinutes, () => this.sweepTtl());
    const cache = options.vectorCache ?? true;
    this.mirror = this.index && cache ? new VectorMirror(this.index.dims) : undefined;
  }

  /**
   * Connects to the Redis at `url` (`redis://[[user]:password@]host[:port][/db]`), checks
   * the stored layout, and returns a ready store; {@link close} disconnects.
   * @throws RedisDatabaseError `SAVER_ERROR` (reason `unreachable` or `auth`) naming the address.
   * @example const store = await RedisStore.fromUrl("redis://127.0.0.1:6379/2", { keyPrefix: "app:" });
   */
  static async fromUrl(url: string, options: RedisStoreUrlOptions = {}): Promise<RedisStore> {
    const { redis, ...storeOptions } = options;
    const connection = await RedisConnection.fromUrl(url, redis);
    try {
      const store = new RedisStore({ ...storeOptions, connection });
      store.ownsConnection = true;
      await store.setup();
      return store;
    } catch (error) {
      await connection.close();
      throw error;
    }
  }

  /** The peer's name for {@link fromUrl}. */
  static fromConnString(url: string, options: RedisStoreUrlOptions = {}): Promise<RedisStore> {
    return RedisStore.fromUrl(url, options);
  }

  /** The vector index configuration, if search by `query` is on. */
  get indexConfig(): IndexConfig | undefined {
    return this.index;
  }

  /** How `query` searches run (see {@link RedisVectorSearchMode}). */
  get vectorSearch(): RedisVectorSearchMode {
    if (!this.index) return "none";
    return this.mirror ? "mirror" : "scan";
  }

  /**
   * Checks the stored layout and vector length (recording them for a new store).
   * Idempotent; runs on first use, so calling it is optional.
   */
  async setup(): Promise<void> {
    this.opening ??= this.open().catch((error) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  /** Stops the sweeper and disconnects, if this store opened the connection. */
  async close(): Promise<void> {
    this.stop();
    if (this.ownsConnection) await this.connection.close();
  }

  override async batch<Op extends readonly Operation[]>(
    operations: Op,
  ): Promise<OperationResults<Op>> {
    validateOperations(operations);
    if (operations.length === 0) return [] as unknown as OperationResults<Op>;
    await this.setup();
    const { puts: lastPuts, queries } = batchWrites(operations, this.index !== undefined);
    const puts = lastPuts.map((put) => preparePut(put, this.index));

    // Everything that can fail for a reason other than Redis (embedding) happens before
    // the first change: the texts of unchanged fields keep their stored vectors.
    const indexed = puts.filter((put) => put.entries.length > 0);
    const stored = storedVectors(
      indexed.length > 0
        ? await this.fetch(
            "put",
            indexed.map((put) => put.id),
            undefined,
            "2",
          )
        : [],
    );
    const index = this.index;
    const [queryVectors, embedded] = index
      ? await Promise.all([
          embedQueries(index.embeddings, queries, index.dims),
          embedTexts(index.embeddings, missingTexts(puts, stored), index.dims),
        ])
      : [new Map<string, number[]>(), new Map<string, number[]>()];

    // Reads see the store as it was before this batch's writes.
    const now = this.now();
    const refreshes: Refresh[] = [];
    const results = await Promise.all(
      operations.map((op) => this.read(op, queryVectors, now, refreshes)),
    );
    if (refreshes.length > 0) await this.refresh(refreshes, now);
    if (puts.length > 0) {
      const args = writeArguments(puts, this.ttl, stored, embedded, now);
      await this.runScript("put", STORE_WRITE, [this.keys.seq], [String(now), ...args]);
      const expiring = puts.some((put) => put.json !== null && this.expires(put.op));
      if (expiring) this.sweeper.wake();
    }
    return results as OperationResults<Op>;
  }

  /** Deletes every item expired at `now`, in rounds of {@link SWEEP_BATCH}; returns how many. */
  override async sweepTtl(): Promise<number> {
    await this.setup();
    let removed = 0;
    for (;;) {
      const reply = (await this.runScript(
        "sweepTtl",
        STORE_SWEEP,
        [this.keys.seq],
        [String(this.now()), String(SWEEP_BATCH)],
      )) as number[];
      removed += reply[0]!;
      if (reply[1] !== 1) return removed;
    }
  }

  /** Starts the TTL sweeper (when `ttl.sweepIntervalMinutes` is set). */
  override start(): void {
    this.sweeper.start();
  }

  /** Stops the TTL sweeper; expired items stay invisible to reads. */
  override stop(): void {
    this.sweeper.stop();
  }

  private async open(): Promise<void> {
    const { meta } = this.keys;
    const dims = this.index?.dims;
    const read = async () => {
      const fields = (await this.connection.batch("setup", (b) =>
        b.call("HMGET", meta, "layout", "dims"),
      )) as (Buffer | null)[][];
      return fields[0]!.map((field) => (field === null ? undefined : Number(String(field))));
    };
    let [layout, stored] = await read();
    this.checkStored(layout, stored);
    if (layout === undefined || (dims !== undefined && stored === undefined)) {
      // A new store (or a first index): record what it holds. Another process may do the
      // same at once; HSETNX keeps the first, and the check runs again on what was kept.
      await this.connection.batch("setup", (b) => {
        b.call("HSETNX", meta, "layout", String(LAYOUT_VERSION));
        if (dims !== undefined) b.call("HSETNX", meta, "dims", String(dims));
      });
      [layout, stored] = await read();
      this.checkStored(layout, stored);
    }
  }

  /** Refuses a layout newer than this code, or vectors of another length than `index.dims`. */
  private checkStored(layout: number | undefined, stored: number | undefined): void {
    const dims = this.index?.dims;
    if (layout !== undefined && layout > LAYOUT_VERSION) {
      throw new RedisDatabaseError(
        "newer_schema",
        `The store under key prefix "${this.keyPrefix}" on ${this.connection.address} was written ` +
          `by a newer Weft (layout ${layout}; this version reads ${LAYOUT_VERSION}). Upgrade Weft, ` +
          "or use another keyPrefix.",
        { address: this.connection.address, operation: "setup", layout },
      );
    }
    if (dims !== undefined && stored !== undefined && stored !== dims) {
      throw new WeftError(
        "INVALID_CONFIG",
        `The store under key prefix "${this.keyPrefix}" holds ${stored}-dimensional vectors but ` +
          `index.dims is ${dims}. Use the embedding model the store was built with, or another keyPrefix.`,
        { details: { keyPrefix: this.keyPrefix, stored, dims } },
      );
    }
  }

  private expires(op: PutOperation): boolean {
    return op.ttl === undefined ? this.ttl.defaultTtl !== null : op.ttl !== null;
  }

  private async read(
    op: Operation,
    queryVectors: Map<string, number[]>,
    now: number,
    refreshes: Refresh[],
  ): Promise<unknown> {
    switch (operationKind(op)) {
      case "get": {
        const get = op as GetOperation;
        const [row] = await this.fetch("get", [itemId(get.namespace, get.key)], now, "0");
        if (!row) return null;
        if (shouldRefresh(get.refreshTtl, this.ttl)) this.noteRefresh(row, now, refreshes);
        return toItem(row);
      }
      case "search": {
        const search = op as SearchOperation;
        const vector = search.query && this.index ? queryVectors.get(search.query) : undefined;
        const ranked = await searchItems(this.searchSource(now), search, vector);
        const refresh = shouldRefresh(search.refreshTtl, this.ttl);
        return ranked.map(({ row, score }) => {
          if (refresh) this.noteRefresh(row, now, refreshes);
          const item: SearchItem = toItem(row);
          if (score !== undefined) item.score = score;
          return item;
        });
      }
      case "listNamespaces": {
        const reply = (await this.runScript(
          "listNamespaces",
          STORE_NAMESPACES,
          [this.keys.seq],
          [String(now)],
        )) as Buffer[];
        return listNamespacesFrom(
          reply.map((ns) => ns.toString("utf8").split(".")),
          op as ListNamespacesOperation,
        );
      }
      case "put":
        return undefined;
    }
  }

  private noteRefresh(row: ItemRow, now: number, refreshes: Refresh[]): void {
    if (row.ttl === null) return;
    refreshes.push({ id: row.id, seq: row.seq, expiresAt: expiresAt(now, row.ttl)! });
  }

  private async refresh(refreshes: Refresh[], now: number): Promise<void> {
    const args: string[] = [String(now)];
    for (const { id, seq, expiresAt } of refreshes) args.push(id, String(seq), String(expiresAt));
    await this.runScript("refreshTtl", STORE_REFRESH, [this.keys.seq], args);
  }

  /** Items by id, null where missing (or expired at `now`, when given). */
  private async fetch(
    operation: string,
    ids: string[],
    now: number | undefined,
    mode: ReadMode,
  ): Promise<(ItemRow | null)[]> {
    const reply = (await this.runScript(
      operation,
      STORE_FETCH,
      [this.keys.seq],
      [now === undefined ? "" : String(now), mode, ...ids],
    )) as (Buffer | null)[][];
    return reply.map((entry) => parseItem(entry, mode));
  }

  /** What a search at `now` reads through. */
  private searchSource(now: number): SearchSource {
    return {
      scan: (prefix, after, count, mode) =>
        this.scan(this.keys.prefix(prefix), after, count, now, mode),
      fetch: (ids) => this.fetch("search", ids, now, "0"),
      mirror: async () => {
        if (this.mirror) await this.mirror.sync(this.mirrorSource);
        return this.mirror;
      },
    };
  }

  /** What the vector mirror reads to catch up: changes, then items with their vectors. */
  private readonly mirrorSource: MirrorSource = {
    changes: async (version) => {
      const reply = (await this.runScript(
        "search",
        STORE_VECTOR_CHANGES,
        [this.keys.seq],
        [String(version)],
      )) as [number, number, Buffer[], Buffer[]];
      return {
        version: reply[0],
        reload: reply[1] === 1,
        gone: reply[2].map(String),
        changed: reply[3].map(String),
      };
    },
    fetch: (ids) => this.fetch("search", ids, undefined, "1"),
    scanAll: (after) => this.scan(this.keys.prefix([]), after, MIRROR_PAGE, undefined, "1"),
  };

  /** One page of the ordered set `key` after seq `after`: items live at `now` (all, if undefined). */
  private async scan(
    key: string,
    after: number,
    count: number,
    now: number | undefined,
    mode: ReadMode,
  ): Promise<ScanPage> {
    const reply = (await this.runScript(
      "search",
      STORE_SCAN,
      [key],
      [String(after), String(count), now === undefined ? "" : String(now), mode],
    )) as BinaryReply[];
    const rows: ItemRow[] = [];
    for (let i = 2; i < reply.length; i++) {
      rows.push(parseItem(reply[i] as (Buffer | null)[], mode)!);
    }
    return { rows, last: Number(String(reply[0])), done: reply[1] === 1 };
  }

  /** Runs one of the store's scripts; its first argument is always the key base. */
  private runScript(
    operation: string,
    script: LuaScript,
    keys: readonly string[],
    args: readonly Arg[],
  ): Promise<BinaryReply> {
    return this.connection.run(operation, script, keys, [this.keys.base, ...args]);
  }
}
