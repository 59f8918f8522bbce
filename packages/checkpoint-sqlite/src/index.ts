// Public API of @weft/checkpoint-sqlite. Every export is named; see README.md.

export type { Database } from "./database.ts";
export { SqliteDatabaseError, type SqliteFailure } from "./errors.ts";
export type { SqliteSaverOptions, SqliteStoreOptions } from "./options.ts";
export { SqliteSaver } from "./saver.ts";
export { SqliteStore, type VectorSearchMode } from "./store.ts";
