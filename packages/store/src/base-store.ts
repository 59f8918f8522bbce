import type {
  GetOptions,
  Item,
  ListNamespacesOperation,
  ListNamespacesOptions,
  MatchCondition,
  Operation,
  OperationResults,
  PutOptions,
  SearchItem,
  SearchOptions,
} from "./types.ts";
import { InvalidNamespaceError, RESERVED_ROOT, validateNamespace } from "./validate.ts";

/**
 * Long-term memory shared across threads: JSON items under hierarchical namespaces,
 * with filters, optional vector search and optional expiry. Every backend implements
 * the one abstract method, {@link batch}; the convenience methods turn into one-element
 * batches. All backends pass `describeStoreConformance` from `@weft/conformance`.
 *
 * **Batch semantics.** A batch is validated as a whole before anything happens (bad
 * input throws a `WeftError` with code `INVALID_INPUT` and changes nothing). Reads in a
 * batch see the store as it was before the batch's writes; several puts to one item
 * apply in order, the last wins. If embedding fails, nothing is written.
 *
 * **Order.** `search` without a `query` returns items oldest-created first (updating an
 * item keeps its place; deleting and re-creating it moves it to the end). With a query,
 * items with vectors come first by descending score, then items without vectors in the
 * same order as without a query (score undefined). `listNamespaces` sorts namespaces
 * label by label (JavaScript string order), a namespace before its extensions.
 *
 * @example
 * const store = new InMemoryStore();
 * await store.put(["users", "42"], "prefs", { theme: "dark" });
 * const item = await store.get(["users", "42"], "prefs");
 * const found = await store.search(["users"], { filter: { theme: "dark" } });
 */
export abstract class BaseStore {
  /**
   * Runs several operations; results come back in the same positions (`Item | null`
   * for a get, `SearchItem[]` for a search, `string[][]` for a list, `undefined` for
   * a put).
   * @throws WeftError `INVALID_INPUT` for a malformed operation.
   */
  abstract batch<Op extends readonly Operation[]>(operations: Op): Promise<OperationResults<Op>>;

  /**
   * The item at (`namespace`, `key`), or `null` when absent or expired.
   * @throws WeftError `INVALID_INPUT` for a malformed namespace or key.
   */
  async get(namespace: string[], key: string, options: GetOptions = {}): Promise<Item | null> {
    const [item] = await this.batch([{ namespace, key, refreshTtl: options.refreshTtl }] as const);
    return item;
  }

  /**
   * Items under `namespacePrefix` matching `filter`, ranked by `query` when given.
   * @throws WeftError `INVALID_INPUT` for a malformed prefix, filter, limit or offset.
   * @example await store.search(["docs"], { query: "pizza", filter: { lang: "en" }, limit: 3 })
   */
  async search(namespacePrefix: string[], options: SearchOptions = {}): Promise<SearchItem[]> {
    const { filter, limit = 10, offset = 0, query, refreshTtl } = options;
    const [items] = await this.batch([
      { namespacePrefix, filter, limit, offset, query, refreshTtl },
    ] as const);
    return items;
  }

  /**
   * Creates or replaces the item at (`namespace`, `key`). The 4th argument is either the
   * peer's `index` (`false` or field paths) or an options object `{ index, ttl }`.
   * @throws WeftError `INVALID_INPUT` for a malformed namespace, key or value, or a
   *   namespace rooted at `"langgraph"` (reserved, as in the peer).
   * @example await store.put(["docs"], "a", { text: "hello" }, { index: ["text"], ttl: 60 })
   */
  async put(
    namespace: string[],
    key: string,
    value: Record<string, any>,
    indexOrOptions?: false | string[] | PutOptions,
  ): Promise<void> {
    validateNamespace(namespace);
    if (namespace[0] === RESERVED_ROOT) {
      throw new InvalidNamespaceError(
        `A namespace cannot start with "${RESERVED_ROOT}": that root is reserved.`,
        { namespace },
      );
    }
    const options: PutOptions =
      indexOrOptions === undefined || indexOrOptions === false || Array.isArray(indexOrOptions)
        ? { index: indexOrOptions }
        : indexOrOptions;
    const op = { namespace, key, value, index: options.index } as {
      namespace: string[];
      key: string;
      value: Record<string, any>;
      index?: false | string[];
      ttl?: number | null;
    };
    if (options.ttl !== undefined) op.ttl = options.ttl;
    await this.batch([op] as const);
  }

  /** Deletes the item at (`namespace`, `key`); deleting a missing item is not an error. */
  async delete(namespace: string[], key: string): Promise<void> {
    await this.batch([{ namespace, key, value: null }] as const);
  }

  /**
   * The namespaces that currently hold items, filtered and paginated.
   * @example await store.listNamespaces({ prefix: ["users"], maxDepth: 2 })
   */
  async listNamespaces(options: ListNamespacesOptions = {}): Promise<string[][]> {
    const { prefix, suffix, maxDepth, limit = 100, offset = 0 } = options;
    const matchConditions: MatchCondition[] = [];
    if (prefix) matchConditions.push({ matchType: "prefix", path: prefix });
    if (suffix) matchConditions.push({ matchType: "suffix", path: suffix });
    const op: ListNamespacesOperation = { matchConditions, maxDepth, limit, offset };
    const [namespaces] = await this.batch([op] as const);
    return namespaces;
  }

  /**
   * Deletes the items whose TTL has passed and returns how many. Expired items are
   * already invisible to reads; this frees their space. The sweeper started by
   * {@link start} calls it every `ttl.sweepIntervalMinutes`. A store without TTL
   * support returns 0.
   */
  sweepTtl(): number | Promise<number> {
    return 0;
  }

  /** Starts background work (the TTL sweeper). Safe to call more than once. */
  start(): void | Promise<void> {}

  /** Stops background work. The store stays usable; call {@link start} to resume. */
  stop(): void | Promise<void> {}
}
