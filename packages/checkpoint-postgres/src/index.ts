// Public API of @weft/checkpoint-postgres. Every export is named; see README.md.

export { isTransientPgError, PostgresDatabaseError, type PostgresFailure } from "./errors.ts";
export {
  DEFAULT_RETRY,
  DEFAULT_SCHEMA,
  type PgRetryOptions,
  type PostgresConnectionOptions,
  type PostgresSaverOptions,
  type PostgresSetupOptions,
} from "./options.ts";
export { storeVectorIndexSql, type VectorIndexSqlOptions } from "./pgvector.ts";
export { PostgresSaver } from "./saver.ts";
export { saverMigrationSql } from "./schema.ts";
export { PostgresStore, type VectorSearchMode } from "./store.ts";
export type {
  DistanceMetric,
  HnswConfig,
  PostgresIndexConfig,
  PostgresStoreOptions,
} from "./store-options.ts";
export { storeMigrationSql } from "./store-schema.ts";
