// The layout of a store item in MongoDB: one document per item, everything it needs
// (value, queryable copy, times, vectors) in that one document, so every write of an
// item is a single-document write, atomic without transactions.

import { type Item, writeNormalized } from "@weft/store";
import { Binary } from "mongodb";
import type { QueryScalar } from "./store-filter.ts";

/** Version of this layout, recorded by `setup()` in the layout collection. */
export const STORE_LAYOUT_VERSION = 1;

/** One embedded text of an item, as stored in `vectors`. */
export interface StoredText {
  /** The field path it came from (`"text"`, `"tags[*].1"`). */
  f: string;
  /** The text, so an update re-embeds only text that changed. */
  t: string;
  /** Its vector; absent on the first text, whose vector is the document's `embedding`. */
  v?: Binary;
}

/** One embedded text of an item with its vector (normalized float32 BSON vector). */
export interface ItemVector {
  field: string;
  text: string;
  vector: Binary;
}

/** A store item as stored. */
export interface ItemDocument {
  /** `JSON.stringify([...namespace, key])`: unique per item, so puts are idempotent upserts. */
  _id: string;
  /** The namespace labels joined with "." (labels never hold one). */
  ns: string;
  /**
   * Every prefix of the namespace (`["a", "a.b"]` for `a.b`): a prefix search is one
   * equality on a multikey index, which also gives creation order (`{nsPath, seq}`), and
   * an Atlas vector search index can filter on it.
   */
  nsPath: string[];
  key: string;
  /** The value as JSON text: user keys may contain "." or start with "$". */
  value: string;
  /** Queryable copy of the value's scalars (see `store-filter.ts`). */
  q: Record<string, QueryScalar>;
  /** True when `q` lacks some of the value: filters always let the item through. */
  qPartial: boolean;
  /** Creation order: `search` without a query returns items by it. */
  seq: number;
  createdAt: Date;
  updatedAt: Date;
  /** Minutes, or null for no expiry. */
  ttl: number | null;
  /** When the item expires (a BSON date, so a TTL index can use it), or null. */
  expiresAt: Date | null;
  /**
   * The vector of the first indexed text, or null: one vector at a fixed path, which an
   * Atlas vector search index can cover (it cannot index inside arrays of documents).
   */
  embedding: Binary | null;
  /** The indexed texts in field order, with the vectors of all but the first. */
  vectors: StoredText[];
  /** Number of vectors: searches find the items without any with an index. */
  nvec: number;
}

/** The id of the item at (`namespace`, `key`). */
export function itemId(namespace: readonly string[], key: string): string {
  return JSON.stringify([...namespace, key]);
}

/** A namespace as stored in `ns`. */
export function joinNamespace(namespace: readonly string[]): string {
  return namespace.join(".");
}

/** Every prefix of a namespace, joined: the stored `nsPath`. */
export function namespacePath(namespace: readonly string[]): string[] {
  return namespace.map((_, i) => joinNamespace(namespace.slice(0, i + 1)));
}

/** The stored fields of an item's vectors: the first at `embedding`, the others inline. */
export function storeVectors(
  vectors: readonly ItemVector[],
): Pick<ItemDocument, "embedding" | "vectors" | "nvec"> {
  return {
    embedding: vectors[0]?.vector ?? null,
    vectors: vectors.map(({ field, text, vector }, i) =>
      i === 0 ? { f: field, t: text } : { f: field, t: text, v: vector },
    ),
    nvec: vectors.length,
  };
}

/**
 * The vectors of a stored item, in field order, from its `embedding` and `vectors`
 * (with their texts when `vectors.t` was read).
 */
export function readVectors(
  doc: Partial<Pick<ItemDocument, "embedding" | "vectors">>,
): { text: string | undefined; vector: Binary }[] {
  const out: { text: string | undefined; vector: Binary }[] = [];
  const texts = doc.vectors ?? [];
  if (doc.embedding) out.push({ text: texts[0]?.t, vector: doc.embedding });
  // Only the first text lacks `v`; a projection may drop it from the array entirely.
  for (const { t, v } of texts) if (v) out.push({ text: t, vector: v });
  return out;
}

/** The stored form of a vector: normalized float32, as a BSON vector (binary subtype 9). */
export function toStoredVector(vector: ArrayLike<number>): Binary {
  const out = new Float32Array(vector.length);
  writeNormalized(vector, out, 0);
  return Binary.fromFloat32Array(out);
}

/** Fields `toItem` reads. */
export type ItemFields = Pick<ItemDocument, "ns" | "key" | "value" | "createdAt" | "updatedAt">;

/** A stored item as the store API returns it; values are JSON, so a `Date` reads back as a string. */
export function toItem(doc: ItemFields): Item {
  return {
    value: JSON.parse(doc.value),
    key: doc.key,
    namespace: doc.ns.split("."),
    createdAt: new Date(doc.createdAt),
    updatedAt: new Date(doc.updatedAt),
  };
}

/** Projection of the fields `toItem` needs (and `seq`, `ttl` for ordering and refreshing). */
export const ITEM_PROJECTION = {
  _id: 1,
  ns: 1,
  key: 1,
  value: 1,
  createdAt: 1,
  updatedAt: 1,
  seq: 1,
  ttl: 1,
} as const;
