import { BaseStore } from "./base-store.ts";
import { batchWrites } from "./batch-writes.ts";
import {
  embedQueries,
  embedTexts,
  type ResolvedIndexConfig,
  resolveIndexConfig,
} from "./embeddings.ts";
import { compileFilter } from "./filter.ts";
import { extractIndexEntries, type IndexEntry, resolveIndexFields } from "./index-plan.ts";
import { hasNamespacePrefix, listNamespacesFrom } from "./namespaces.ts";
import {
  effectiveTtl,
  expiresAt,
  isExpired,
  type ResolvedTtlConfig,
  resolveTtlConfig,
  shouldRefresh,
  TtlSweeper,
} from "./ttl.ts";
import type {
  GetOperation,
  IndexConfig,
  Item,
  ListNamespacesOperation,
  Operation,
  OperationResults,
  PutOperation,
  SearchItem,
  SearchOperation,
  StoreOptions,
} from "./types.ts";
import { operationKind, StoreInputError, validateOperations } from "./validate.ts";
import { VectorIndex } from "./vector-index.ts";
import { VectorSearch } from "./vector-search.ts";

/** Options of {@link InMemoryStore}. */
export interface InMemoryStoreOptions extends StoreOptions {}

interface StoredVector {
  field: string;
  text: string;
  slot: number;
}

interface StoredItem {
  /** Shared by every item of the namespace (see `#internNamespace`): never mutated. */
  namespace: readonly string[];
  key: string;
  value: Record<string, any>;
  createdAt: number;
  updatedAt: number;
  /** Creation sequence: ties in ranking go to the older item. */
  seq: number;
  ttl: number | null;
  expiresAt: number | null;
  vectors: StoredVector[];
  /** `vectors[0].slot`, or -1: read by every search, so kept on the item itself. */
  firstSlot: number;
}

/** One namespace in use: its labels, shared by its items, and how many items it holds. */
interface NamespaceEntry {
  labels: readonly string[];
  items: number;
}

interface PreparedPut {
  op: PutOperation;
  /** A private copy of the value, taken before anything changes. */
  value: Record<string, any> | null;
  entries: IndexEntry[];
}

const itemId = (namespace: readonly string[], key: string): string =>
  JSON.stringify([...namespace, key]);

/**
 * A store in process memory with exact vector search, filters and TTL. Data is lost
 * when the process exits; use a database-backed store to keep it.
 *
 * Vectors live in one contiguous buffer (WebAssembly memory where available), normalized
 * on insert; a search scores every candidate's vectors in one SIMD pass and ranks the top
 * results exactly (cosine similarity, best field per item; see `VectorSearch`). Values are copied on the way in and out (`structuredClone`), so
 * mutating a value you passed or received never changes the store.
 *
 * @example
 * const store = new InMemoryStore({
 *   index: { embeddings: new HashingEmbeddings(), dims: 384, fields: ["text"] },
 *   ttl: { defaultTtl: 60, sweepIntervalMinutes: 5 },
 * });
 * await store.put(["user_123", "memories"], "1", { text: "I love pizza" });
 * const [best] = await store.search(["user_123", "memories"], { query: "food", limit: 1 });
 */
export class InMemoryStore extends BaseStore {
  readonly #items = new Map<string, StoredItem>();
  readonly #namespaces = new Map<string, NamespaceEntry>();
  readonly #index: ResolvedIndexConfig | undefined;
  readonly #vectors: VectorIndex | undefined;
  readonly #ttl: ResolvedTtlConfig;
  readonly #now: () => number;
  readonly #sweeper: TtlSweeper;
  #seq = 0;
  #expiring = 0;

  constructor(options: InMemoryStoreOptions = {}) {
    super();
    this.#index = options.index ? resolveIndexConfig(options.index) : undefined;
    this.#vectors = this.#index ? new VectorIndex(this.#index.dims) : undefined;
    this.#ttl = resolveTtlConfig(options.ttl);
    this.#now = options.now ?? Date.now;
    this.#sweeper = new TtlSweeper(this.#ttl.sweepIntervalMinutes, () => this.sweepTtl());
  }

  /** The vector index configuration, if search by `query` is on. */
  get indexConfig(): IndexConfig | undefined {
    return this.#index;
  }

  /** Number of items held, counting expired ones not yet swept. */
  get size(): number {
    return this.#items.size;
  }

  override async batch<Op extends readonly Operation[]>(
    operations: Op,
  ): Promise<OperationResults<Op>> {
    validateOperations(operations);
    const { puts: lastPuts, queries } = batchWrites(operations, this.#index !== undefined);
    const puts = lastPuts.map((put) => this.#preparePut(put));

    // Everything asynchronous happens before the first change, so a failure changes
    // nothing. Another batch may change an item while we wait; then any text it no
    // longer has a vector for is embedded in one more round.
    const embedded = new Map<string, number[]>();
    let queryVectors = new Map<string, number[]>();
    if (this.#index) {
      const index = this.#index;
      [queryVectors] = await Promise.all([
        embedQueries(index.embeddings, queries, index.dims),
        this.#embedMissing(puts, embedded),
      ]);
      while (this.#missingTexts(puts, embedded).size > 0) await this.#embedMissing(puts, embedded);
    }

    // From here on, synchronous: reads see the store before this batch's writes.
    const results: unknown[] = new Array(operations.length);
    operations.forEach((op, i) => {
      switch (operationKind(op)) {
        case "get":
          results[i] = this.#get(op as GetOperation);
          break;
        case "search":
          results[i] = this.#search(op as SearchOperation, queryVectors);
          break;
        case "listNamespaces":
          results[i] = this.#listNamespaces(op as ListNamespacesOperation);
          break;
        case "put":
          results[i] = undefined;
          break;
      }
    });
    for (const put of puts) this.#applyPut(put, embedded);
    return results as OperationResults<Op>;
  }

  override sweepTtl(): number {
    if (this.#expiring === 0) return 0;
    const now = this.#now();
    let removed = 0;
    for (const [id, item] of this.#items) {
      if (isExpired(item.expiresAt, now)) {
        this.#remove(id, item);
        removed++;
      }
    }
    return removed;
  }

  /** Starts the TTL sweeper (when `ttl.sweepIntervalMinutes` is set). */
  override start(): void {
    this.#sweeper.start();
  }

  /** Stops the TTL sweeper; expired items stay invisible to reads. */
  override stop(): void {
    this.#sweeper.stop();
  }

  #preparePut(op: PutOperation): PreparedPut {
    const value = op.value === null ? null : cloneValue(op.value);
    if (value === null || !this.#index) return { op, value, entries: [] };
    const fields = resolveIndexFields(op.index, this.#index);
    return { op, value, entries: extractIndexEntries(value, fields) };
  }

  /** Texts of `puts` that have neither a fresh embedding nor a vector on the item. */
  #missingTexts(puts: PreparedPut[], embedded: Map<string, number[]>): Set<string> {
    const missing = new Set<string>();
    for (const { op, entries } of puts) {
      if (entries.length === 0) continue;
      const current = this.#items.get(itemId(op.namespace, op.key));
      for (const { text } of entries) {
        if (embedded.has(text)) continue;
        if (current?.vectors.some((vector) => vector.text === text)) continue;
        missing.add(text);
      }
    }
    return missing;
  }

  async #embedMissing(puts: PreparedPut[], embedded: Map<string, number[]>): Promise<void> {
    const missing = this.#missingTexts(puts, embedded);
    if (missing.size === 0) return;
    const index = this.#index!;
    for (const [text, vector] of await embedTexts(index.embeddings, missing, index.dims)) {
      embedded.set(text, vector);
    }
  }

  /** The item under `id` unless it has expired. */
  #live(id: string): StoredItem | undefined {
    const item = this.#items.get(id);
    if (!item || isExpired(item.expiresAt, this.#now())) return undefined;
    return item;
  }

  #get(op: GetOperation): Item | null {
    const item = this.#live(itemId(op.namespace, op.key));
    if (!item) return null;
    if (shouldRefresh(op.refreshTtl, this.#ttl)) this.#refresh(item);
    return toItem(item);
  }

  #search(op: SearchOperation, queryVectors: Map<string, number[]>): SearchItem[] {
    const offset = op.offset ?? 0;
    const limit = op.limit ?? 10;
    const wanted = offset + limit;
    const now = this.#now();
    const queryVector = op.query ? queryVectors.get(op.query) : undefined;
    const vectors = this.#vectors;
    // Candidates first (namespace, expiry, filter), then one pass of the kernel over
    // their vectors only.
    const search =
      queryVector && vectors ? new VectorSearch<StoredItem>(vectors, queryVector) : undefined;
    const unscored: StoredItem[] = [];
    const matches = compileFilter(op.filter);

    // Items of one namespace share its label array: check each namespace once in a row.
    let namespace: readonly string[] | undefined;
    let under = false;
    for (const item of this.#items.values()) {
      if (item.namespace !== namespace) {
        namespace = item.namespace;
        under = hasNamespacePrefix(namespace, op.namespacePrefix);
      }
      if (!under) continue;
      if (isExpired(item.expiresAt, now)) continue;
      if (!matches(item.value)) continue;
      if (search && item.firstSlot >= 0) {
        search.add(item, item.seq, item.firstSlot);
        for (let i = 1; i < item.vectors.length; i++) {
          search.add(item, item.seq, item.vectors[i]!.slot);
        }
      } else if (unscored.length < wanted) {
        unscored.push(item);
        // Without a query the first `wanted` matches are the answer.
        if (!search && unscored.length === wanted) break;
      }
    }

    const ranked: { item: StoredItem; score?: number }[] = search
      ? search.top(wanted).map(({ score, value }) => ({ item: value, score: clampScore(score) }))
      : [];
    for (const item of unscored) ranked.push({ item });
    const page = ranked.slice(offset, offset + limit);
    const refresh = shouldRefresh(op.refreshTtl, this.#ttl);
    return page.map(({ item, score }) => {
      if (refresh) this.#refresh(item);
      const result: SearchItem = toItem(item);
      if (score !== undefined) result.score = score;
      return result;
    });
  }

  #listNamespaces(op: ListNamespacesOperation): string[][] {
    const now = this.#now();
    // Items of one namespace share its label array, so identity tells namespaces apart.
    const namespaces = new Set<readonly string[]>();
    for (const item of this.#items.values()) {
      if (!isExpired(item.expiresAt, now)) namespaces.add(item.namespace);
    }
    return listNamespacesFrom(
      [...namespaces].map((labels) => [...labels]),
      op,
    );
  }

  #applyPut({ op, value, entries }: PreparedPut, embedded: Map<string, number[]>): void {
    const id = itemId(op.namespace, op.key);
    const existing = this.#items.get(id);
    const now = this.#now();
    if (value === null) {
      if (existing) this.#remove(id, existing);
      return;
    }
    // Vectors of unchanged texts are reused, even from an expired item being replaced.
    const vectors = this.#placeVectors(entries, existing?.vectors ?? [], embedded);
    const expired = existing !== undefined && isExpired(existing.expiresAt, now);
    if (existing) {
      if (existing.expiresAt !== null) this.#expiring--;
      // A replaced expired item counts as deleted: the new one is created afresh.
      if (expired) this.#items.delete(id);
    }
    const previous = expired ? undefined : existing;
    const ttl = effectiveTtl(op.ttl, this.#ttl);
    const item: StoredItem = {
      namespace: existing?.namespace ?? this.#internNamespace(op.namespace),
      key: op.key,
      value,
      createdAt: previous?.createdAt ?? now,
      updatedAt: now,
      seq: previous?.seq ?? this.#seq++,
      ttl,
      expiresAt: expiresAt(now, ttl),
      vectors,
      firstSlot: vectors[0]?.slot ?? -1,
    };
    if (item.expiresAt !== null) {
      this.#expiring++;
      this.#sweeper.wake();
    }
    this.#items.set(id, item);
  }

  /** Slots for the new entries: reuses the old vector of an unchanged text, adds the rest. */
  #placeVectors(
    entries: IndexEntry[],
    old: StoredVector[],
    embedded: Map<string, number[]>,
  ): StoredVector[] {
    const vectors = this.#vectors;
    if (!vectors) return [];
    const reusable = new Map<string, number[]>();
    for (const { text, slot } of old) {
      const slots = reusable.get(text);
      if (slots) slots.push(slot);
      else reusable.set(text, [slot]);
    }
    const anySlotOf = new Map(old.map(({ text, slot }) => [text, slot]));
    const placed: StoredVector[] = [];
    for (const { field, text } of entries) {
      let slot = reusable.get(text)?.pop();
      if (slot === undefined) {
        const fresh = embedded.get(text);
        slot = fresh ? vectors.add(fresh) : vectors.duplicate(anySlotOf.get(text)!);
      }
      placed.push({ field, text, slot });
    }
    for (const slots of reusable.values()) for (const slot of slots) vectors.remove(slot);
    return placed;
  }

  #refresh(item: StoredItem): void {
    if (item.ttl !== null) item.expiresAt = expiresAt(this.#now(), item.ttl);
  }

  #remove(id: string, item: StoredItem): void {
    for (const { slot } of item.vectors) this.#vectors?.remove(slot);
    if (item.expiresAt !== null) this.#expiring--;
    this.#items.delete(id);
    const key = JSON.stringify(item.namespace);
    const entry = this.#namespaces.get(key)!;
    if (--entry.items === 0) this.#namespaces.delete(key);
  }

  /** The shared label array of `namespace`, counting one more item in it. */
  #internNamespace(namespace: readonly string[]): readonly string[] {
    const key = JSON.stringify(namespace);
    let entry = this.#namespaces.get(key);
    if (entry === undefined) {
      entry = { labels: [...namespace], items: 0 };
      this.#namespaces.set(key, entry);
    }
    entry.items++;
    return entry.labels;
  }
}

/**
 * The peer's older name for {@link InMemoryStore}, kept so documented code runs as is.
 * @example const store = new MemoryStore();
 */
export const MemoryStore = InMemoryStore;
/** The peer's older name for {@link InMemoryStore}. */
export type MemoryStore = InMemoryStore;

function cloneValue(value: Record<string, any>): Record<string, any> {
  try {
    return structuredClone(value);
  } catch (cause) {
    throw new StoreInputError(
      `An item value must be plain data (JSON-like); this one cannot be copied: ${(cause as Error).message}`,
      {},
      cause,
    );
  }
}

function toItem(item: StoredItem): Item {
  return {
    value: structuredClone(item.value),
    key: item.key,
    namespace: [...item.namespace],
    createdAt: new Date(item.createdAt),
    updatedAt: new Date(item.updatedAt),
  };
}

/** Float32 rounding can push a dot product of unit vectors a hair past ±1. */
function clampScore(score: number): number {
  return Math.min(1, Math.max(-1, score));
}
