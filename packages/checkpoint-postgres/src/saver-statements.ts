import { WEFT_JSON_TYPE } from "@weft/checkpoint";
import { saverTables } from "./schema.ts";
import { quoteLiteral } from "./sql.ts";

/** A checkpoint row as the saver reads it (channel values live in `weft_blobs`). */
export interface CheckpointRow {
  thread_id: string;
  checkpoint_ns: string;
  checkpoint_id: string;
  parent_id: string | null;
  v: number;
  ts: string;
  /** `json` columns: `pg` parses them. */
  versions: Record<string, number | string>;
  seen: Record<string, Record<string, number | string>>;
  refs: Record<string, string>;
  metadata_type: string;
  /** Text for Weft JSON, else null (the bytes are in `metadata_bytes`). */
  metadata_text: string | null;
  metadata_bytes: Uint8Array | null;
  /**
   * The checkpoint's pending writes in insertion order, as `[task, channel, type, data]`
   * where data is text for Weft JSON and base64 otherwise; null when there are none.
   */
  writes: [task: string, channel: string, type: string, data: string][] | null;
}

/** A stored channel value as `fetchValues` returns it. */
export interface ValueRow {
  thread_id: string;
  checkpoint_ns: string;
  channel: string;
  writer_id: string;
  type: string;
  data_text: string | null;
  data_bytes: Uint8Array | null;
}

/** Which parts of a `list` query are constrained. */
export interface ListShape {
  thread: boolean;
  ns: boolean;
  only: boolean;
  /** Prefilter by metadata containment (`metadata_filter @> filter`). */
  filter: boolean;
  cursor: boolean;
  /** Hide threads whose TTL ran out. */
  live: boolean;
}

const JSON_TYPE = quoteLiteral(WEFT_JSON_TYPE);
/** How many row-count-specific statements are kept (a graph uses a handful of sizes). */
const MAX_SIZED = 64;

/**
 * Two columns for a stored value: its text when `type` is Weft JSON (cheaper for the
 * driver and the serializer than bytes), else its bytes.
 */
function readable(data: string, type: string, as: string): string {
  return `CASE WHEN ${type} = ${JSON_TYPE} THEN convert_from(${data}, 'UTF8') END AS ${as}_text,
    CASE WHEN ${type} <> ${JSON_TYPE} THEN ${data} END AS ${as}_bytes`;
}

/**
 * The saver's SQL for one schema, built once. Every statement takes positional
 * parameters, listed in its comment, and is sent unnamed (see `PgConnection`).
 *
 * Writes that depend on a checkpoint existing (a `put` sharing its parent's values, a
 * `putWrites`) lock that row `FOR KEY SHARE` in the same statement; deletions lock
 * their rows `FOR UPDATE` in a first statement before deleting in a second one. So a
 * deletion waits for such a write and then removes what it added, or the write waits
 * for the deletion, finds the row gone and adds nothing.
 */
export class SaverStatements {
  private readonly t: ReturnType<typeof saverTables>;
  /** `SELECT` list of a checkpoint row ({@link CheckpointRow}), table aliased `c`. */
  private readonly rowColumns: string;
  private readonly lists = new Map<string, string>();
  /** Statements whose text depends on a row count (see {@link remember}). */
  private readonly sized = new Map<string, string>();

  constructor(schema: string) {
    const t = saverTables(schema);
    this.t = t;
    this.rowColumns = `c.thread_id, c.checkpoint_ns, c.checkpoint_id, c.parent_id, c.v, c.ts,
      c.versions, c.seen, c.refs, c.metadata_type, ${readable("c.metadata", "c.metadata_type", "metadata")},
      (SELECT json_agg(json_build_array(w.task_id, w.channel, w.type,
          CASE WHEN w.type = ${JSON_TYPE} THEN convert_from(w.data, 'UTF8')
          ELSE encode(w.data, 'base64') END) ORDER BY w.seq)
        FROM ${t.writes} AS w
        WHERE w.thread_id = c.thread_id AND w.checkpoint_ns = c.checkpoint_ns
          AND w.checkpoint_id = c.checkpoint_id) AS writes`;
  }

  /** (thread, ns) → the newest {@link CheckpointRow} of the namespace, or none. */
  get latestRow(): string {
    return `SELECT ${this.rowColumns} FROM ${this.t.checkpoints} AS c
      WHERE c.thread_id = $1 AND c.checkpoint_ns = $2
      ORDER BY c.checkpoint_id DESC LIMIT 1`;
  }

  /** (thread, ns, id) → that {@link CheckpointRow}, or none. */
  get rowById(): string {
    return `SELECT ${this.rowColumns} FROM ${this.t.checkpoints} AS c
      WHERE c.thread_id = $1 AND c.checkpoint_ns = $2 AND c.checkpoint_id = $3`;
  }

  /** (thread, ns, id) → `{ versions, refs }` of a checkpoint, the part a child shares. */
  get parentRefs(): string {
    return `SELECT versions, refs FROM ${this.t.checkpoints}
      WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = $3`;
  }

  /**
   * (threads[], namespaces[], channels[], writers[]) → the {@link ValueRow}s those
   * parallel arrays name, in no particular order (missing ones are absent).
   */
  get fetchValues(): string {
    return `SELECT b.thread_id, b.checkpoint_ns, b.channel, b.writer_id, b.type,
        ${readable("b.data", "b.type", "data")}
      FROM unnest($1::text[], $2::text[], $3::text[], $4::text[])
        AS r(thread_id, checkpoint_ns, channel, writer_id)
      JOIN ${this.t.blobs} AS b ON b.thread_id = r.thread_id AND b.checkpoint_ns = r.checkpoint_ns
        AND b.channel = r.channel AND b.writer_id = r.writer_id`;
  }

  /**
   * Inserts (or replaces) a checkpoint with `values` new channel values, in one
   * statement. Parameters: (thread, ns, id, parent, v, ts, versions, seen, refs, metadata
   * type, metadata, metadata filter, shared parent, [now when `touch`], then per value:
   * channel, type, data). When `shared parent` is not null and that checkpoint is gone, nothing is
   * written (its values are shared): the single row's `inserted` is then 0.
   */
  insertCheckpoint(values: number, touch: boolean): string {
    const key = `put:${values}:${+touch}`;
    const cached = this.sized.get(key);
    if (cached !== undefined) return cached;
    const t = this.t;
    const first = touch ? 15 : 14;
    const rows: string[] = [];
    for (let i = 0; i < values; i++) {
      const p = first + i * 3;
      rows.push(`($${p}::text, $${p + 1}::text, $${p + 2}::bytea)`);
    }
    const blobs =
      values === 0
        ? ""
        : `, blobs AS (
      INSERT INTO ${t.blobs} (thread_id, checkpoint_ns, channel, writer_id, type, data)
      SELECT $1, $2, v.channel, $3, v.type, v.data
      FROM (VALUES ${rows.join(", ")}) AS v(channel, type, data)
      WHERE EXISTS (SELECT 1 FROM cp)
      ON CONFLICT (thread_id, checkpoint_ns, channel, writer_id)
      DO UPDATE SET type = excluded.type, data = excluded.data)`;
    const touched = touch ? `, touched AS (${this.touchWhen("cp", "$14")})` : "";
    const text = `WITH parent AS (
      SELECT 1 FROM ${t.checkpoints}
      WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = $13::text
      FOR KEY SHARE
    ), cp AS (
      INSERT INTO ${t.checkpoints} (thread_id, checkpoint_ns, checkpoint_id, parent_id, v, ts,
        versions, seen, refs, metadata_type, metadata, metadata_filter)
      SELECT $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12::jsonb
      WHERE $13::text IS NULL OR EXISTS (SELECT 1 FROM parent)
      ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id) DO UPDATE SET
        parent_id = excluded.parent_id, v = excluded.v, ts = excluded.ts,
        versions = excluded.versions, seen = excluded.seen, refs = excluded.refs,
        metadata_type = excluded.metadata_type, metadata = excluded.metadata,
        metadata_filter = excluded.metadata_filter
      RETURNING 1
    )${blobs}${touched}
    SELECT count(*)::int AS inserted FROM cp`;
    return this.remember(key, text);
  }

  /**
   * Saves a task's writes to a checkpoint if it exists, in one statement. Parameters:
   * (thread, ns, id, task, [now when `touch`], then per write: idx, channel, type, data).
   * Special channels (negative idx) replace an earlier write; others keep the first. The
   * single row's `found` is 0 when the checkpoint is gone (nothing was written).
   */
  insertWrites(writes: number, touch: boolean): string {
    const key = `writes:${writes}:${+touch}`;
    const cached = this.sized.get(key);
    if (cached !== undefined) return cached;
    const t = this.t;
    const first = touch ? 6 : 5;
    const rows: string[] = [];
    for (let i = 0; i < writes; i++) {
      const p = first + i * 4;
      rows.push(`($${p}::integer, $${p + 1}::text, $${p + 2}::text, $${p + 3}::bytea)`);
    }
    const touched = touch ? `, touched AS (${this.touchWhen("target", "$5")})` : "";
    const text = `WITH target AS (
      SELECT 1 FROM ${t.checkpoints}
      WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = $3
      FOR KEY SHARE
    ), ins AS (
      INSERT INTO ${t.writes}
        (thread_id, checkpoint_ns, checkpoint_id, task_id, idx, channel, type, data)
      SELECT $1, $2, $3, $4, v.idx, v.channel, v.type, v.data
      FROM (VALUES ${rows.join(", ")}) AS v(idx, channel, type, data)
      WHERE EXISTS (SELECT 1 FROM target)
      ON CONFLICT (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
      DO UPDATE SET channel = excluded.channel, type = excluded.type, data = excluded.data
        WHERE excluded.idx < 0
    )${touched}
    SELECT count(*)::int AS found FROM target`;
    return this.remember(key, text);
  }

  /** Keeps a statement built for a number of rows, for the next call with as many. */
  private remember(key: string, text: string): string {
    if (this.sized.size >= MAX_SIZED) this.sized.delete(this.sized.keys().next().value as string);
    this.sized.set(key, text);
    return text;
  }

  /** Records `$1`'s last access as `now` when the CTE `guard` returned a row. */
  private touchWhen(guard: string, now: string): string {
    return `INSERT INTO ${this.t.threads} (thread_id, last_access)
      SELECT $1, ${now}::bigint WHERE EXISTS (SELECT 1 FROM ${guard})
      ON CONFLICT (thread_id) DO UPDATE SET last_access = excluded.last_access`;
  }

  /** (thread) → `last_access` of a thread, or none. */
  get threadAccess(): string {
    return `SELECT last_access FROM ${this.t.threads} WHERE thread_id = $1`;
  }

  /**
   * (thread, now, cutoff) → the thread's `last_access` before this statement, or none;
   * moves it to `now` unless it is at or before `cutoff` (expired).
   */
  get touchOnRead(): string {
    const t = this.t;
    return `WITH old AS (SELECT last_access FROM ${t.threads} WHERE thread_id = $1),
      touched AS (UPDATE ${t.threads} SET last_access = $2
        WHERE thread_id = $1 AND last_access > $3)
      SELECT last_access FROM old`;
  }

  /** (thread, now) Records an access to the thread. */
  get touchThread(): string {
    return `INSERT INTO ${this.t.threads} (thread_id, last_access) VALUES ($1, $2)
      ON CONFLICT (thread_id) DO UPDATE SET last_access = excluded.last_access`;
  }

  /** (now) Gives every thread without an access time one: `now`. */
  get backfillThreads(): string {
    return `INSERT INTO ${this.t.threads} (thread_id, last_access)
      SELECT DISTINCT thread_id, $1::bigint FROM ${this.t.checkpoints}
      ON CONFLICT (thread_id) DO NOTHING`;
  }

  /** (cutoff, limit) → ids of threads last accessed at or before `cutoff`. */
  get expiredThreads(): string {
    return `SELECT thread_id FROM ${this.t.threads} WHERE last_access <= $1
      ORDER BY last_access LIMIT $2`;
  }

  /** (threads[], cutoff) → those threads that are still expired, locked for deletion. */
  get lockExpired(): string {
    return `SELECT thread_id FROM ${this.t.threads}
      WHERE thread_id = ANY($1::text[]) AND last_access <= $2 FOR UPDATE`;
  }

  /** (threads[]) Locks every checkpoint of these threads (first step of a deletion). */
  get lockThreads(): string {
    return `SELECT 1 FROM ${this.t.checkpoints} WHERE thread_id = ANY($1::text[]) FOR UPDATE`;
  }

  /** (threads[]) Deletes everything these threads have, in every namespace. */
  get deleteThreads(): string {
    const t = this.t;
    return `WITH c AS (DELETE FROM ${t.checkpoints} WHERE thread_id = ANY($1::text[])),
      b AS (DELETE FROM ${t.blobs} WHERE thread_id = ANY($1::text[])),
      w AS (DELETE FROM ${t.writes} WHERE thread_id = ANY($1::text[]))
      DELETE FROM ${t.threads} WHERE thread_id = ANY($1::text[])`;
  }

  /** (thread, ns, ids[]) Locks these checkpoints (first step of a prune). */
  get lockCheckpoints(): string {
    return `SELECT 1 FROM ${this.t.checkpoints}
      WHERE thread_id = $1 AND checkpoint_ns = $2 AND checkpoint_id = ANY($3::text[])
      FOR UPDATE`;
  }

  /**
   * (thread, ns, ids[]) → `{ checkpoints, writes }` removed: deletes these checkpoints,
   * their writes, and the values they referred to that no remaining checkpoint of the
   * namespace refers to.
   */
  get deleteCheckpoints(): string {
    const t = this.t;
    const at = "thread_id = $1 AND checkpoint_ns = $2";
    return `WITH gone AS (
      DELETE FROM ${t.checkpoints} WHERE ${at} AND checkpoint_id = ANY($3::text[])
      RETURNING refs
    ), candidates AS (
      SELECT DISTINCT r.key AS channel, r.value AS writer_id
      FROM gone, json_each_text(gone.refs) AS r
    ), kept AS (
      SELECT r.key AS channel, r.value AS writer_id
      FROM ${t.checkpoints} AS c, json_each_text(c.refs) AS r
      WHERE c.thread_id = $1 AND c.checkpoint_ns = $2
        AND NOT (c.checkpoint_id = ANY($3::text[]))
    ), w AS (
      DELETE FROM ${t.writes} WHERE ${at} AND checkpoint_id = ANY($3::text[]) RETURNING 1
    ), b AS (
      DELETE FROM ${t.blobs} AS b USING candidates AS x
      WHERE b.thread_id = $1 AND b.checkpoint_ns = $2
        AND b.channel = x.channel AND b.writer_id = x.writer_id
        AND (x.channel, x.writer_id) NOT IN (SELECT channel, writer_id FROM kept)
    )
    SELECT (SELECT count(*) FROM gone)::int AS checkpoints,
      (SELECT count(*) FROM w)::int AS writes`;
  }

  /**
   * (threads[] or null, keep) → every checkpoint but the newest `keep` of its (thread,
   * namespace), with its `ts` and `rank` (0 = newest).
   */
  get pruneCandidates(): string {
    return `SELECT thread_id, checkpoint_ns, checkpoint_id, ts, rank FROM (
        SELECT thread_id, checkpoint_ns, checkpoint_id, ts,
          (row_number() OVER (PARTITION BY thread_id, checkpoint_ns
            ORDER BY checkpoint_id DESC) - 1)::int AS rank
        FROM ${this.t.checkpoints}
        WHERE $1::text[] IS NULL OR thread_id = ANY($1::text[])
      ) AS ranked
      WHERE rank >= $2`;
  }

  /**
   * The page query of `list` for one shape: newest first, resuming after a cursor, at
   * most `limit` rows. Each shape is ordered to match one index, so a page is an index
   * range scan whatever the table size. Returns the text and its parameters.
   */
  list(shape: ListShape, at: ListParams): { text: string; params: unknown[] } {
    const params: unknown[] = [];
    const param = (value: unknown) => `$${params.push(value)}::text`;
    const where: string[] = [];
    if (shape.thread) where.push(`c.thread_id = ${param(at.thread)}`);
    if (shape.ns) where.push(`c.checkpoint_ns = ${param(at.ns)}`);
    if (shape.only) where.push(`c.checkpoint_id = ${param(at.only)}`);
    if (shape.filter) {
      const filter = `$${params.push(at.filter)}::jsonb`;
      where.push(`(c.metadata_filter IS NULL OR c.metadata_filter @> ${filter})`);
    }
    // The sort (and the cursor's row comparison) leaves out the columns fixed by the
    // WHERE clause, so it is exactly a prefix of an index: the primary key for a
    // (thread, namespace), `_by_thread` for a thread, `_by_id` otherwise.
    const order = ["c.checkpoint_id"];
    if (!shape.thread) order.push("c.thread_id");
    if (!shape.ns) order.push("c.checkpoint_ns");
    if (shape.cursor) {
      const bound = [param(at.cursorId)];
      if (!shape.thread) bound.push(param(at.cursorThread));
      if (!shape.ns) bound.push(param(at.cursorNs));
      where.push(
        bound.length === 1
          ? `c.checkpoint_id < ${bound[0]}`
          : `(${order.join(", ")}) < (${bound.join(", ")})`,
      );
    }
    if (shape.live) {
      where.push(`NOT EXISTS (SELECT 1 FROM ${this.t.threads} AS th
        WHERE th.thread_id = c.thread_id AND th.last_access <= $${params.push(at.cutoff)}::bigint)`);
    }
    const limit = `$${params.push(at.limit)}::integer`;
    const key = `${+shape.thread}${+shape.ns}${+shape.only}${+shape.filter}${+shape.cursor}${+shape.live}`;
    let text = this.lists.get(key);
    if (text === undefined) {
      text = `SELECT ${this.rowColumns} FROM ${this.t.checkpoints} AS c
      ${where.length > 0 ? `WHERE ${where.join(" AND ")}` : ""}
      ORDER BY ${order.map((column) => `${column} DESC`).join(", ")}
      LIMIT ${limit}`;
      this.lists.set(key, text);
    }
    return { text, params };
  }
}

/** The values a `list` page query binds (those its shape does not use are ignored). */
export interface ListParams {
  thread?: string | undefined;
  ns?: string | undefined;
  only?: string | undefined;
  /** JSONB text of a plain metadata filter. */
  filter?: string | undefined;
  cursorId?: string | undefined;
  cursorThread?: string | undefined;
  cursorNs?: string | undefined;
  cutoff?: number | undefined;
  limit: number;
}
