import type { Item } from "@weft/store";
import { type ItemRow, type StoreStatements, VECTORS_VERSION } from "./store-statements.ts";
import type { VectorMirror, VectorTable } from "./vector-table.ts";

/** What a set-up `SqliteStore` keeps for its connection, shared by its reads and writes. */
export interface StoreState {
  sql: StoreStatements;
  /** The sqlite-vec table, when the extension is loaded. */
  vec: VectorTable | undefined;
  /** A vector table exists but this connection cannot update it: mark it stale on writes. */
  markStale: boolean;
  /** Brute-force mode: the vectors in memory, loaded by the first search. */
  mirror: VectorMirror | undefined;
  /** The current transaction changed vectors (so `vectors_version` moves at its end). */
  vectorsChanged: boolean;
  /** sqlite-vec mode: items with an all-zero vector (not in `vec0`), per `vectors_version`. */
  zeroItems: { version: number; seqs: number[] } | undefined;
}

/** The state right after setup: no mirror or cache loaded yet, no change pending. */
export function newStoreState(
  sql: StoreStatements,
  vec: VectorTable | undefined,
  markStale: boolean,
): StoreState {
  return { sql, vec, markStale, mirror: undefined, vectorsChanged: false, zeroItems: undefined };
}

/** The stored `vectors_version`: in-memory copies of vectors are valid for one version. */
export function vectorsVersion(state: StoreState): number {
  return Number(state.sql.getMeta.get(VECTORS_VERSION) ?? 0);
}

/** An item row as the store API returns it; values are JSON, so a `Date` reads back as a string. */
export function toItem(row: ItemRow): Item {
  return {
    value: JSON.parse(row.value),
    key: row.key,
    namespace: row.prefix.split("."),
    createdAt: new Date(row.created_at),
    updatedAt: new Date(row.updated_at),
  };
}
