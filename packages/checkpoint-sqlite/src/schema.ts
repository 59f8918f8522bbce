import type { Database } from "better-sqlite3";
import { isCorruptionError, SqliteDatabaseError } from "./errors.ts";

/**
 * `PRAGMA application_id` of databases Weft creates ("Weft" in ASCII). A database with
 * another non-zero id belongs to another program.
 */
export const WEFT_APPLICATION_ID = 0x57656674;

/** The table that records which Weft components a database holds, at which version. */
export const SCHEMA_TABLE = "weft_schema";

/** One step of a component's schema: the SQL that takes it from `to - 1` to `to`. */
export interface Migration {
  to: number;
  sql: string;
}

/**
 * The tables of one Weft component (the saver, the store) and how to create or upgrade
 * them. Several components can share one database file; each has its own version row.
 */
export interface ComponentSchema {
  component: string;
  /** Tables the component owns: none may exist before the component is installed. */
  tables: readonly string[];
  /** In ascending `to` order, starting at 1; the last one is the current version. */
  migrations: readonly Migration[];
}

/** Latest version of a component's schema. */
export function currentVersion(schema: ComponentSchema): number {
  return schema.migrations.at(-1)?.to ?? 0;
}

interface Inspection {
  tables: Set<string>;
  applicationId: number;
  version: number | undefined;
}

/**
 * Reads what the database holds without writing anything. Throws for a file that is
 * not a SQLite database, a database that is not Weft's, or a schema newer than ours.
 */
function inspect(db: Database, schema: ComponentSchema, location: string): Inspection {
  let tables: Set<string>;
  let applicationId: number;
  try {
    const rows = db
      .prepare("SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')")
      .pluck()
      .all() as string[];
    tables = new Set(rows.filter((name) => !name.startsWith("sqlite_")));
    applicationId = db.pragma("application_id", { simple: true }) as number;
  } catch (error) {
    if (!isCorruptionError(error)) throw error;
    throw new SqliteDatabaseError(
      "corrupt",
      `${location} is not a SQLite database or is damaged; Weft left it untouched. ` +
        "Point the saver at another file, or restore this one from a backup.",
      { location },
      error,
    );
  }
  if (applicationId !== 0 && applicationId !== WEFT_APPLICATION_ID) {
    throw foreign(location, `its application_id is 0x${applicationId.toString(16)}`);
  }
  if (!tables.has(SCHEMA_TABLE)) {
    if (tables.size > 0) {
      const names = [...tables].slice(0, 5).join(", ");
      throw foreign(location, `it has tables Weft did not create (${names})`);
    }
    return { tables, applicationId, version: undefined };
  }
  const version = db
    .prepare(`SELECT version FROM ${SCHEMA_TABLE} WHERE component = ?`)
    .pluck()
    .get(schema.component) as number | undefined;
  const latest = currentVersion(schema);
  if (version !== undefined && version > latest) {
    throw new SqliteDatabaseError(
      "newer_schema",
      `${location} holds ${schema.component} schema version ${version}, newer than the ` +
        `${latest} this version of @weft/checkpoint-sqlite understands. Upgrade the package; ` +
        "the database was not changed.",
      { location, component: schema.component, found: version, supported: latest },
    );
  }
  if (version === undefined) {
    const taken = schema.tables.filter((table) => tables.has(table));
    if (taken.length > 0) {
      throw foreign(
        location,
        `tables ${taken.join(", ")} exist but are not registered in ${SCHEMA_TABLE}`,
      );
    }
  }
  return { tables, applicationId, version };
}

function foreign(location: string, why: string): SqliteDatabaseError {
  return new SqliteDatabaseError(
    "foreign",
    `${location} is a SQLite database that Weft did not create: ${why}. Weft left it ` +
      "untouched; give the saver its own file.",
    { location },
  );
}

/**
 * Checks the database, then creates or upgrades `schema`'s tables in one transaction.
 * Idempotent and safe against other processes doing the same: the check is repeated
 * under the write lock. Throws {@link SqliteDatabaseError} (`SAVER_ERROR`) with reason
 * `corrupt`, `foreign` or `newer_schema` before anything is written.
 *
 * @param afterCheck runs once the read-only check passed, before the first write (the
 *   caller sets `journal_mode = WAL` there: it rewrites the file header).
 */
export function ensureSchema(
  db: Database,
  schema: ComponentSchema,
  location: string,
  afterCheck?: () => void,
): void {
  const seen = inspect(db, schema, location);
  afterCheck?.();
  if (seen.version === currentVersion(schema)) return;
  db.transaction(() => {
    const { version = 0, tables } = inspect(db, schema, location);
    if (!tables.has(SCHEMA_TABLE)) {
      db.exec(
        `CREATE TABLE ${SCHEMA_TABLE} (component TEXT PRIMARY KEY, version INTEGER NOT NULL)`,
      );
    }
    if (db.pragma("application_id", { simple: true }) === 0) {
      db.pragma(`application_id = ${WEFT_APPLICATION_ID}`);
    }
    for (const migration of schema.migrations) {
      if (migration.to > version) db.exec(migration.sql);
    }
    db.prepare(
      `INSERT INTO ${SCHEMA_TABLE} (component, version) VALUES (?, ?)
       ON CONFLICT (component) DO UPDATE SET version = excluded.version`,
    ).run(schema.component, currentVersion(schema));
  }).immediate();
}

/**
 * The saver's tables. A checkpoint row holds everything but its channel values;
 * `refs` maps each channel to the checkpoint that wrote its current value, whose blob
 * row (keyed by that writer's id, so forks that reuse a version number never collide)
 * is shared by every later checkpoint until the channel changes. `weft_threads` keeps
 * each thread's last access time, for thread TTLs.
 */
export const SAVER_SCHEMA: ComponentSchema = {
  component: "checkpoints",
  tables: ["weft_checkpoints", "weft_blobs", "weft_writes", "weft_threads"],
  migrations: [
    {
      to: 1,
      sql: `
        CREATE TABLE weft_checkpoints (
          thread_id TEXT NOT NULL,
          checkpoint_ns TEXT NOT NULL,
          checkpoint_id TEXT NOT NULL,
          parent_id TEXT,
          v INTEGER NOT NULL,
          ts TEXT NOT NULL,
          versions TEXT NOT NULL,
          seen TEXT NOT NULL,
          refs TEXT NOT NULL,
          metadata_type TEXT NOT NULL,
          metadata BLOB NOT NULL,
          UNIQUE (thread_id, checkpoint_ns, checkpoint_id)
        );
        CREATE INDEX weft_checkpoints_by_thread
          ON weft_checkpoints (thread_id, checkpoint_id, checkpoint_ns);
        CREATE INDEX weft_checkpoints_by_id
          ON weft_checkpoints (checkpoint_id, thread_id, checkpoint_ns);
        CREATE TABLE weft_blobs (
          thread_id TEXT NOT NULL,
          checkpoint_ns TEXT NOT NULL,
          writer_id TEXT NOT NULL,
          channel TEXT NOT NULL,
          type TEXT NOT NULL,
          data BLOB NOT NULL,
          UNIQUE (thread_id, checkpoint_ns, writer_id, channel)
        );
        CREATE TABLE weft_writes (
          seq INTEGER PRIMARY KEY,
          thread_id TEXT NOT NULL,
          checkpoint_ns TEXT NOT NULL,
          checkpoint_id TEXT NOT NULL,
          task_id TEXT NOT NULL,
          idx INTEGER NOT NULL,
          channel TEXT NOT NULL,
          type TEXT NOT NULL,
          data BLOB NOT NULL,
          UNIQUE (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
        );
        CREATE TABLE weft_threads (
          thread_id TEXT PRIMARY KEY,
          last_access INTEGER NOT NULL
        );
        CREATE INDEX weft_threads_by_access ON weft_threads (last_access);
      `,
    },
  ],
};

/**
 * The store's tables. `prefix` is the namespace joined with "." (labels cannot contain
 * one), so a namespace-prefix search is an index range scan. `seq` is creation order.
 * `weft_store_vectors` keeps every embedding (normalized float32) so search works
 * without the sqlite-vec extension; with it, the `vec0` table `weft_store_vec` (created
 * at setup for the configured dimensions) mirrors the non-zero ones by rowid.
 */
export const STORE_SCHEMA: ComponentSchema = {
  component: "store",
  tables: ["weft_store_items", "weft_store_vectors", "weft_store_meta"],
  migrations: [
    {
      to: 1,
      sql: `
        CREATE TABLE weft_store_items (
          seq INTEGER PRIMARY KEY,
          prefix TEXT NOT NULL,
          key TEXT NOT NULL,
          value_type TEXT NOT NULL,
          value TEXT NOT NULL,
          created_at INTEGER NOT NULL,
          updated_at INTEGER NOT NULL,
          ttl REAL,
          expires_at INTEGER,
          UNIQUE (prefix, key)
        );
        CREATE INDEX weft_store_items_by_expiry
          ON weft_store_items (expires_at) WHERE expires_at IS NOT NULL;
        CREATE TABLE weft_store_vectors (
          id INTEGER PRIMARY KEY,
          item_seq INTEGER NOT NULL,
          field TEXT NOT NULL,
          text TEXT NOT NULL,
          is_zero INTEGER NOT NULL,
          embedding BLOB NOT NULL
        );
        CREATE INDEX weft_store_vectors_by_item ON weft_store_vectors (item_seq);
        CREATE TABLE weft_store_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
      `,
    },
  ],
};
