// Puts and deletes. Everything that can fail on input (JSON, size) or on the embedding
// model happens before the first write; then each item is one single-document upsert
// (or delete), so a crash leaves every item either as it was or as it was meant to be.

import {
  effectiveTtl,
  embedTexts,
  expiresAt,
  type IndexEntry,
  type PutOperation,
  planIndexUpdate,
  type ResolvedIndexConfig,
  StoreInputError,
  serializePut,
} from "@weft/store";
import { type AnyBulkWriteOperation, type Binary, BSON } from "mongodb";
import { isDuplicateKeyError } from "./errors.ts";
import type { StoreContext } from "./store-context.ts";
import {
  type ItemDocument,
  type ItemVector,
  itemId,
  joinNamespace,
  namespacePath,
  readVectors,
  storeVectors,
  toStoredVector,
} from "./store-document.ts";
import { type QueryableCopy, queryableCopy } from "./store-filter.ts";
import { findByIds } from "./store-reads.ts";

/** A put checked and serialized before anything is written, with the texts it indexes. */
export interface PreparedPut {
  op: PutOperation;
  id: string;
  /** JSON of the new value, or null for a delete. */
  json: string | null;
  copy: QueryableCopy | undefined;
  entries: IndexEntry[];
}

/**
 * Serializes a put's value, builds its queryable copy and lists the texts to embed.
 * @throws StoreInputError when the value is not JSON data.
 */
export function preparePut(op: PutOperation, index: ResolvedIndexConfig | undefined): PreparedPut {
  const id = itemId(op.namespace, op.key);
  const { json, entries } = serializePut(op, index);
  // The copy is taken from the JSON, so it holds exactly what reads will return.
  const copy =
    json === null ? undefined : queryableCopy(JSON.parse(json) as Record<string, unknown>);
  return { op, id, json, copy, entries };
}

/** What the store holds now for an item a batch puts (expired or not). */
export interface ExistingItem {
  expiresAt: Date | null;
  /** Text → stored vector, when the store has an index. */
  vectors: Map<string, Binary>;
}

/**
 * Reads, in one query, the current documents of the items `puts` write: whether they
 * exist (new items are inserted, which FerretDB does far faster than upserts), whether
 * they expired, and their vectors (so unchanged text is not embedded again).
 */
export async function loadExisting(
  ctx: StoreContext,
  puts: readonly PreparedPut[],
): Promise<Map<string, ExistingItem>> {
  const ids = puts.filter((put) => put.json !== null).map((put) => put.id);
  const out = new Map<string, ExistingItem>();
  if (ids.length === 0) return out;
  const projection: Record<string, 1> = { _id: 1, expiresAt: 1 };
  if (ctx.index) Object.assign(projection, { embedding: 1, "vectors.t": 1, "vectors.v": 1 });
  const docs = await findByIds<Pick<ItemDocument, "_id" | "expiresAt" | "embedding" | "vectors">>(
    ctx,
    "put",
    ids,
    projection,
  );
  for (const doc of docs) {
    out.set(doc._id, {
      expiresAt: doc.expiresAt ?? null,
      vectors: new Map(readVectors(doc).map(({ text, vector }) => [text!, vector])),
    });
  }
  return out;
}

/**
 * The vectors of every put, by item id: a text the item's stored version already has a
 * vector for keeps it (even if that version expired), the others are embedded in one
 * call. Nothing is written here, so a failing model changes nothing.
 */
export async function embedPuts(
  ctx: StoreContext,
  puts: readonly PreparedPut[],
  existing: Map<string, ExistingItem>,
): Promise<Map<string, ItemVector[]>> {
  const out = new Map<string, ItemVector[]>();
  const index = ctx.index;
  const indexed = puts.filter((put) => put.entries.length > 0);
  if (!index || indexed.length === 0) return out;
  const toEmbed = new Set<string>();
  for (const put of indexed) {
    const known = existing.get(put.id)?.vectors.keys() ?? [];
    for (const entry of planIndexUpdate(known, put.entries).embed) toEmbed.add(entry.text);
  }
  const embedded = await embedTexts(index.embeddings, toEmbed, index.dims);
  for (const put of indexed) {
    const known = existing.get(put.id)?.vectors;
    out.set(
      put.id,
      put.entries.map(({ field, text }) => ({
        field,
        text,
        vector: known?.get(text) ?? toStoredVector(embedded.get(text)!),
      })),
    );
  }
  return out;
}

/** The fields a put sets, and those only a new item gets. */
interface ItemWrite {
  id: string;
  set?: Omit<ItemDocument, "_id" | "seq" | "createdAt">;
  insert?: Pick<ItemDocument, "seq" | "createdAt">;
}

/**
 * Writes the puts: new items in one unordered insert, then updates and deletes in one
 * ordered bulk write. An item is written whole by one operation, so a crash leaves each
 * item as it was or as it was meant to be. A put over an expired item makes a fresh item
 * (new `createdAt`, new place in the order): the expired document is deleted first, in
 * the same bulk write. An insert that loses a race with another client's insert of the
 * same item becomes an update. Returns whether an item with an expiry was written.
 *
 * @throws StoreInputError before writing anything when an item exceeds the server's
 *   document size limit.
 */
export async function writePuts(
  ctx: StoreContext,
  puts: readonly PreparedPut[],
  existing: Map<string, ExistingItem>,
  vectors: Map<string, ItemVector[]>,
  now: number,
): Promise<{ expiring: boolean }> {
  if (puts.length === 0) return { expiring: false };
  const nowDate = new Date(now);
  let expiring = false;
  // First every document, checked, then the writes that can no longer fail on input.
  const writes: ItemWrite[] = puts.map(({ op, id, json, copy }) => {
    if (json === null) return { id };
    const ttl = effectiveTtl(op.ttl, ctx.ttl);
    const expiry = expiresAt(now, ttl);
    if (expiry !== null) expiring = true;
    const set = {
      ns: joinNamespace(op.namespace),
      nsPath: namespacePath(op.namespace),
      key: op.key,
      value: json,
      q: copy!.q,
      qPartial: copy!.partial,
      updatedAt: nowDate,
      ttl,
      expiresAt: expiry === null ? null : new Date(expiry),
      ...storeVectors(vectors.get(id) ?? []),
    };
    checkSize(ctx, op, { _id: id, ...set, seq: Number.MAX_SAFE_INTEGER, createdAt: nowDate });
    return { id, set };
  });
  const creations = writes.filter((write) => write.set !== undefined).length;
  let seq = creations > 0 ? await reserveSeqs(ctx, creations) : 0;
  for (const write of writes) {
    if (write.set !== undefined) write.insert = { seq: seq++, createdAt: nowDate };
  }

  const inserts = writes.filter((write) => write.set !== undefined && !existing.has(write.id));
  const lostRaces = await insertItems(ctx, inserts);
  const ops: AnyBulkWriteOperation<ItemDocument>[] = [];
  for (const write of writes) {
    const { id, set, insert } = write;
    if (set === undefined) {
      ops.push({ deleteOne: { filter: { _id: id } } });
      continue;
    }
    const found = existing.get(id);
    if (found === undefined && !lostRaces.has(write)) continue;
    if (found?.expiresAt != null && found.expiresAt.getTime() <= now) {
      ops.push({ deleteOne: { filter: { _id: id, expiresAt: { $lte: nowDate } } } });
    }
    ops.push({
      updateOne: { filter: { _id: id }, update: { $set: set, $setOnInsert: insert }, upsert: true },
    });
  }
  if (ops.length > 0) {
    await ctx.connection.call("put", () => ctx.items.bulkWrite(ops, { ordered: true }));
  }
  return { expiring };
}

/** Inserts new items; returns those another client inserted first (to update instead). */
async function insertItems(ctx: StoreContext, writes: ItemWrite[]): Promise<Set<ItemWrite>> {
  const lost = new Set<ItemWrite>();
  if (writes.length === 0) return lost;
  const docs = writes.map(({ id, set, insert }) => ({ _id: id, ...set!, ...insert! }));
  await ctx.connection.call("put", async () => {
    try {
      await ctx.items.insertMany(docs, { ordered: false });
    } catch (error) {
      const failures = (error as { writeErrors?: { index: number; code?: number }[] }).writeErrors;
      if (!isDuplicateKeyError(error) || failures === undefined) throw error;
      for (const failure of failures) {
        if (failure.code !== 11000) throw error;
        lost.add(writes[failure.index]!);
      }
    }
  });
  return lost;
}

/**
 * Reserves `count` creation numbers and returns the first. One `$inc` on a counter
 * document: atomic on MongoDB; FerretDB 1.x may hand two concurrent clients the same
 * numbers, which then only ties their items' order (broken by id).
 */
async function reserveSeqs(ctx: StoreContext, count: number): Promise<number> {
  const counter = await ctx.connection.call("put", () =>
    ctx.meta.findOneAndUpdate(
      { _id: "seq" },
      { $inc: { value: count } },
      { upsert: true, returnDocument: "after" },
    ),
  );
  return (counter?.value ?? count) - count + 1;
}

function checkSize(ctx: StoreContext, op: PutOperation, doc: Record<string, unknown>): void {
  const bytes = BSON.calculateObjectSize(doc);
  if (bytes > ctx.maxDocumentBytes) {
    throw new StoreInputError(
      `The item ${JSON.stringify(op.key)} in ${JSON.stringify(op.namespace)} takes ${bytes} bytes stored; ` +
        `the server accepts documents up to ${ctx.maxDocumentBytes} bytes.`,
      { namespace: op.namespace, key: op.key, bytes, limit: ctx.maxDocumentBytes },
    );
  }
}
