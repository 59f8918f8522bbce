import type { BaseCheckpointSaverOptions, SerializerProtocol } from "@weft/checkpoint";
import type { StoreOptions } from "@weft/store";
import type { MongoClient } from "mongodb";
import type { MongoConnectOptions } from "./connection.ts";

/** Where the saver or store lives: a client the caller owns, and a database in it. */
export interface MongoTarget {
  /** A connected or unconnected `MongoClient`; it stays yours to close. */
  client: MongoClient;
  /** Database of Weft's collections. @default the client's default database (from its URL, else `test`) */
  dbName?: string;
  /**
   * Collection holding one layout-version marker per component, checked by `setup()` so
   * an older Weft never writes into collections laid out by a newer one.
   * @default "weft_layout"
   */
  layoutCollectionName?: string;
}

/**
 * Options of `MongoDBSaver`: the common saver options (`serde`, `threadTtl`, `now`), the
 * client, and collection names (the first two as the peer names them).
 */
export interface MongoDBSaverOptions extends BaseCheckpointSaverOptions, MongoTarget {
  /** One document per checkpoint. @default "checkpoints" */
  checkpointCollectionName?: string;
  /** One document per pending write. @default "checkpoint_writes" */
  checkpointWritesCollectionName?: string;
  /** One document per stored channel value, shared by the checkpoints that use it. @default "checkpoint_values" */
  checkpointValuesCollectionName?: string;
  /** Last access time per thread, kept only when `threadTtl` is set. @default "checkpoint_threads" */
  threadCollectionName?: string;
  /**
   * Log of each (thread, namespace)'s latest checkpoint, kept only on servers that index
   * nothing but `_id` (FerretDB 1.x). @default "checkpoint_heads"
   */
  headCollectionName?: string;
}

/** Options of `MongoDBSaver.fromConnString`: the saver's options without `client`, plus how to connect. */
export type MongoDBSaverConnectOptions = Omit<MongoDBSaverOptions, "client"> & MongoConnectOptions;

/** Options of `MongoDBStore`: the common store options (`index`, `ttl`, `now`), the client and collection names. */
export interface MongoDBStoreOptions extends StoreOptions, MongoTarget {
  /** One document per item. @default "store" */
  collectionName?: string;
}

/** Options of `MongoDBStore.fromConnString`: the store's options without `client`, plus how to connect. */
export type MongoDBStoreConnectOptions = Omit<MongoDBStoreOptions, "client"> & MongoConnectOptions;

/** Default collection names, in one place for code, tests and the README. */
export const DEFAULT_COLLECTIONS = {
  checkpoints: "checkpoints",
  writes: "checkpoint_writes",
  values: "checkpoint_values",
  threads: "checkpoint_threads",
  heads: "checkpoint_heads",
  store: "store",
  layout: "weft_layout",
} as const;

/** True when a constructor's second argument is a serializer alone (the peer's form). */
export function isSerializer(value: unknown): value is SerializerProtocol {
  return typeof (value as SerializerProtocol | undefined)?.dumpsTyped === "function";
}
