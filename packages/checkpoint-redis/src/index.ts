// Public API of @weft/checkpoint-redis. Every export is named; see README.md.

export {
  type Redis,
  RedisConnection,
  type RedisOptions,
} from "./connection.ts";
export { RedisDatabaseError, type RedisFailure } from "./errors.ts";
export { DEFAULT_KEY_PREFIX } from "./keys.ts";
export type { RedisClientOptions, RedisSaverOptions, RedisStoreOptions } from "./options.ts";
export { RedisSaver, type RedisSaverUrlOptions } from "./saver.ts";
export {
  RedisStore,
  type RedisStoreConfig,
  type RedisStoreUrlOptions,
  type RedisVectorSearchMode,
} from "./store.ts";
