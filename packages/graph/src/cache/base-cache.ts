/** A cache entry's address: a namespace (the node or task name) and a key within it. */
export type CacheKey = readonly [namespace: readonly string[], key: string];

/** How results of a node or task are cached. */
export interface CachePolicy {
  /**
   * The cache key of an input. @default a stable JSON encoding of the input (object
   * keys sorted), so equal inputs hit the same entry
   */
  keyFunc?: (input: unknown) => string;
  /** Seconds an entry lives. @default forever */
  ttl?: number;
}

/**
 * Where cached node and task results live. Implement the three methods to keep
 * them in Redis, a database, etc.; {@link InMemoryCache} is built in.
 */
export abstract class BaseCache<Value = unknown> {
  /** The entries that exist (and have not expired) among `keys`. */
  abstract get(keys: readonly CacheKey[]): Promise<{ key: CacheKey; value: Value }[]>;
  /** Stores entries; `ttl` in seconds. */
  abstract set(entries: readonly { key: CacheKey; value: Value; ttl?: number }[]): Promise<void>;
  /** Removes every entry of these namespaces (all entries when omitted). */
  abstract clear(namespaces?: readonly (readonly string[])[]): Promise<void>;
}

/** The default cache key: JSON with object keys sorted, so property order does not matter. */
export function defaultCacheKey(input: unknown): string {
  return (
    JSON.stringify(input, (_key, value) => {
      if (value === null || typeof value !== "object" || Array.isArray(value)) return value;
      if (typeof (value as { toJSON?: unknown }).toJSON === "function") return value;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(value).sort()) sorted[k] = (value as Record<string, unknown>)[k];
      return sorted;
    }) ?? "undefined"
  );
}
