// Public API of @weft/checkpoint-mongodb. Every export is named; see README.md.

export {
  DEFAULT_SERVER_SELECTION_TIMEOUT_MS,
  MongoConnection,
  type MongoConnectOptions,
  type ServerFeatures,
} from "./connection.ts";
export { MongoDatabaseError, type MongoFailure } from "./errors.ts";
export {
  DEFAULT_COLLECTIONS,
  type MongoDBSaverConnectOptions,
  type MongoDBSaverOptions,
  type MongoDBStoreConnectOptions,
  type MongoDBStoreOptions,
  type MongoTarget,
} from "./options.ts";
export { MongoDBSaver } from "./saver.ts";
export type { IdReadMode } from "./saver-values.ts";
export { type ExpiryMode, MongoDBStore } from "./store.ts";
