import type { Collection, IndexDescription } from "mongodb";
import type { MongoConnection } from "./connection.ts";
import { DEFAULT_COLLECTIONS, type MongoDBSaverOptions } from "./options.ts";
import type { CheckpointDoc, HeadDoc, ThreadDoc, ValueDoc, WriteDoc } from "./saver-documents.ts";

/**
 * Version of the saver's document layout. Bump it when documents or indexes change in a
 * way older code cannot read, and teach `setupSaverLayout` to migrate.
 */
export const SAVER_LAYOUT_VERSION = 1;

/** The saver's collections, resolved from its options. */
export interface SaverCollections {
  checkpoints: Collection<CheckpointDoc>;
  writes: Collection<WriteDoc>;
  values: Collection<ValueDoc>;
  threads: Collection<ThreadDoc>;
  heads: Collection<HeadDoc>;
  /** Name of the collection of layout markers. */
  layout: string;
}

/** Opens (lazily: nothing is sent) the collections the options name. */
export function saverCollections(
  connection: MongoConnection,
  options: Partial<MongoDBSaverOptions>,
): SaverCollections {
  return {
    checkpoints: connection.collection<CheckpointDoc>(
      options.checkpointCollectionName ?? DEFAULT_COLLECTIONS.checkpoints,
    ),
    writes: connection.collection<WriteDoc>(
      options.checkpointWritesCollectionName ?? DEFAULT_COLLECTIONS.writes,
    ),
    values: connection.collection<ValueDoc>(
      options.checkpointValuesCollectionName ?? DEFAULT_COLLECTIONS.values,
    ),
    threads: connection.collection<ThreadDoc>(
      options.threadCollectionName ?? DEFAULT_COLLECTIONS.threads,
    ),
    heads: connection.collection<HeadDoc>(options.headCollectionName ?? DEFAULT_COLLECTIONS.heads),
    layout: options.layoutCollectionName ?? DEFAULT_COLLECTIONS.layout,
  };
}

/**
 * The indexes of each collection. Every `list` shape has one whose equality prefix and
 * sort order match its query (`checkpoint_id` descending, `_id` as the tie-break across
 * threads), so a page is read from the index, never by sorting a thread in memory.
 * Point reads (a checkpoint by id, a value by reference) go by `_id`.
 */
export const SAVER_INDEXES = {
  checkpoints: [
    // latest of a (thread, ns); a namespace's history; prune
    { key: { thread_id: 1, checkpoint_ns: 1, checkpoint_id: -1 }, name: "weft_thread_ns_id" },
    // a thread's history across namespaces
    { key: { thread_id: 1, checkpoint_id: -1, _id: -1 }, name: "weft_thread_id" },
    // every thread, newest first
    { key: { checkpoint_id: -1, _id: -1 }, name: "weft_id" },
    // metadata filters over every thread (multikey)
    { key: { meta_terms: 1, checkpoint_id: -1, _id: -1 }, name: "weft_meta_terms" },
  ],
  writes: [
    { key: { checkpoint_key: 1, slot: 1 }, name: "weft_checkpoint_slot" },
    { key: { thread_id: 1, checkpoint_ns: 1 }, name: "weft_thread_ns" },
  ],
  values: [
    { key: { thread_id: 1, checkpoint_ns: 1, checkpoint_id: 1 }, name: "weft_thread_ns_writer" },
  ],
  threads: [{ key: { touched_at: 1 }, name: "weft_touched_at" }],
  heads: [{ key: { thread_id: 1 }, name: "weft_thread" }],
} satisfies Record<string, IndexDescription[]> as Record<
  "checkpoints" | "writes" | "values" | "threads" | "heads",
  IndexDescription[]
>;

/**
 * Creates the saver's indexes (idempotent: creating an existing index with the same
 * definition is a no-op) after checking the layout marker, which refuses collections
 * laid out by a newer Weft before anything is written.
 *
 * @throws MongoDatabaseError `SAVER_ERROR` (`newer_schema`, `unreachable`, `auth`, `driver`).
 */
export async function setupSaverLayout(
  connection: MongoConnection,
  collections: SaverCollections,
): Promise<void> {
  const component = `checkpoints:${collections.checkpoints.collectionName}`;
  await connection.claimLayout(collections.layout, component, SAVER_LAYOUT_VERSION);
  await connection.ensureIndexes(collections.checkpoints, SAVER_INDEXES.checkpoints);
  await connection.ensureIndexes(collections.writes, SAVER_INDEXES.writes);
  await connection.ensureIndexes(collections.values, SAVER_INDEXES.values);
  await connection.ensureIndexes(collections.threads, SAVER_INDEXES.threads);
  await connection.ensureIndexes(collections.heads, SAVER_INDEXES.heads);
}
