import { type Migration, migrationSql } from "./migrations.ts";
import { quoteIdent, schemaTables } from "./sql.ts";

/** The saver's tables (unqualified names). */
export const SAVER_TABLES = {
  checkpoints: "weft_checkpoints",
  blobs: "weft_blobs",
  writes: "weft_writes",
  threads: "weft_threads",
} as const;

/** Quoted, schema-qualified names of the saver's tables. */
export type SaverTables = { readonly [K in keyof typeof SAVER_TABLES]: string };

/** The saver's tables in `schema`, ready to interpolate into SQL. */
export function saverTables(schema: string): SaverTables {
  return schemaTables(schema, SAVER_TABLES);
}

/** An index name of the saver, quoted (indexes live in their table's schema). */
function index(name: string): string {
  return quoteIdent(name, "index name");
}

/**
 * The saver's schema, version by version.
 *
 * A checkpoint row holds everything but its channel values; `refs` maps each channel to
 * the id of the checkpoint that wrote its current value. A value is stored once in
 * `weft_blobs`, keyed by (thread, namespace, channel, writing checkpoint), and shared
 * by every later checkpoint until the channel changes (keying by writer, not by
 * version, keeps forks that reuse a version number apart). Pending writes have their
 * own table; `weft_threads` keeps each thread's last access, for thread TTLs.
 *
 * `metadata_filter` is a JSONB copy of plain, plaintext metadata (see `saver-filter.ts`)
 * that lets `list` filter in SQL.
 *
 * Ids sort with `COLLATE "C"` (byte order), which is the order of uuid6 ids and of
 * JavaScript string comparison, whatever the database's locale. `list` reads through
 * the primary key (by thread and namespace), `weft_checkpoints_by_thread` (by thread)
 * or `weft_checkpoints_by_id` (every thread), newest first, a page at a time.
 */
export const SAVER_MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description: "checkpoints, channel values, pending writes, thread access times",
    sql: (schema) => {
      const t = saverTables(schema);
      return `
CREATE TABLE ${t.checkpoints} (
  thread_id text COLLATE "C" NOT NULL,
  checkpoint_ns text COLLATE "C" NOT NULL,
  checkpoint_id text COLLATE "C" NOT NULL,
  parent_id text COLLATE "C",
  v integer NOT NULL,
  ts text NOT NULL,
  versions json NOT NULL,
  seen json NOT NULL,
  refs json NOT NULL,
  metadata_type text NOT NULL,
  metadata bytea NOT NULL,
  metadata_filter jsonb,
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id)
);
CREATE INDEX ${index("weft_checkpoints_by_thread")}
  ON ${t.checkpoints} (thread_id, checkpoint_id, checkpoint_ns);
CREATE INDEX ${index("weft_checkpoints_by_id")}
  ON ${t.checkpoints} (checkpoint_id, thread_id, checkpoint_ns);
CREATE TABLE ${t.blobs} (
  thread_id text COLLATE "C" NOT NULL,
  checkpoint_ns text COLLATE "C" NOT NULL,
  channel text COLLATE "C" NOT NULL,
  writer_id text COLLATE "C" NOT NULL,
  type text NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_ns, channel, writer_id)
);
CREATE TABLE ${t.writes} (
  thread_id text COLLATE "C" NOT NULL,
  checkpoint_ns text COLLATE "C" NOT NULL,
  checkpoint_id text COLLATE "C" NOT NULL,
  task_id text COLLATE "C" NOT NULL,
  idx integer NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY,
  channel text NOT NULL,
  type text NOT NULL,
  data bytea NOT NULL,
  PRIMARY KEY (thread_id, checkpoint_ns, checkpoint_id, task_id, idx)
);
CREATE TABLE ${t.threads} (
  thread_id text COLLATE "C" PRIMARY KEY,
  last_access bigint NOT NULL
);
CREATE INDEX ${index("weft_threads_by_access")} ON ${t.threads} (last_access);`;
    },
  },
];

/**
 * The saver's whole schema as one SQL script, for a DBA to apply by hand before the
 * application runs `setup({ createSchema: false })` under a least-privilege role.
 *
 * @param schema the schema name (raw; it is quoted in the script). @default "public"
 * @example
 * // psql -v ON_ERROR_STOP=1 -f weft-saver.sql
 * writeFileSync("weft-saver.sql", saverMigrationSql("app"));
 */
export function saverMigrationSql(schema = "public", createSchema = true): string {
  return migrationSql(schema, "saver", SAVER_MIGRATIONS, createSchema);
}

/** Unqualified names of the saver's tables, for the migration runner's `foreign` check. */
export const SAVER_TABLE_NAMES: readonly string[] = Object.values(SAVER_TABLES);
