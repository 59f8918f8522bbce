import {
  effectiveTtl,
  expiresAt,
  type IndexEntry,
  type PutOperation,
  type ResolvedIndexConfig,
  type ResolvedTtlConfig,
  serializePut,
} from "@weft/store";
import { type ItemRow, itemId } from "./store-rows.ts";
import { toBlob } from "./store-vectors.ts";

/** A put (or delete) checked and serialized before anything is written. */
export interface PreparedPut {
  op: PutOperation;
  /** The item's id in Redis. */
  id: string;
  /** JSON of the new value, or null for a delete. */
  json: string | null;
  /** The texts to embed, by field. */
  entries: IndexEntry[];
}

/**
 * Serializes a put's value and lists the texts to embed under the put's `index` (or the
 * store's fields).
 * @throws StoreInputError when the value is not JSON data.
 */
export function preparePut(op: PutOperation, index: ResolvedIndexConfig | undefined): PreparedPut {
  return { op, id: itemId(op.namespace, op.key), ...serializePut(op, index) };
}

/**
 * The stored vector of each text the current versions of the items already have, so an
 * update re-embeds only the text that changed. An expired item's vectors count too: a put
 * replacing it reuses them.
 */
export function storedVectors(current: Iterable<ItemRow | null>): Map<string, Buffer> {
  const byText = new Map<string, Buffer>();
  for (const row of current) {
    if (row === null) continue;
    row.texts.forEach((text, i) => {
      byText.set(text, row.embeddings[i]!);
    });
  }
  return byText;
}

/** Texts of `puts` that have neither a stored vector nor a fresh embedding. */
export function missingTexts(puts: readonly PreparedPut[], stored: Map<string, Buffer>): string[] {
  const missing = new Set<string>();
  for (const { entries } of puts) {
    for (const { text } of entries) if (!stored.has(text)) missing.add(text);
  }
  return [...missing];
}

/**
 * The arguments of the write script for `puts` at `now` (see `STORE_WRITE`): every entry
 * carries its vector, taken from `stored` or from `embedded`.
 */
export function writeArguments(
  puts: readonly PreparedPut[],
  ttlConfig: ResolvedTtlConfig,
  stored: Map<string, Buffer>,
  embedded: Map<string, number[]>,
  now: number,
): (string | Buffer)[] {
  const args: (string | Buffer)[] = [];
  for (const { op, id, json, entries } of puts) {
    if (json === null) {
      args.push("del", id);
      continue;
    }
    const ttl = effectiveTtl(op.ttl, ttlConfig);
    const expiry = expiresAt(now, ttl);
    args.push(
      "put",
      id,
      op.namespace.join("."),
      op.key,
      json,
      ttl === null ? "" : String(ttl),
      expiry === null ? "" : String(expiry),
      String(entries.length),
    );
    for (const { field, text } of entries) {
      const blob = stored.get(text) ?? toBlob(embedded.get(text)!);
      args.push(field, text, blob);
    }
  }
  return args;
}
