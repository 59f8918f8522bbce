import { setTimeout as sleep } from "node:timers/promises";
import { MongoDatabaseError } from "./errors.ts";
import {
  type CheckpointDoc,
  type ResolvedWrite,
  type ValueDoc,
  type ValueRef,
  valueKey,
  valueRefs,
} from "./saver-documents.ts";
import type { SaverCollections } from "./saver-layout.ts";
import { findByIds, type IdReadMode, loadValues, loadWrites } from "./saver-values.ts";

/** A checkpoint document with the values it refers to and its pending writes. */
export interface LoadedDoc {
  doc: CheckpointDoc;
  /** At least the values the checkpoint refers to, by `valueKey`. */
  values: ReadonlyMap<string, ValueDoc>;
  /** The checkpoint's pending writes, resolved and in order. */
  writes: ResolvedWrite[];
}

/**
 * Pages larger than this read their values and writes with one query per collection even
 * in `point` mode: on a server that reads the whole collection for such a query, one read
 * per page costs less than a lookup per value and per write slot of hundreds of checkpoints.
 */
const POINT_READS_MAX_PAGE = 8;

/** How long a reader waits before looking again for values a put is rewriting. */
const REPAIR_WAIT_MS = 50;

/**
 * Loads the values and writes of a page of checkpoint documents: one batch of value
 * references (shared values read once) and one query for the writes, whatever the page
 * size. Without transactions the page is not a snapshot, so a checkpoint whose values
 * are missing is looked at again: gone means it was deleted meanwhile (its slot is
 * `undefined`); still there means a put is repairing it after a concurrent prune, so its
 * values are read once more.
 *
 * @throws MongoDatabaseError `SAVER_ERROR` (`driver`) if values stay missing.
 */
export async function loadDocs(
  collections: SaverCollections,
  docs: readonly CheckpointDoc[],
  mode: IdReadMode,
  address: string,
): Promise<(LoadedDoc | undefined)[]> {
  if (docs.length === 0) return [];
  const fetch: IdReadMode = docs.length > POINT_READS_MAX_PAGE ? "batch" : mode;
  const refs = docs.map((doc) => valueRefs(doc));
  const values = await loadValues(collections.values, refs.flat(), fetch);
  const writes = await loadWrites(collections.writes, docs, fetch);
  const current: (CheckpointDoc | undefined)[] = [...docs];
  const incomplete = docs.filter((_, i) => !complete(refs[i]!, values));
  if (incomplete.length > 0) {
    await sleep(REPAIR_WAIT_MS);
    const reread = await findByIds(
      collections.checkpoints,
      incomplete.map((doc) => doc._id),
      mode,
    );
    const byKey = new Map(reread.map((doc) => [doc._id, doc]));
    const reloaded = await loadValues(
      collections.values,
      reread.flatMap((doc) => valueRefs(doc)),
      mode,
    );
    for (const [key, value] of reloaded) values.set(key, value);
    for (let i = 0; i < current.length; i++) {
      const doc = current[i]!;
      if (!incomplete.includes(doc)) continue;
      const fresh = byKey.get(doc._id);
      current[i] = fresh;
      if (fresh !== undefined && !complete(valueRefs(fresh), values)) {
        throw new MongoDatabaseError(
          "driver",
          `Checkpoint ${fresh.checkpoint_id} of thread "${fresh.thread_id}" refers to channel ` +
            "values that are missing from the values collection.",
          {
            address,
            operation: "read",
            database: collections.values.dbName,
            collection: collections.values.collectionName,
            threadId: fresh.thread_id,
            checkpointId: fresh.checkpoint_id,
          },
        );
      }
    }
  }
  return current.map((doc) =>
    doc === undefined ? undefined : { doc, values, writes: writes.get(doc._id) ?? [] },
  );
}

function complete(refs: readonly ValueRef[], values: ReadonlyMap<string, ValueDoc>): boolean {
  return refs.every((ref) => values.has(valueKey(ref)));
}
