import { WEFT_JSON_TYPE } from "@weft/checkpoint";
import type { Database, Statement } from "better-sqlite3";

/** A checkpoint row as the saver reads it (channel values live in `weft_blobs`). */
export interface CheckpointRow {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_id: string | null;
  v: number;
  ts: string;
  versions: string;
  seen: string;
  refs: string;
  metadata_type: string;
  metadata: Uint8Array | string;
}

/** A stored channel value or pending write: what a serializer decodes. */
export interface StoredValue {
  channel: string;
  type: string;
  /** Text for Weft JSON (see {@link readable}), bytes otherwise. */
  data: Uint8Array | string;
}

/** A channel value of one checkpoint, keyed by the checkpoint that wrote it. */
export interface BlobRow extends StoredValue {
  writer_id: string;
}

/** A pending write of one checkpoint. */
export interface WriteRow extends StoredValue {
  /** Insertion order: writes are returned in it. */
  seq: number;
  task_id: string;
}

/** Where a blob or write of a page of checkpoints belongs. */
export interface Located {
  thread_id: string;
  checkpoint_ns: string;
}

/**
 * A stored value column as the saver reads it: text when `type` is Weft's JSON format,
 * the bytes otherwise. Serializers accept either, and a string costs the driver far
 * less than a Buffer (and the serializer a UTF-8 decode).
 */
function readable(data: string, type: string): string {
  return `CASE WHEN ${type} = '${WEFT_JSON_TYPE}' THEN CAST(${data} AS TEXT) ELSE ${data} END`;
}

const KEY_COLUMNS = "thread_id, checkpoint_ns, checkpoint_id";
const COLUMNS = `${KEY_COLUMNS}, parent_id, v, ts, versions, seen, refs, metadata_type, metadata`;
const READ_COLUMNS = `${KEY_COLUMNS}, parent_id, v, ts, versions, seen, refs, metadata_type,
  ${readable("metadata", "metadata_type")} AS metadata`;

/**
 * The first column of a `selectTuple` row, which says what the others hold:
 * - `Checkpoint`: checkpoint_id, parent_id, v, ts, versions, seen, refs, metadata_type, metadata;
 * - `Value`: writer_id, channel, type, data (a {@link BlobRow});
 * - `Write`: seq, task_id, channel, type, data (a {@link WriteRow}).
 */
export const TupleRowKind = { Checkpoint: 0, Value: 1, Write: 2 } as const;

/** Which parts of a `list` query are constrained. */
export interface ListShape {
  thread: boolean;
  ns: boolean;
  only: boolean;
  cursor: boolean;
  /** Hide threads whose TTL ran out (`@cutoff`). */
  live: boolean;
}

/**
 * The saver's SQL, each statement prepared once per connection. `list` queries come in
 * a few shapes (by thread or not, by namespace or not...); each shape is prepared the
 * first time it is used. The statements on the hot paths (`getTuple`, `put`, `list`)
 * take positional parameters, in the order their comment gives: binding them is cheaper
 * than looking names up in an object.
 */
export class SaverStatements {
  /** (thread, ns) → the id of the newest checkpoint (plucked) */
  readonly selectLatestId: Statement;
  /**
   * (thread, ns, id, thread, ns, thread, ns, id, thread, ns, id) → one checkpoint with its
   * values and writes, as raw rows tagged by their first column (see {@link TupleRowKind}).
   * One statement reads one snapshot, so it needs no transaction, and costs less than three.
   */
  readonly selectTuple: Statement;
  /** (thread, ns, id) → `{ versions, refs }` */
  readonly selectParent: Statement;
  /**
   * (thread, ns, id, parent, v, ts, versions, seen, refs, metadata type, metadata,
   * shared parent, thread, ns, shared parent): inserts unless `shared parent` is not null
   * and that checkpoint is gone (its values are shared). `changes` says which.
   */
  readonly insertCheckpoint: Statement;
  /** (thread, ns, writer, channel, type, data) */
  readonly insertBlob: Statement;
  /** (thread, ns, refs JSON) → the {@link BlobRow}s `refs` names, in no particular order */
  readonly selectBlobs: Statement;
  /** (thread, ns, id) → the {@link WriteRow}s of one checkpoint, in no particular order */
  readonly selectWrites: Statement;
  /** (JSON array of [thread, ns, writer, channel]) → {@link BlobRow} & {@link Located} */
  readonly pageBlobs: Statement;
  /** (JSON array of [thread, ns, id]) → {@link WriteRow} & {@link Located} with `checkpoint_id` */
  readonly pageWrites: Statement;
  /** (JSON array of [thread, ns, id]) → the keys of those checkpoints that exist */
  readonly pageExisting: Statement;
  readonly upsertWrite: Statement;
  readonly insertWrite: Statement;
  readonly deleteThread: Statement[];
  readonly checkpointExists: Statement;
  readonly threadAccess: Statement;
  readonly touchThread: Statement;
  /** (now) Gives every thread without an access time one: `now`. */
  readonly backfillThreads: Statement;
  readonly expiredThreads: Statement;
  readonly deleteCheckpoint: Statement;
  readonly deleteWrites: Statement;
  readonly liveRefs: Statement;
  readonly blobKeys: Statement;
  readonly deleteBlob: Statement;
  readonly pruneCandidates: Statement;
  private readonly db: Database;
  private readonly lists = new Map<string, Statement>();

  constructor(db: Database) {
    this.db = db;
    const at = "thread_id = @thread AND checkpoint_ns = @ns";
    const byKey = "thread_id = ? AND checkpoint_ns = ? AND checkpoint_id = ?";
    this.selectLatestId = db
      .prepare(
        `SELECT checkpoint_id FROM weft_checkpoints WHERE thread_id = ? AND checkpoint_ns = ?
         ORDER BY checkpoint_id DESC LIMIT 1`,
      )
      .pluck();
    // Three parts, one per kind of row; the columns after the kind are positional (see
    // TupleRowKind). The checkpoint's `refs` name its blobs: one index lookup per channel.
    // The key is bound once per use: (thread, ns, id, thread, ns, thread, ns, id, thread,
    // ns, id) — cheaper than a MATERIALIZED common table expression.
    this.selectTuple = db
      .prepare(
        `SELECT ${TupleRowKind.Checkpoint}, checkpoint_id, parent_id, v, ts, versions, seen, refs,
           metadata_type, ${readable("metadata", "metadata_type")}
         FROM weft_checkpoints WHERE ${byKey}
         UNION ALL
         SELECT ${TupleRowKind.Value}, writer_id, channel, type, ${readable("data", "type")},
           NULL, NULL, NULL, NULL, NULL
         FROM weft_blobs
         WHERE thread_id = ? AND checkpoint_ns = ? AND (writer_id, channel) IN
           (SELECT value, key FROM json_each((SELECT refs FROM weft_checkpoints WHERE ${byKey})))
         UNION ALL
         SELECT ${TupleRowKind.Write}, seq, task_id, channel, type, ${readable("data", "type")},
           NULL, NULL, NULL, NULL
         FROM weft_writes WHERE ${byKey}`,
      )
      .raw();
    this.selectParent = db.prepare(`SELECT versions, refs FROM weft_checkpoints WHERE ${byKey}`);
    this.insertCheckpoint = db.prepare(
      `INSERT OR REPLACE INTO weft_checkpoints (${COLUMNS})
       SELECT ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?
       WHERE ? IS NULL OR EXISTS (SELECT 1 FROM weft_checkpoints WHERE ${byKey})`,
    );
    this.insertBlob = db.prepare(
      `INSERT OR REPLACE INTO weft_blobs (thread_id, checkpoint_ns, writer_id, channel, type, data)
       VALUES (?, ?, ?, ?, ?, ?)`,
    );
    // `refs` maps channel → writer id: one index lookup per channel. The caller restores
    // the channel order (an ORDER BY would cost a sort on every read).
    this.selectBlobs = db.prepare(
      `SELECT writer_id, channel, type, ${readable("data", "type")} AS data FROM weft_blobs
       WHERE thread_id = ? AND checkpoint_ns = ?
         AND (writer_id, channel) IN (SELECT value, key FROM json_each(?))`,
    );
    const writeColumns = `seq, task_id, channel, type, ${readable("data", "type")} AS data`;
    this.selectWrites = db.prepare(`SELECT ${writeColumns} FROM weft_writes WHERE ${byKey}`);
    this.pageBlobs = db.prepare(
      `SELECT thread_id, checkpoint_ns, writer_id, channel, type, ${readable("data", "type")} AS data
       FROM weft_blobs
       WHERE (thread_id, checkpoint_ns, writer_id, channel) IN
         (SELECT value ->> 0, value ->> 1, value ->> 2, value ->> 3 FROM json_each(?))`,
    );
    const inKeys = `(thread_id, checkpoint_ns, checkpoint_id) IN
         (SELECT value ->> 0, value ->> 1, value ->> 2 FROM json_each(?))`;
    this.pageWrites = db.prepare(
      `SELECT thread_id, checkpoint_ns, checkpoint_id, ${writeColumns} FROM weft_writes
       WHERE ${inKeys}`,
    );
    this.pageExisting = db.prepare(
      `SELECT thread_id, checkpoint_ns, checkpoint_id FROM weft_checkpoints WHERE ${inKeys}`,
    );
    const insertWrite = `INSERT INTO weft_writes
       (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, data)
       VALUES (@thread, @ns, @id, @task, @idx, @channel, @type, @data)
       ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)`;
    // Special channels (negative index) are replaced by a retry, in place; others: first wins.
    this.upsertWrite = db.prepare(
      `${insertWrite} DO UPDATE SET channel = excluded.channel, type = excluded.type, data = excluded.data`,
    );
    this.insertWrite = db.prepare(`${insertWrite} DO NOTHING`);
    this.deleteThread = ["weft_checkpoints", "weft_blobs", "weft_writes", "weft_threads"].map(
      (table) => db.prepare(`DELETE FROM ${table} WHERE thread_id = ?`),
    );
    this.checkpointExists = db.prepare(
      `SELECT 1 FROM weft_checkpoints WHERE ${at} AND checkpoint_id = @id`,
    );
    this.threadAccess = db
      .prepare("SELECT last_access FROM weft_threads WHERE thread_id = ?")
      .pluck();
    this.touchThread = db.prepare(
      `INSERT INTO weft_threads (thread_id, last_access) VALUES (?, ?)
       ON CONFLICT (thread_id) DO UPDATE SET last_access = excluded.last_access`,
    );
    // WHERE true: without it, SQLite would read ON CONFLICT as a join constraint.
    this.backfillThreads = db.prepare(
      `INSERT INTO weft_threads (thread_id, last_access)
       SELECT DISTINCT thread_id, ? FROM weft_checkpoints WHERE true
       ON CONFLICT (thread_id) DO NOTHING`,
    );
    this.expiredThreads = db
      .prepare("SELECT thread_id FROM weft_threads WHERE last_access <= ?")
      .pluck();
    this.deleteCheckpoint = db.prepare(
      `DELETE FROM weft_checkpoints WHERE ${at} AND checkpoint_id = @id`,
    );
    this.deleteWrites = db.prepare(`DELETE FROM weft_writes WHERE ${at} AND checkpoint_id = @id`);
    this.liveRefs = db.prepare(
      `SELECT DISTINCT r.value AS writer, r.key AS channel
       FROM weft_checkpoints AS c, json_each(c.refs) AS r
       WHERE c.thread_id = @thread AND c.checkpoint_ns = @ns`,
    );
    this.blobKeys = db.prepare(`SELECT writer_id AS writer, channel FROM weft_blobs WHERE ${at}`);
    this.deleteBlob = db.prepare(
      `DELETE FROM weft_blobs WHERE ${at} AND writer_id = @writer AND channel = @channel`,
    );
    // Every checkpoint but the newest \`@keep\` of its (thread, namespace); \`@threads\` is a
    // JSON array of thread ids, or null for every thread.
    this.pruneCandidates = db.prepare(
      `SELECT thread_id, checkpoint_ns, checkpoint_id, ts, rank FROM (
         SELECT thread_id, checkpoint_ns, checkpoint_id, ts,
           ROW_NUMBER() OVER (
             PARTITION BY thread_id, checkpoint_ns ORDER BY checkpoint_id DESC
           ) - 1 AS rank
         FROM weft_checkpoints
         WHERE @threads IS NULL OR thread_id IN (SELECT value FROM json_each(@threads))
       )
       WHERE rank >= @keep`,
    );
  }

  /**
   * The page query of `list` for one shape: newest first by (id, thread, namespace),
   * resuming after `@cursorId/@cursorThread/@cursorNs`, at most `@limit` rows.
   */
  list(shape: ListShape): Statement {
    const key = `${+shape.thread}${+shape.ns}${+shape.only}${+shape.cursor}${+shape.live}`;
    let statement = this.lists.get(key);
    if (statement === undefined) {
      const where: string[] = [];
      if (shape.thread) where.push("thread_id = @thread");
      if (shape.ns) where.push("checkpoint_ns = @ns");
      if (shape.only) where.push("checkpoint_id = @only");
      if (shape.cursor) {
        where.push(
          "(checkpoint_id, thread_id, checkpoint_ns) < (@cursorId, @cursorThread, @cursorNs)",
        );
      }
      if (shape.live) {
        where.push(
          "thread_id NOT IN (SELECT thread_id FROM weft_threads WHERE last_access <= @cutoff)",
        );
      }
      statement = this.db.prepare(
        `SELECT ${READ_COLUMNS} FROM weft_checkpoints
         ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY checkpoint_id DESC, thread_id DESC, checkpoint_ns DESC
         LIMIT @limit`,
      );
      this.lists.set(key, statement);
    }
    return statement;
  }
}
