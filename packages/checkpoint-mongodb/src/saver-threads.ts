import { isDuplicateKeyError } from "./errors.ts";
import type { SaverCollections } from "./saver-layout.ts";

/**
 * Deletes everything of a thread, commit point first: once its checkpoint documents are
 * gone no reader sees the thread, and the writes, values and access time that follow are
 * invisible leftovers if the process dies midway (a second call removes them).
 */
export async function removeThread(collections: SaverCollections, threadId: string): Promise<void> {
  await collections.checkpoints.deleteMany({ thread_id: threadId });
  await collections.writes.deleteMany({ thread_id: threadId });
  await collections.values.deleteMany({ thread_id: threadId });
  await collections.heads.deleteMany({ thread_id: threadId });
  await collections.threads.deleteOne({ _id: threadId });
}

/**
 * Removes the thread if it was last accessed at or before `cutoff`. The access record is
 * deleted first, on that condition, so a thread touched meanwhile by another process is
 * spared; only the caller that deleted the record removes the data.
 *
 * @returns Whether the thread was removed.
 */
export async function removeIfExpired(
  collections: SaverCollections,
  threadId: string,
  cutoff: number,
): Promise<boolean> {
  const claimed = await collections.threads.deleteOne({
    _id: threadId,
    touched_at: { $lte: cutoff },
  });
  if (claimed.deletedCount === 0) return false;
  await removeThread(collections, threadId);
  return true;
}

/** Records an access to the thread at `at` (creating its record when `create`). */
export async function touchThread(
  collections: SaverCollections,
  threadId: string,
  at: number,
  create: boolean,
): Promise<void> {
  const update = () =>
    collections.threads.updateOne(
      { _id: threadId },
      { $set: { touched_at: at } },
      { upsert: create },
    );
  try {
    await update();
  } catch (error) {
    // Two first touches raced to insert the record: the loser's update now finds it.
    if (!isDuplicateKeyError(error)) throw error;
    await update();
  }
}

/** The thread's last access time, or undefined when it has no record. */
export async function lastAccess(
  collections: SaverCollections,
  threadId: string,
): Promise<number | undefined> {
  const doc = await collections.threads.findOne({ _id: threadId });
  return doc?.touched_at;
}

/**
 * Gives every thread that has checkpoints but no access record one, dated `at`: threads
 * written by a saver without a TTL start their clock when a saver with a TTL sets up.
 */
export async function backfillThreads(collections: SaverCollections, at: number): Promise<void> {
  const threadIds = (await collections.checkpoints.distinct("thread_id")) as string[];
  if (threadIds.length === 0) return;
  const known = new Set<string>();
  for await (const doc of collections.threads.find({}, { projection: { _id: 1 } })) {
    known.add(doc._id);
  }
  const missing = threadIds.filter((threadId) => !known.has(threadId));
  for (const threadId of missing) {
    try {
      await collections.threads.updateOne(
        { _id: threadId },
        { $setOnInsert: { touched_at: at } },
        { upsert: true },
      );
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error; // another process backfilled it first
    }
  }
}

/** Ids of the threads last accessed at or before `cutoff`. */
export async function expiredThreads(
  collections: SaverCollections,
  cutoff: number,
): Promise<string[]> {
  const docs = await collections.threads
    .find({ touched_at: { $lte: cutoff } }, { projection: { _id: 1 } })
    .toArray();
  return docs.map((doc) => doc._id);
}
