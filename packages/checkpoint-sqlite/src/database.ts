import type { Database } from "better-sqlite3";
import BetterSqlite3 from "better-sqlite3";
import { SqliteDatabaseError } from "./errors.ts";

/** The better-sqlite3 connection type the saver and store accept. */
export type { Database } from "better-sqlite3";

/**
 * Opens (creating if needed) a database file, or an in-memory database for
 * `":memory:"`. Opening reads nothing yet: problems with the file surface at setup.
 *
 * @throws SqliteDatabaseError `SAVER_ERROR` (`driver`) when the file cannot be opened.
 */
export function openDatabase(path: string): Database {
  try {
    return new BetterSqlite3(path);
  } catch (error) {
    throw new SqliteDatabaseError(
      "driver",
      `Cannot open SQLite database ${path}: ${(error as Error).message}`,
      { location: path },
      error,
    );
  }
}

/** How errors name a database: its file path, or `":memory:"`. */
export function describeDatabase(db: Database): string {
  return db.memory ? ":memory:" : db.name;
}

/** Connection settings that need no write: safe before the database was checked. */
export function configureReads(db: Database, busyTimeoutMs: number): void {
  db.pragma(`busy_timeout = ${busyTimeoutMs}`);
}

/**
 * Switches a file database to write-ahead logging (readers never block the writer;
 * a crash loses at most uncommitted transactions) with `synchronous = NORMAL`, which
 * in WAL mode is durable across process crashes and only risks the last commits on
 * power loss. Called once the database is known to be Weft's: the switch rewrites the
 * file header. In-memory databases keep their journal.
 */
export function enableWal(db: Database): void {
  if (db.memory) return;
  const mode = db.pragma("journal_mode", { simple: true });
  if (mode !== "wal") db.pragma("journal_mode = WAL");
  db.pragma("synchronous = NORMAL");
}
