import type { ResolvedIndexConfig, ResolvedTtlConfig } from "@weft/store";
import type { Collection } from "mongodb";
import type { MongoConnection } from "./connection.ts";
import type { ItemDocument } from "./store-document.ts";

/** A counter document of the store's meta collection. */
export interface MetaDocument {
  _id: string;
  value: number;
}

/** What a set-up `MongoDBStore` hands its reads and writes. */
export interface StoreContext {
  connection: MongoConnection;
  items: Collection<ItemDocument>;
  /** Holds the creation counter (`seq`) and the vector dimensions (`dims`). */
  meta: Collection<MetaDocument>;
  /** The vector index, if search by `query` is on. */
  index: ResolvedIndexConfig | undefined;
  ttl: ResolvedTtlConfig;
  /** Largest document the server accepts, in bytes. */
  maxDocumentBytes: number;
  /**
   * Read items by id one query each rather than with one `$in`: FerretDB 1.x answers `_id`
   * equality from its own query but scans the whole collection for `$in`.
   */
  pointReads: boolean;
}
