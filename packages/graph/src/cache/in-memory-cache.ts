import { JsonSerializer, type SerializerProtocol } from "@weft/checkpoint";
import { BaseCache, type CacheKey } from "./base-cache.ts";

interface Entry {
  type: string;
  bytes: Uint8Array;
  expiresAt: number | undefined;
}

/** Options of {@link InMemoryCache}. */
export interface InMemoryCacheOptions {
  /** How values are copied in and out (so a cached result never changes). @default JsonSerializer */
  serde?: SerializerProtocol;
  /** Clock in milliseconds, for tests. @default Date.now */
  now?: () => number;
}

/**
 * A cache in this process's memory. Values are serialized on the way in, so a
 * node that later mutates its output cannot change the cached copy.
 */
export class InMemoryCache<Value = unknown> extends BaseCache<Value> {
  private readonly entries = new Map<string, Map<string, Entry>>();
  private readonly serde: SerializerProtocol;
  private readonly now: () => number;

  constructor(options: InMemoryCacheOptions = {}) {
    super();
    this.serde = options.serde ?? new JsonSerializer();
    this.now = options.now ?? Date.now;
  }

  async get(keys: readonly CacheKey[]): Promise<{ key: CacheKey; value: Value }[]> {
    const found: { key: CacheKey; value: Value }[] = [];
    const now = this.now();
    for (const key of keys) {
      const bucket = this.entries.get(nsKey(key[0]));
      const entry = bucket?.get(key[1]);
      if (!entry) continue;
      if (entry.expiresAt !== undefined && entry.expiresAt <= now) {
        bucket!.delete(key[1]);
        continue;
      }
      found.push({ key, value: (await this.serde.loadsTyped(entry.type, entry.bytes)) as Value });
    }
    return found;
  }

  async set(entries: readonly { key: CacheKey; value: Value; ttl?: number }[]): Promise<void> {
    const now = this.now();
    for (const { key, value, ttl } of entries) {
      const [type, bytes] = await this.serde.dumpsTyped(value);
      const ns = nsKey(key[0]);
      let bucket = this.entries.get(ns);
      if (!bucket) {
        bucket = new Map();
        this.entries.set(ns, bucket);
      }
      bucket.set(key[1], {
        type,
        bytes,
        expiresAt: ttl === undefined ? undefined : now + ttl * 1000,
      });
    }
  }

  async clear(namespaces?: readonly (readonly string[])[]): Promise<void> {
    if (!namespaces) {
      this.entries.clear();
      return;
    }
    for (const ns of namespaces) this.entries.delete(nsKey(ns));
  }
}

function nsKey(namespace: readonly string[]): string {
  return JSON.stringify(namespace);
}
