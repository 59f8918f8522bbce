import { WeftError } from "@weft/checkpoint";

/**
 * Why a PostgreSQL saver or store could not do its work:
 * - `unreachable`: no server answered at the address, or the database does not exist;
 * - `auth`: the server refused the credentials, or the role lacks a privilege;
 * - `missing_schema`: `setup({ createSchema: false })` found no such schema;
 * - `newer_schema`: the schema was migrated by a newer Weft than this one;
 * - `foreign`: the schema holds tables of the same names that Weft did not create;
 * - `driver`: any other failure reported by `pg` or the server.
 */
export type PostgresFailure =
  | "unreachable"
  | "auth"
  | "missing_schema"
  | "newer_schema"
  | "foreign"
  | "driver";

/**
 * A PostgreSQL saver or store failed. Code `SAVER_ERROR`; `details.reason` says which
 * {@link PostgresFailure} it was, `details.address` which server (`host:port/database`,
 * never a password), `details.operation` what was being done, and `details.sqlState`
 * the server's SQLSTATE code when there was one. The driver's error is the `cause`.
 */
export class PostgresDatabaseError extends WeftError {
  /** What went wrong, for programs that react to it. */
  readonly reason: PostgresFailure;

  constructor(
    reason: PostgresFailure,
    message: string,
    details: Record<string, unknown> = {},
    cause?: unknown,
  ) {
    super("SAVER_ERROR", message, { cause, details: { reason, ...details } });
    this.reason = reason;
  }
}

/** The fields of a `pg` error (a server `DatabaseError` or a Node socket error) that matter here. */
interface DriverError {
  code?: unknown;
  message?: unknown;
}

function codeOf(error: unknown): string | undefined {
  const code = (error as DriverError | null)?.code;
  return typeof code === "string" ? code : undefined;
}

function messageOf(error: unknown): string {
  if (error instanceof Error) return error.message;
  const message = (error as DriverError | null)?.message;
  return typeof message === "string" ? message : String(error);
}

/** Socket-level failures to open a connection: nothing is listening, or the name does not resolve. */
const UNREACHABLE_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EHOSTUNREACH",
  "ENETUNREACH",
  "EAI_AGAIN",
  "ETIMEDOUT",
  "3D000", // invalid_catalog_name: the database does not exist
]);

/** Server refusals of who is asking, not of what was asked. */
const AUTH_CODES = new Set([
  "28000", // invalid_authorization_specification (pg_hba.conf rejects the role/host)
  "28P01", // invalid_password
  "42501", // insufficient_privilege
]);

/** SQLSTATEs after which the same work, retried on a fresh connection, may succeed. */
const TRANSIENT_CODES = new Set([
  "40001", // serialization_failure
  "40P01", // deadlock_detected
  "57P01", // admin_shutdown (pg_terminate_backend, a fast shutdown)
  "57P02", // crash_shutdown
  "57P03", // cannot_connect_now (the server is starting)
  "57P05", // idle_session_timeout
  "25P03", // idle_in_transaction_session_timeout
  "53300", // too_many_connections
]);

const TRANSIENT_SOCKET_CODES = new Set(["ECONNRESET", "EPIPE", "ECONNABORTED", "ETIMEDOUT"]);

/** Messages `pg` gives connection losses that carry no code. */
const TRANSIENT_MESSAGES = [
  /connection terminated/i,
  /connection ended/i,
  /client has encountered a connection error/i,
  /timeout exceeded when trying to connect/i,
  /idle.*timeout/i,
];

/**
 * True for a failure worth retrying on a fresh connection: the connection was reset or
 * terminated (ECONNRESET, SQLSTATE class 08, 57P01 `pg_terminate_backend`, idle
 * timeouts), a serialization failure (40001) or a deadlock (40P01). Weft errors and
 * statement errors (syntax, constraints) are never transient.
 */
export function isTransientPgError(error: unknown): boolean {
  if (WeftError.isInstance(error)) return false;
  const code = codeOf(error);
  if (code !== undefined) {
    if (TRANSIENT_CODES.has(code) || TRANSIENT_SOCKET_CODES.has(code)) return true;
    if (code.length === 5 && code.startsWith("08")) return true; // connection_exception
    if (/^[0-9A-Z]{5}$/.test(code)) return false; // any other SQLSTATE is a real answer
  }
  const message = messageOf(error);
  return TRANSIENT_MESSAGES.some((pattern) => pattern.test(message));
}

/**
 * Turns a `pg` failure into a {@link PostgresDatabaseError}, so driver types never leak
 * through the saver and store interfaces. Weft errors pass through unchanged.
 *
 * @param operation what was being done (`"put"`, `"setup"`...), for the message.
 * @param address `host:port/database` of the server, for the message (never a password).
 */
export function wrapPgError(error: unknown, operation: string, address: string): WeftError {
  if (WeftError.isInstance(error)) return error;
  const sqlState = codeOf(error);
  const text = messageOf(error);
  const details = { address, operation, sqlState };
  if (sqlState !== undefined && UNREACHABLE_CODES.has(sqlState)) {
    const hint =
      sqlState === "3D000"
        ? "Create the database, or fix the database name in the connection string."
        : "Check that PostgreSQL is running and that host and port are right.";
    return new PostgresDatabaseError(
      "unreachable",
      `PostgreSQL ${operation} failed: cannot reach ${address} (${text}). ${hint}`,
      details,
      error,
    );
  }
  if (sqlState !== undefined && AUTH_CODES.has(sqlState)) {
    const hint =
      sqlState === "42501"
        ? "Grant the role the privilege, or have a DBA apply the migration SQL (see migrationSql)."
        : "Check the user name and password.";
    return new PostgresDatabaseError(
      "auth",
      `PostgreSQL ${operation} failed on ${address}: ${text}. ${hint}`,
      details,
      error,
    );
  }
  if (/password authentication|SASL|no pg_hba\.conf entry/i.test(text)) {
    return new PostgresDatabaseError(
      "auth",
      `PostgreSQL ${operation} failed on ${address}: ${text}. Check the user name and password.`,
      details,
      error,
    );
  }
  return new PostgresDatabaseError(
    "driver",
    `PostgreSQL ${operation} failed on ${address}: ${text}`,
    details,
    error,
  );
}
