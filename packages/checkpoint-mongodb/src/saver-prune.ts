import type { PruneResult, PruneRule } from "@weft/checkpoint";
import { checkpointKey, valueKey, valueRefs } from "./saver-documents.ts";
import type { SaverCollections } from "./saver-layout.ts";

/** Keys per `$in` of a delete. */
const KEYS_PER_DELETE = 500;

/** The checkpoints of one (thread, namespace) that a prune removes. */
export interface PruneGroup {
  threadId: string;
  checkpointNs: string;
  ids: string[];
}

/**
 * Walks the checkpoints of the given threads (every thread when undefined) in
 * (thread, namespace, newest first) order from the index, reading only ids and times,
 * and hands each (thread, namespace) whose removals `rule` allows to `remove` as soon as
 * the walk leaves it: memory holds one namespace's doomed ids, never the whole history.
 */
export async function pruneWalk(
  collections: SaverCollections,
  threadIds: readonly string[] | undefined,
  rule: PruneRule,
  remove: (group: PruneGroup) => Promise<void>,
): Promise<void> {
  const filter = threadIds === undefined ? {} : { thread_id: { $in: [...threadIds] } };
  const cursor = collections.checkpoints
    .find(filter, { projection: { thread_id: 1, checkpoint_ns: 1, checkpoint_id: 1, ts: 1 } })
    .sort({ thread_id: 1, checkpoint_ns: 1, checkpoint_id: -1 });
  let group: PruneGroup | undefined;
  let rank = 0;
  for await (const doc of cursor) {
    if (group?.threadId !== doc.thread_id || group.checkpointNs !== doc.checkpoint_ns) {
      if (group !== undefined && group.ids.length > 0) await remove(group);
      group = { threadId: doc.thread_id, checkpointNs: doc.checkpoint_ns, ids: [] };
      rank = 0;
    }
    if (rule.removes(rank++, doc.ts)) group.ids.push(doc.checkpoint_id);
  }
  if (group !== undefined && group.ids.length > 0) await remove(group);
}

/**
 * Removes checkpoints of one (thread, namespace), commit points first, then their
 * pending writes, then the channel values no remaining checkpoint of the namespace uses.
 */
export async function removeCheckpoints(
  collections: SaverCollections,
  threadId: string,
  checkpointNs: string,
  checkpointIds: readonly string[],
): Promise<PruneResult> {
  const keys = checkpointIds.map((id) => checkpointKey(threadId, checkpointNs, id));
  const removed: PruneResult = { checkpoints: 0, writes: 0 };
  for (let i = 0; i < keys.length; i += KEYS_PER_DELETE) {
    const chunk = keys.slice(i, i + KEYS_PER_DELETE);
    removed.checkpoints += (
      await collections.checkpoints.deleteMany({ _id: { $in: chunk } })
    ).deletedCount;
    removed.writes += await countWrites(collections, chunk);
    await collections.writes.deleteMany({ checkpoint_key: { $in: chunk } });
  }
  if (removed.checkpoints > 0) await removeUnusedValues(collections, threadId, checkpointNs);
  return removed;
}

/**
 * Deletes the values of (thread, namespace) that no checkpoint refers to: those only
 * removed checkpoints used, and leftovers of puts that died before their commit point.
 * A put running meanwhile may lose a value it just wrote; it notices when it checks its
 * values after committing, and writes them again.
 */
export async function removeUnusedValues(
  collections: SaverCollections,
  threadId: string,
  checkpointNs: string,
): Promise<void> {
  const scope = { thread_id: threadId, checkpoint_ns: checkpointNs };
  const live = new Set<string>();
  const remaining = collections.checkpoints.find(scope, {
    projection: { thread_id: 1, checkpoint_ns: 1, refs: 1 },
  });
  for await (const doc of remaining) {
    for (const ref of valueRefs(doc)) live.add(valueKey(ref));
  }
  const unused: string[] = [];
  for await (const doc of collections.values.find(scope, { projection: { _id: 1 } })) {
    if (!live.has(doc._id)) unused.push(doc._id);
  }
  for (let i = 0; i < unused.length; i += KEYS_PER_DELETE) {
    await collections.values.deleteMany({ _id: { $in: unused.slice(i, i + KEYS_PER_DELETE) } });
  }
}

/** How many pending writes (after resolving retries) these checkpoints have. */
async function countWrites(
  collections: SaverCollections,
  keys: readonly string[],
): Promise<number> {
  const docs = await collections.writes
    .find(
      { checkpoint_key: { $in: [...keys] } },
      { projection: { checkpoint_key: 1, task_id: 1, "writes.idx": 1 } },
    )
    .toArray();
  const distinct = new Set<string>();
  for (const doc of docs) {
    for (const write of doc.writes)
      distinct.add(JSON.stringify([doc.checkpoint_key, doc.task_id, write.idx]));
  }
  return distinct.size;
}
