import type { BaseCheckpointSaverOptions } from "@weft/checkpoint";
import type { StoreOptions } from "@weft/store";
import type { Redis, RedisConnection } from "./connection.ts";

/** How a Redis saver or store reaches Redis, and where its keys go. Shared by both. */
export interface RedisClientOptions {
  /**
   * A connected ioredis client; it stays yours to close. Give this or `connection`
   * (or use the `fromUrl` factory instead).
   */
  client?: Redis;
  /** A connection from `RedisConnection.fromUrl`, e.g. one shared by a saver and a store. */
  connection?: RedisConnection;
  /**
   * Start of every key written, so that several apps (or tests) share one Redis without
   * seeing each other's data. A non-empty string without `{`, `}` or NUL; end it with
   * `:` by convention. @default "weft:"
   */
  keyPrefix?: string;
}

/**
 * Options of `RedisSaver`: the common saver options (`serde`, `threadTtl`, `now`) plus
 * how to reach Redis.
 */
export interface RedisSaverOptions extends BaseCheckpointSaverOptions, RedisClientOptions {}

/** Options of `RedisStore`: the common store options (`index`, `ttl`, `now`) plus how to reach Redis. */
export interface RedisStoreOptions extends StoreOptions, RedisClientOptions {}
