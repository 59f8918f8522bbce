import type { BaseStore, IndexConfig, TtlConfig } from "@weft/store";

/** What a conformance case asks `create` for. Pass every field on to your store. */
export interface StoreFactoryOptions {
  /** Vector search config (only in vector cases). */
  index?: IndexConfig;
  /** Expiry config (only in TTL cases). */
  ttl?: TtlConfig;
  /**
   * The clock to use for `createdAt` / `updatedAt` and expiry, in epoch ms. Cases that
   * check timestamps or TTL pass one and move it; a store must read time only from it.
   */
  now?: () => number;
}

/** Options of {@link describeStoreConformance}. */
export interface StoreConformanceOptions<S extends BaseStore = BaseStore> {
  /** Shown in the test names, e.g. `"SqliteStore"`. */
  name: string;
  /** A fresh, empty, isolated store configured with `options`. */
  create: (options: StoreFactoryOptions) => S | Promise<S>;
  /** Releases a store made by `create` (close connections, drop tables...). */
  teardown?: (store: S) => void | Promise<void>;
  /** Whether the store implements `index` (vector search by `query`). */
  supportsVectors: boolean;
  /** Whether the store implements `ttl`. @default true */
  supportsTtl?: boolean;
}
