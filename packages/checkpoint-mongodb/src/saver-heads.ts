import type { Collection } from "mongodb";
import { isDuplicateKeyError } from "./errors.ts";
import { type CheckpointDoc, checkpointKey, type HeadDoc, headKey } from "./saver-documents.ts";

// On MongoDB the latest checkpoint of a (thread, namespace) is one indexed query. A
// server that indexes nothing but `_id` (FerretDB 1.x on SQLite reads the whole
// collection for any other filter) needs a way to find it by `_id` alone, without atomic
// read-modify-write (which such servers lack). This is an append-only log per
// (thread, namespace): entry `seq` stores the greatest checkpoint id of entries 0..seq.
// Entries are immutable and claimed by inserting `_id`s 0, 1, 2... (a taken slot fails
// atomically), so the log has no gaps and its last entry names the latest checkpoint.
// A hint document (last writer wins) and an in-process cache say where the end was, so
// finding it usually costs two reads.

/** The hint document is rewritten every this many entries. */
const HINT_EVERY = 4;

/**
 * Recently used positions (the end of a head log, the next free write slot of a
 * checkpoint), by key; the least recently set go first. Only ever a starting point:
 * readers and writers check with the database.
 */
export class PositionCache {
  private readonly positions = new Map<string, number>();
  private readonly capacity: number;

  constructor(capacity = 1024) {
    this.capacity = capacity;
  }

  get(key: string): number | undefined {
    return this.positions.get(key);
  }

  set(key: string, position: number): void {
    this.positions.delete(key);
    this.positions.set(key, position);
    if (this.positions.size > this.capacity) {
      this.positions.delete(this.positions.keys().next().value as string);
    }
  }

  /** Forgets everything (after deletes: logs and slots may restart from 0). */
  clear(): void {
    this.positions.clear();
  }
}

/**
 * Appends `checkpointId` to the log of (thread, namespace) when it is the greatest id so
 * far (a put of an older id does not change the latest). Call it after the checkpoint's
 * values are written and before its document: the document stays the commit point, and
 * {@link latestCheckpoint} skips entries whose checkpoint is not (yet) there.
 */
export async function recordHead(
  heads: Collection<HeadDoc>,
  cache: PositionCache,
  threadId: string,
  checkpointNs: string,
  checkpointId: string,
): Promise<void> {
  let seq = 0;
  for (let attempt = 0; ; attempt++) {
    const appended = await append(heads, cache, threadId, checkpointNs, checkpointId);
    if (appended === undefined) return; // the log already names a later checkpoint
    seq = appended;
    // A `deleteThread` between finding the end and inserting would leave this entry after
    // a gap, where no reader looks: if the entry before it is gone, start the log again.
    const before =
      seq === 0 ? true : await heads.findOne({ _id: headKey(threadId, checkpointNs, seq - 1) });
    if (before !== null || attempt >= 2) break;
    await heads.deleteOne({ _id: headKey(threadId, checkpointNs, seq) });
    cache.clear();
  }
  cache.set(headKey(threadId, checkpointNs, "hint"), seq);
  // The hint only spares other processes a longer search; a write every few entries does.
  if (seq % HINT_EVERY !== 0) return;
  try {
    await heads.replaceOne(
      { _id: headKey(threadId, checkpointNs, "hint") },
      { thread_id: threadId, checkpoint_ns: checkpointNs, seq },
      { upsert: true },
    );
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error; // a racing hint won: hints are approximate
  }
}

/**
 * Inserts `checkpointId` as the next entry of the log if it is the greatest id so far;
 * returns the entry's `seq`, or undefined when a later id is already there.
 */
async function append(
  heads: Collection<HeadDoc>,
  cache: PositionCache,
  threadId: string,
  checkpointNs: string,
  checkpointId: string,
): Promise<number | undefined> {
  const end = await findEnd(heads, cache, threadId, checkpointNs);
  let seq = end === undefined ? 0 : end.seq + 1;
  let previous = end?.max_id;
  while (previous === undefined || previous < checkpointId) {
    try {
      await heads.insertOne({
        _id: headKey(threadId, checkpointNs, seq),
        thread_id: threadId,
        checkpoint_ns: checkpointNs,
        seq,
        max_id: checkpointId,
      });
      return seq;
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
      // Another put took this slot: fold its maximum in and try the next one.
      const taken = await heads.findOne({ _id: headKey(threadId, checkpointNs, seq) });
      previous = taken?.max_id;
      seq++;
    }
  }
  if (seq > 0) cache.set(headKey(threadId, checkpointNs, "hint"), seq - 1);
  return undefined;
}

/**
 * The latest committed checkpoint of (thread, namespace) by the log: the checkpoint the
 * last entry names, or, when that put has not committed (or died before it), the
 * greatest one of earlier entries that exists.
 */
export async function latestCheckpoint(
  heads: Collection<HeadDoc>,
  checkpoints: Collection<CheckpointDoc>,
  cache: PositionCache,
  threadId: string,
  checkpointNs: string,
): Promise<CheckpointDoc | undefined> {
  let entry = await findEnd(heads, cache, threadId, checkpointNs);
  let missing: string | undefined;
  while (entry !== undefined) {
    const id = entry.max_id;
    if (id !== undefined && id !== missing) {
      const doc = await checkpoints.findOne({ _id: checkpointKey(threadId, checkpointNs, id) });
      if (doc !== null) return doc;
      missing = id;
    }
    if (entry.seq === 0) return undefined;
    entry =
      (await heads.findOne({ _id: headKey(threadId, checkpointNs, entry.seq - 1) })) ?? undefined;
  }
  return undefined;
}

/**
 * The last entry of the log, found by `_id` reads: from the cached or hinted end, gallop
 * forward while entries exist, then bisect. Undefined for an empty log.
 */
async function findEnd(
  heads: Collection<HeadDoc>,
  cache: PositionCache,
  threadId: string,
  checkpointNs: string,
): Promise<HeadDoc | undefined> {
  const read = async (seq: number) =>
    (await heads.findOne({ _id: headKey(threadId, checkpointNs, seq) })) ?? undefined;
  let start = cache.get(headKey(threadId, checkpointNs, "hint"));
  if (start === undefined) {
    const hint = await heads.findOne({ _id: headKey(threadId, checkpointNs, "hint") });
    start = hint?.seq ?? 0;
  }
  let last = await read(start);
  if (last === undefined) {
    if (start === 0) return undefined;
    last = await read(0); // the log restarted (thread deleted): search it from the start
    if (last === undefined) return undefined;
  }
  let step = 1;
  let next = await read(last.seq + step);
  while (next !== undefined) {
    last = next;
    step *= 2;
    next = await read(last.seq + step);
  }
  let missingAt = last.seq + step;
  let low = last;
  while (missingAt - low.seq > 1) {
    const mid: number = (low.seq + missingAt) >>> 1;
    const found = await read(mid);
    if (found === undefined) missingAt = mid;
    else low = found;
  }
  cache.set(headKey(threadId, checkpointNs, "hint"), low.seq);
  return low;
}
