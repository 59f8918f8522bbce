import { CheckpointConfigError } from "@weft/checkpoint";
import {
  BaseStore,
  batchWrites,
  embedQueries,
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
  TtlSweeper,
  validateOperations,
} from "@weft/store";
import { MongoConnection } from "./connection.ts";
import { isDuplicateKeyError } from "./errors.ts";
import {
  DEFAULT_COLLECTIONS,
  type MongoDBStoreConnectOptions,
  type MongoDBStoreOptions,
} from "./options.ts";
import type { MetaDocument, StoreContext } from "./store-context.ts";
import { type ItemDocument, STORE_LAYOUT_VERSION } from "./store-document.ts";
import { expiredCondition } from "./store-query.ts";
import { getItems, listNamespaces } from "./store-reads.ts";
import { searchItems } from "./store-search.ts";
import { checkDims, type ExpiryMode, ensureCounter, ensureStoreIndexes } from "./store-setup.ts";
import {
  embedPuts,
  loadExisting,
  type PreparedPut,
  preparePut,
  writePuts,
} from "./store-writes.ts";

export type { ExpiryMode } from "./store-setup.ts";

/**
 * Long-term memory in MongoDB (or a server speaking its protocol, such as FerretDB),
 * through the official `mongodb` driver: one document per item in one collection, with
 * namespace-prefix search on an index, filters run as MongoDB queries, TTL, and exact
 * vector search. No transactions are needed: every item is written by one
 * single-document upsert, after everything that can fail (JSON, size, embeddings).
 *
 * Expiry is checked at read time everywhere. Where the server has TTL indexes and the
 * store runs on the real clock, a TTL index on `expiresAt` also deletes expired items;
 * elsewhere (FerretDB 1.x, or an injected `now`) `sweepTtl()` and the sweeper do.
 * Values are stored as JSON: plain data round-trips, a `Date` comes back as its ISO string.
 *
 * @throws MongoDatabaseError `SAVER_ERROR` when the server is unreachable (the message
 *   names the address), refuses the credentials, or holds a newer layout.
 * @throws WeftError `INVALID_CONFIG` when `index.dims` differs from the vectors stored.
 * @example
 * const store = MongoDBStore.fromConnString("mongodb://127.0.0.1:27017", {
 *   dbName: "agent",
 *   index: { embeddings: new HashingEmbeddings({ dims: 256 }), dims: 256, fields: ["text"] },
 * });
 * await store.put(["user_1", "memories"], "a", { text: "likes pizza" });
 * const [hit] = await store.search(["user_1", "memories"], { query: "food", limit: 1 });
 * await store.close();
 */
export class MongoDBStore extends BaseStore {
  private connectionRef: MongoConnection;
  private readonly collectionName: string;
  private readonly layoutCollectionName: string;
  private readonly index: ResolvedIndexConfig | undefined;
  private readonly ttl: ResolvedTtlConfig;
  private readonly now: () => number;
  private readonly realClock: boolean;
  private readonly sweeper: TtlSweeper;
  private opening: Promise<StoreContext> | undefined;
  private mode: ExpiryMode | undefined;

  /**
   * Uses a `MongoClient` the caller owns (and closes); the store never closes it.
   * @throws CheckpointConfigError `INVALID_CONFIG` without a client, or for a collection
   *   name MongoDB cannot hold; also `index` and `ttl` errors as every store.
   */
  constructor(options: MongoDBStoreOptions) {
    super();
    if (typeof options?.client?.db !== "function") {
      throw new CheckpointConfigError(
        "MongoDBStore needs { client: MongoClient }; use MongoDBStore.fromConnString(url) to open one.",
        { field: "client" },
      );
    }
    this.connectionRef = new MongoConnection(options.client, options.dbName);
    this.collectionName = collectionName(
      "collectionName",
      options.collectionName ?? DEFAULT_COLLECTIONS.store,
    );
    this.layoutCollectionName = collectionName(
      "layoutCollectionName",
      options.layoutCollectionName ?? DEFAULT_COLLECTIONS.layout,
    );
    this.index = options.index ? resolveIndexConfig(options.index) : undefined;
    this.ttl = resolveTtlConfig(options.ttl);
    this.now = options.now ?? Date.now;
    this.realClock = options.now === undefined;
    this.sweeper = new TtlSweeper(this.ttl.sweepIntervalMinutes, () => this.sweepTtl());
  }

  /**
   * Opens a client of its own on `url`; {@link close} closes it. Nothing is sent until
   * the first operation, which fails after `serverSelectionTimeoutMS` (default 5 s) with
   * an `unreachable` error naming the address if no server answers.
   * @throws CheckpointConfigError `INVALID_CONFIG` for a malformed connection string.
   */
  static fromConnString(url: string, options: MongoDBStoreConnectOptions = {}): MongoDBStore {
    const { serverSelectionTimeoutMS, clientOptions, ...storeOptions } = options;
    const connection = MongoConnection.fromConnString(url, {
      dbName: options.dbName,
      serverSelectionTimeoutMS,
      clientOptions,
    });
    const store = new MongoDBStore({ ...storeOptions, client: connection.client });
    store.connectionRef = connection;
    return store;
  }

  /** The client and database the store uses (shareable with a `MongoDBSaver`). */
  get connection(): MongoConnection {
    return this.connectionRef;
  }

  /** The vector index configuration, if search by `query` is on. */
  get indexConfig(): IndexConfig | undefined {
    return this.index;
  }

  /**
   * How expired items are deleted: `"ttl-index"` (the server's TTL monitor, plus the
   * sweeper if configured) or `"sweep"` (only `sweepTtl()` and the sweeper). Undefined
   * before setup. Reads never return expired items either way.
   */
  get expiry(): ExpiryMode | undefined {
    return this.mode;
  }

  /**
   * Checks the layout marker, creates the indexes and records the vector dimensions.
   * Idempotent; runs on first use, so calling it is optional (but fails fast on a wrong
   * address or a newer layout).
   * @throws MongoDatabaseError `SAVER_ERROR` (`unreachable`, `auth`, `newer_schema`, `driver`).
   */
  async setup(): Promise<void> {
    await this.ready();
  }

  /** Stops the sweeper and closes the client if this store opened it. */
  async close(): Promise<void> {
    this.stop();
    await this.connection.close();
  }

  override async batch<Op extends readonly Operation[]>(
    operations: Op,
  ): Promise<OperationResults<Op>> {
    validateOperations(operations);
    const { puts: lastPuts, queries } = batchWrites(operations, this.index !== undefined);
    const gets = operations.filter((op) => operationKind(op) === "get") as GetOperation[];
    const puts: PreparedPut[] = lastPuts.map((put) => preparePut(put, this.index));
    const ctx = await this.ready();

    // Everything that can fail before a write: query and document embeddings.
    const index = this.index;
    const existing = await loadExisting(ctx, puts);
    const [queryVectors, vectors] = await Promise.all([
      index ? embedQueries(index.embeddings, queries, index.dims) : new Map<string, number[]>(),
      embedPuts(ctx, puts, existing),
    ]);

    // Reads see the store as it was before this batch's writes; they run concurrently.
    const now = this.now();
    const gotten = getItems(ctx, gets, now);
    let nextGet = 0;
    const results = await Promise.all(
      operations.map((op) => {
        const kind = operationKind(op);
        if (kind === "get") {
          const position = nextGet++;
          return gotten.then((items) => items[position]);
        }
        if (kind === "search") {
          const search = op as SearchOperation;
          const vector = search.query ? queryVectors.get(search.query) : undefined;
          return searchItems(ctx, search, vector, now);
        }
        if (kind === "listNamespaces") {
          return listNamespaces(ctx, op as ListNamespacesOperation, now);
        }
        return undefined;
      }),
    );
    const { expiring } = await writePuts(ctx, puts, existing, vectors, now);
    if (expiring) this.sweeper.wake();
    return results as OperationResults<Op>;
  }

  /** Deletes every item expired now; returns how many. The sweeper calls this. */
  override async sweepTtl(): Promise<number> {
    const ctx = await this.ready();
    const now = this.now();
    const { deletedCount } = await ctx.connection.call("sweepTtl", () =>
      ctx.items.deleteMany(expiredCondition(now)),
    );
    return deletedCount;
  }

  /** Starts the TTL sweeper (when `ttl.sweepIntervalMinutes` is set). */
  override start(): void {
    this.sweeper.start();
  }

  /** Stops the TTL sweeper; expired items stay invisible to reads. */
  override stop(): void {
    this.sweeper.stop();
  }

  private ready(): Promise<StoreContext> {
    this.opening ??= this.open().catch((error) => {
      this.opening = undefined;
      throw error;
    });
    return this.opening;
  }

  private async open(): Promise<StoreContext> {
    const connection = this.connection;
    const features = await connection.serverFeatures();
    const claim = () =>
      connection.claimLayout(
        this.layoutCollectionName,
        `store:${this.collectionName}`,
        STORE_LAYOUT_VERSION,
      );
    // Two clients setting up a fresh database at once race to insert the marker; the
    // loser (a duplicate key error, which FerretDB does not retry) just checks again.
    await claim().catch((error: unknown) => {
      if (!isDuplicateKeyError((error as { cause?: unknown }).cause)) throw error;
      return claim();
    });
    const ctx: StoreContext = {
      connection,
      items: connection.collection<ItemDocument>(this.collectionName),
      meta: connection.collection<MetaDocument>(`${this.collectionName}_meta`),
      index: this.index,
      ttl: this.ttl,
      maxDocumentBytes: features.maxBsonObjectSize,
      pointReads: features.ferretdb !== undefined,
    };
    // The TTL monitor deletes by the server's clock: only right when the store uses it too.
    this.mode = await ensureStoreIndexes(ctx, features, features.ttlIndexes && this.realClock);
    await ensureCounter(ctx);
    if (this.index) await checkDims(ctx, this.index.dims);
    return ctx;
  }
}

/** Checks a collection name option: non-empty, no `$` or NUL, not a `system.` collection. */
function collectionName(field: string, name: unknown): string {
  const ok =
    typeof name === "string" &&
    name !== "" &&
    !name.includes("$") &&
    !name.includes(String.fromCharCode(0)) &&
    !name.startsWith("system.");
  if (!ok) {
    throw new CheckpointConfigError(
      `"${field}" must be a non-empty collection name without "$", not ${JSON.stringify(name)}.`,
      { field, value: name },
    );
  }
  return name as string;
}
