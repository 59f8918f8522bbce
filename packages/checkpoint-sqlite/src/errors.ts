import { WeftError } from "@weft/checkpoint";

/**
 * Why a SQLite database could not be used:
 * - `corrupt`: the file is not a SQLite database, or SQLite reports it damaged;
 * - `foreign`: a SQLite database that Weft did not create (its tables are someone else's);
 * - `newer_schema`: created by a newer Weft whose schema this version cannot read;
 * - `driver`: any other failure of the SQLite driver (I/O, locking, constraint...).
 */
export type SqliteFailure = "corrupt" | "foreign" | "newer_schema" | "driver";

/**
 * A SQLite saver or store failed. Code `SAVER_ERROR`; `details.reason` says which
 * {@link SqliteFailure} it was and `details.location` which database file. Opening a bad
 * file never writes to it: the checks run before any pragma or table is written.
 */
export class SqliteDatabaseError extends WeftError {
  /** What went wrong, for programs that react to it. */
  readonly reason: SqliteFailure;

  constructor(
    reason: SqliteFailure,
    message: string,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super("SAVER_ERROR", message, { cause, details: { reason, ...details } });
    this.reason = reason;
  }
}

/** SQLite result codes that mean the bytes on disk are not a usable database. */
const CORRUPT_CODES = new Set(["SQLITE_NOTADB", "SQLITE_CORRUPT", "SQLITE_CORRUPT_INDEX"]);

/** True for a driver error that says the file is damaged or not a database. */
export function isCorruptionError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && (CORRUPT_CODES.has(code) || code.startsWith("SQLITE_CORRUPT"));
}

/**
 * Wraps a driver error so driver types never leak through the saver interface; Weft
 * errors pass through unchanged.
 */
export function wrapDriverError(error: unknown, location: string, operation: string): WeftError {
  if (WeftError.isInstance(error)) return error;
  const text = error instanceof Error ? error.message : String(error);
  if (isCorruptionError(error)) {
    return new SqliteDatabaseError(
      "corrupt",
      `SQLite ${operation} failed: ${location} is damaged or not a SQLite database (${text}).`,
      { location, operation },
      error,
    );
  }
  return new SqliteDatabaseError(
    "driver",
    `SQLite ${operation} failed on ${location}: ${text}`,
    { location, operation, sqliteCode: (error as { code?: unknown } | null)?.code },
    error,
  );
}

/** Runs a driver call on the database at `location`, turning driver errors into `SqliteDatabaseError`. */
export function driverCall<T>(location: string, operation: string, run: () => T): T {
  try {
    return run();
  } catch (error) {
    throw wrapDriverError(error, location, operation);
  }
}
