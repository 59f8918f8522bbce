// Public data and operation types of @weft/store. Names and shapes follow the peer
// (`@langchain/langgraph-checkpoint`'s store), extended with TTL fields.

/** A stored document: a JSON object under (`namespace`, `key`). */
export interface Item {
  /** The stored data. Keys are filterable with {@link SearchOperation.filter}. */
  value: Record<string, any>;
  /** Identifier of the item inside its namespace. */
  key: string;
  /** Folder-like path of the item, e.g. `["users", "42", "memories"]`. */
  namespace: string[];
  /** When the item was first written (a delete followed by a put starts over). */
  createdAt: Date;
  /** When the item was last written. */
  updatedAt: Date;
}

/** An item returned by `search`; `score` is set when the search had a `query`. */
export interface SearchItem extends Item {
  /**
   * Cosine similarity between the query and the best-matching indexed field of the
   * item, in [-1, 1]. Undefined when the search had no query or the item has no vectors.
   */
  score?: number;
}

/** Read one item. Result: `Item | null`. */
export interface GetOperation {
  namespace: string[];
  key: string;
  /** Extend the item's TTL on this read. @default the store's `ttl.refreshOnRead` */
  refreshTtl?: boolean;
}

/** Search items under a namespace prefix. Result: `SearchItem[]`. */
export interface SearchOperation {
  /** Only items whose namespace starts with these labels; `[]` searches everything. */
  namespacePrefix: string[];
  /**
   * Conditions on the item's value, all of which must hold. Keys are dotted paths into
   * the value (`"profile.age"`); a plain value means equality, an object of operators
   * (`$eq $ne $gt $gte $lt $lte $in $nin`) compares, a plain object without operators
   * matches the nested fields it names.
   * @example { status: "active", "stats.score": { $gte: 3 } }
   */
  filter?: Record<string, any>;
  /** @default 10 */
  limit?: number;
  /** @default 0 */
  offset?: number;
  /** Natural-language query: ranks results by vector similarity (needs an index). */
  query?: string;
  /** Extend the TTL of the returned items. @default the store's `ttl.refreshOnRead` */
  refreshTtl?: boolean;
}

/** Write (or, with `value: null`, delete) one item. Result: `void`. */
export interface PutOperation {
  namespace: string[];
  key: string;
  /** The new value, or `null` to delete the item. */
  value: Record<string, any> | null;
  /**
   * What to embed: `undefined` uses the store's `index.fields`, `false` embeds nothing
   * (the item is still readable and filterable), a list of paths overrides the fields.
   */
  index?: false | string[];
  /**
   * Minutes until the item expires. `undefined` uses the store's `ttl.defaultTtl`;
   * `null` means the item never expires.
   */
  ttl?: number | null;
}

/** Namespace path of a match condition; `"*"` matches any one label. */
export type NameSpacePath = (string | "*")[];

/** Whether a {@link MatchCondition} anchors at the start or the end of a namespace. */
export type NamespaceMatchType = "prefix" | "suffix";

/** One condition of {@link ListNamespacesOperation.matchConditions}. */
export interface MatchCondition {
  matchType: NamespaceMatchType;
  path: NameSpacePath;
}

/** List the namespaces that hold items. Result: `string[][]`, sorted. */
export interface ListNamespacesOperation {
  /** Every condition must match. */
  matchConditions?: MatchCondition[];
  /** Truncate namespaces to this many labels (then de-duplicate). */
  maxDepth?: number;
  /** @default 100 (through `listNamespaces`) */
  limit: number;
  /** @default 0 */
  offset: number;
}

/** Any operation accepted by `BaseStore.batch`. */
export type Operation = GetOperation | SearchOperation | PutOperation | ListNamespacesOperation;

/** The result type of each operation of a batch, position by position. */
export type OperationResults<Tuple extends readonly Operation[]> = {
  [K in keyof Tuple]: Tuple[K] extends PutOperation
    ? undefined
    : Tuple[K] extends SearchOperation
      ? SearchItem[]
      : Tuple[K] extends GetOperation
        ? Item | null
        : Tuple[K] extends ListNamespacesOperation
          ? string[][]
          : never;
};

/** Options of `BaseStore.get`. */
export interface GetOptions {
  /** Extend the item's TTL. @default the store's `ttl.refreshOnRead` */
  refreshTtl?: boolean;
}

/** Options of `BaseStore.search`. */
export interface SearchOptions {
  /** See {@link SearchOperation.filter}. */
  filter?: Record<string, any>;
  /** @default 10 */
  limit?: number;
  /** @default 0 */
  offset?: number;
  /** Rank by similarity to this text (needs an index). */
  query?: string;
  /** Extend the TTL of the returned items. @default the store's `ttl.refreshOnRead` */
  refreshTtl?: boolean;
}

/** Options object accepted as the 4th argument of `BaseStore.put`. */
export interface PutOptions {
  /** See {@link PutOperation.index}. */
  index?: false | string[];
  /** Minutes until expiry; `null` never expires. See {@link PutOperation.ttl}. */
  ttl?: number | null;
}

/** Options of `BaseStore.listNamespaces`. */
export interface ListNamespacesOptions {
  /** Only namespaces starting with these labels (`"*"` matches any label). */
  prefix?: NameSpacePath;
  /** Only namespaces ending with these labels (`"*"` matches any label). */
  suffix?: NameSpacePath;
  /** Truncate to this many labels and de-duplicate. */
  maxDepth?: number;
  /** @default 100 */
  limit?: number;
  /** @default 0 */
  offset?: number;
}

/**
 * An embedding model: the same shape as `@langchain/core`'s `Embeddings`, so any
 * LangChain embeddings class works as is.
 */
export interface Embeddings {
  /** One vector per text, in order. */
  embedDocuments(texts: string[]): Promise<number[][]>;
  /** The vector of a search query. */
  embedQuery(text: string): Promise<number[]>;
}

/** A plain function embedding a batch of texts; used for documents and queries alike. */
export type EmbedFunction = (texts: string[]) => Promise<number[][]>;

/**
 * Turns on vector search.
 * @example { embeddings: new HashingEmbeddings({ dims: 384 }), dims: 384, fields: ["text"] }
 */
export interface IndexConfig {
  /** Length of every vector the model returns. */
  dims: number;
  /** The model: an `Embeddings` object or an async function of texts. */
  embeddings: Embeddings | EmbedFunction;
  /**
   * JSON paths of the text to embed: `"$"` (the whole value), `"a.b"`, `"a[0]"`,
   * `"a[-1]"` (last element), `"a.b[*].c"` (each element), `"{a,b}"`. Each text found
   * gets its own vector; an item's score is the best of them.
   * @default ["$"]
   */
  fields?: string[];
}

/**
 * Expiry of items. Times are in minutes, as in the peer.
 * @example { defaultTtl: 60 * 24, refreshOnRead: true, sweepIntervalMinutes: 10 }
 */
export interface TtlConfig {
  /** Minutes an item lives after its last write (or refreshing read). @default no expiry */
  defaultTtl?: number;
  /** Whether reads extend the TTL unless they say otherwise. @default true */
  refreshOnRead?: boolean;
  /** How often the sweeper deletes expired items. @default no sweeper */
  sweepIntervalMinutes?: number;
}

/** Options every store accepts; backends take these plus their own. */
export interface StoreOptions {
  /** Vector search. Without it, `query` is ignored and nothing is embedded. */
  index?: IndexConfig;
  /** Item expiry. */
  ttl?: TtlConfig;
  /** Clock in epoch milliseconds, for timestamps and expiry. @default Date.now */
  now?: () => number;
}
