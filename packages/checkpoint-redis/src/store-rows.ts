// Items as the store's scripts return them (arrays of Buffers) and as the API returns them.

import type { Item } from "@weft/store";
import { ITEM_FIELD_COUNT } from "./scripts/store-common.ts";

/** Which vector data a read asks for: none, the embeddings, or texts and embeddings. */
export type ReadMode = "0" | "1" | "2";

/** One stored item, decoded. */
export interface ItemRow {
  /** The item's id in Redis: the JSON array `[...namespace, key]`. */
  id: string;
  namespace: string[];
  key: string;
  /** The value as stored (JSON text). */
  json: string;
  createdAt: number;
  updatedAt: number;
  /** Creation sequence: orders search results; changes when the item is re-created. */
  seq: number;
  /** Minutes, or null when the item never expires. */
  ttl: number | null;
  /** Epoch ms, or null. */
  expiresAt: number | null;
  /** How many vectors the item has (whatever the read mode). */
  vectorCount: number;
  /** Texts of the vectors (mode "2" only), in the order of `embeddings`. */
  texts: string[];
  /** Stored unit-length float32 vectors (modes "1" and "2"). */
  embeddings: Buffer[];
}

/** The id of an item in Redis. */
export function itemId(namespace: readonly string[], key: string): string {
  return JSON.stringify([...namespace, key]);
}

const text = (field: Buffer | null | undefined): string => (field ? field.toString("utf8") : "");

const numberOrNull = (field: Buffer | null | undefined): number | null => {
  const raw = text(field);
  return raw === "" ? null : Number(raw);
};

/** Decodes one entry of a fetch or scan reply; null for an empty entry (missing item). */
export function parseItem(reply: readonly (Buffer | null)[], mode: ReadMode): ItemRow | null {
  if (reply.length === 0) return null;
  const namespace = text(reply[0]).split(".");
  const key = text(reply[1]);
  const row: ItemRow = {
    id: itemId(namespace, key),
    namespace,
    key,
    json: text(reply[2]),
    createdAt: Number(text(reply[3])),
    updatedAt: Number(text(reply[4])),
    seq: Number(text(reply[5])),
    ttl: numberOrNull(reply[6]),
    expiresAt: numberOrNull(reply[7]),
    vectorCount: Number(text(reply[8])),
    texts: [],
    embeddings: [],
  };
  if (mode === "1") {
    for (let i = ITEM_FIELD_COUNT; i < reply.length; i++) row.embeddings.push(reply[i] ?? EMPTY);
  } else if (mode === "2") {
    for (let i = ITEM_FIELD_COUNT; i + 1 < reply.length; i += 2) {
      row.texts.push(text(reply[i]));
      row.embeddings.push(reply[i + 1] ?? EMPTY);
    }
  }
  return row;
}

const EMPTY = Buffer.alloc(0);

/** The API's view of a row: a fresh copy, so callers can mutate it freely. */
export function toItem(row: ItemRow): Item {
  return {
    value: JSON.parse(row.json),
    key: row.key,
    namespace: [...row.namespace],
    createdAt: new Date(row.createdAt),
    updatedAt: new Date(row.updatedAt),
  };
}
