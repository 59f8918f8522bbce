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
  metadata: Uint8Array;
}

/** A stored channel value or pending write. */
export interface BlobRow {
  channel: string;
  type: string;
  data: Uint8Array;
}

/** A pending write as stored. */
export interface WriteRow extends BlobRow {
  task_id: string;
}

const COLUMNS = `thread_id, checkpoint_ns, checkpoint_id, parent_id, v, ts, versions, seen, refs,
  metadata_type, metadata`;

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
 * first time it is used.
 */
export class SaverStatements {
  readonly selectCheckpoint: Statement;
  readonly selectLatest: Statement;
  readonly selectParent: Statement;
  readonly insertCheckpoint: Statement;
  readonly insertBlob: Statement;
  readonly selectBlobs: Statement;
  readonly selectWrites: Statement;
  readonly upsertWrite: Statement;
  readonly insertWrite: Statement;
  readonly deleteThread: Statement[];
  readonly checkpointExists: Statement;
  readonly threadAccess: Statement;
  readonly touchThread: Statement;
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
    this.selectCheckpoint = db.prepare(
      `SELECT ${COLUMNS} FROM weft_checkpoints WHERE ${at} AND checkpoint_id = @id`,
    );
    this.selectLatest = db.prepare(
      `SELECT ${COLUMNS} FROM weft_checkpoints WHERE ${at} ORDER BY checkpoint_id DESC LIMIT 1`,
    );
    this.selectParent = db.prepare(
      `SELECT versions, refs FROM weft_checkpoints WHERE ${at} AND checkpoint_id = @id`,
    );
    this.insertCheckpoint = db.prepare(
      `INSERT OR REPLACE INTO weft_checkpoints (${COLUMNS})
       VALUES (@thread, @ns, @id, @parent, @v, @ts, @versions, @seen, @refs, @metadataType, @metadata)`,
    );
    this.insertBlob = db.prepare(
      `INSERT OR REPLACE INTO weft_blobs (thread_id, checkpoint_ns, writer_id, channel, type, data)
       VALUES (@thread, @ns, @id, @channel, @type, @data)`,
    );
    // One query per checkpoint: `refs` (channel → writer id) joined to the blob rows.
    // CROSS JOIN keeps json_each outside: one index lookup per channel, never a scan.
    this.selectBlobs = db.prepare(
      `SELECT r.key AS channel, b.type AS type, b.data AS data
       FROM json_each(@refs) AS r
       CROSS JOIN weft_blobs AS b
         ON b.thread_id = @thread AND b.checkpoint_ns = @ns
        AND b.writer_id = r.value AND b.channel = r.key
       ORDER BY r.id`,
    );
    this.selectWrites = db.prepare(
      `SELECT task_id, channel, type, data FROM weft_writes
       WHERE ${at} AND checkpoint_id = @id ORDER BY seq`,
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
        `SELECT ${COLUMNS} FROM weft_checkpoints
         ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
         ORDER BY checkpoint_id DESC, thread_id DESC, checkpoint_ns DESC
         LIMIT @limit`,
      );
      this.lists.set(key, statement);
    }
    return statement;
  }
}
