import type { Collection, Document, Filter } from "mongodb";
import {
  type CheckpointDoc,
  type ResolvedWrite,
  resolveWrites,
  type ValueDoc,
  type ValueRef,
  valueKey,
  type WriteDoc,
  writeKey,
} from "./saver-documents.ts";

/** Ids per `$in` query: bounds the query document, whatever the page size. */
const IDS_PER_QUERY = 500;
/** Point reads in flight at once when reading by `_id` one at a time. */
const POINT_READS_IN_FLIGHT = 16;

/**
 * How documents are fetched by `_id`:
 * - `batch`: one `{ _id: { $in } }` query per {@link IDS_PER_QUERY} ids (MongoDB: one
 *   index walk per batch);
 * - `point`: one `{ _id }` query per id, several in flight. FerretDB 1.x on SQLite turns
 *   only a lone `_id` equality into an indexed lookup; any other filter, `$in` included,
 *   reads the whole collection, which with megabyte values costs far more than many small queries.
 */
export type IdReadMode = "batch" | "point";

/** The documents of `collection` with these `_id`s (absent ones are skipped), in no order. */
export async function findByIds<T extends Document & { _id: string }>(
  collection: Collection<T>,
  ids: readonly string[],
  mode: IdReadMode,
  projection?: Document,
): Promise<T[]> {
  const unique = [...new Set(ids)];
  const found: T[] = [];
  if (mode === "point") {
    let next = 0;
    const worker = async () => {
      while (next < unique.length) {
        const id = unique[next++]!;
        const doc = await collection.findOne({ _id: id } as Filter<T>, { projection });
        if (doc !== null) found.push(doc as T);
      }
    };
    await Promise.all(
      Array.from({ length: Math.min(POINT_READS_IN_FLIGHT, unique.length) }, worker),
    );
    return found;
  }
  for (let i = 0; i < unique.length; i += IDS_PER_QUERY) {
    const chunk = unique.slice(i, i + IDS_PER_QUERY);
    const docs = await collection
      .find({ _id: { $in: chunk } } as Filter<T>, { projection })
      .toArray();
    for (const doc of docs) found.push(doc as T);
  }
  return found;
}

/**
 * The stored channel values these references name, by {@link valueKey}. The one place
 * values are read: a later layout that stores append-only channels as deltas walks its
 * chains from here.
 */
export async function loadValues(
  values: Collection<ValueDoc>,
  refs: readonly ValueRef[],
  mode: IdReadMode,
): Promise<Map<string, ValueDoc>> {
  const docs = await findByIds(values, refs.map(valueKey), mode);
  const byKey = new Map<string, ValueDoc>();
  for (const doc of docs) byKey.set(doc._id, doc);
  return byKey;
}

/** Which of these value references are stored (ids only, no bytes read). */
export async function storedValueKeys(
  values: Collection<ValueDoc>,
  refs: readonly ValueRef[],
  mode: IdReadMode,
): Promise<Set<string>> {
  const docs = await findByIds(values, refs.map(valueKey), mode, { _id: 1 });
  return new Set(docs.map((doc) => doc._id));
}

/** Write slots read at once per checkpoint, first, when reading by `_id` (doubling after). */
const FIRST_SLOT_PROBE = 2;

/**
 * The pending writes of these checkpoints, by checkpoint `_id`: each checkpoint's write
 * documents in slot order, resolved ({@link resolveWrites}). In `point` mode the slots of
 * each checkpoint are read by `_id`, a few at a time, until the first free one.
 */
export async function loadWrites(
  writes: Collection<WriteDoc>,
  checkpoints: readonly Pick<
    CheckpointDoc,
    "_id" | "thread_id" | "checkpoint_ns" | "checkpoint_id"
  >[],
  mode: IdReadMode,
): Promise<Map<string, ResolvedWrite[]>> {
  const byCheckpoint = new Map<string, ResolvedWrite[]>();
  if (checkpoints.length === 0) return byCheckpoint;
  if (mode === "point") {
    await Promise.all(
      checkpoints.map(async (doc) => {
        const docs: WriteDoc[] = [];
        // Slots have no gaps: read a few at a time, more each round, until one is free.
        for (let first = 0, count = FIRST_SLOT_PROBE; ; first += count, count *= 2) {
          const keys = Array.from({ length: count }, (_, i) =>
            writeKey(doc.thread_id, doc.checkpoint_ns, doc.checkpoint_id, first + i),
          );
          const found = await findByIds(writes, keys, "point");
          found.sort((a, b) => a.slot - b.slot);
          docs.push(...found);
          if (found.length < count) break;
        }
        byCheckpoint.set(doc._id, resolveWrites(docs));
      }),
    );
    return byCheckpoint;
  }
  const keys = checkpoints.map((doc) => doc._id);
  const filter =
    keys.length === 1 ? { checkpoint_key: keys[0]! } : { checkpoint_key: { $in: keys } };
  const docs = await writes.find(filter).sort({ checkpoint_key: 1, slot: 1 }).toArray();
  const grouped = new Map<string, WriteDoc[]>();
  for (const doc of docs) {
    const list = grouped.get(doc.checkpoint_key);
    if (list === undefined) grouped.set(doc.checkpoint_key, [doc]);
    else list.push(doc);
  }
  for (const [key, list] of grouped) byCheckpoint.set(key, resolveWrites(list));
  return byCheckpoint;
}
