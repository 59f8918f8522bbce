import {
  type BaseCheckpointSaverOptions,
  CheckpointConfigError,
  type SerializerProtocol,
} from "@weft/checkpoint";

/** Default schema of Weft's tables, as the peer: `public`. */
export const DEFAULT_SCHEMA = "public";

/**
 * How transient failures (a reset or terminated connection, an idle timeout, a
 * serialization failure, a deadlock) are retried: each retry waits `initialDelayMs`,
 * doubled every time up to `maxDelayMs`, with random jitter so many clients do not
 * retry in step. Other errors are never retried.
 */
export interface PgRetryOptions {
  /** Retries after the first attempt; 0 turns retrying off. @default 3 */
  retries?: number;
  /** Wait before the first retry, in ms. @default 50 */
  initialDelayMs?: number;
  /** Longest wait between two attempts, in ms. @default 2000 */
  maxDelayMs?: number;
}

/** {@link PgRetryOptions} with every default applied. */
export type ResolvedRetry = Required<PgRetryOptions>;

/** Defaults of {@link PgRetryOptions}. */
export const DEFAULT_RETRY: ResolvedRetry = { retries: 3, initialDelayMs: 50, maxDelayMs: 2000 };

/** Options the saver and the store share. */
export interface PostgresConnectionOptions {
  /**
   * Schema holding Weft's tables. Quoted, so it is case-sensitive and may be any name
   * up to 63 bytes. One schema per application (or per tenant) keeps their data apart.
   * @default "public"
   */
  schema?: string;
  /**
   * Whether setup may `CREATE SCHEMA` when the schema does not exist. Set it to false
   * for a role without `CREATE` on the database: setup then only checks the schema
   * (and creates missing tables, if the role may). @default true
   */
  createSchema?: boolean;
  /** Retrying of transient failures (see {@link PgRetryOptions}); `false` turns it off. */
  retry?: PgRetryOptions | false;
  /**
   * Send the hot statements as named prepared statements, planned once per server
   * connection instead of on every call (a put takes about 40% less time). Leave it off
   * behind PgBouncer in transaction mode unless PgBouncer tracks prepared statements
   * (1.21+ with `max_prepared_statements` set): a named statement lives on one server
   * connection, which transaction mode does not keep for a client. @default false
   */
  preparedStatements?: boolean;
}

/**
 * Options of `PostgresSaver`: the common saver options (`serde`, `threadTtl`, `now`)
 * plus the connection options ({@link PostgresConnectionOptions}).
 */
export interface PostgresSaverOptions
  extends BaseCheckpointSaverOptions,
    PostgresConnectionOptions {}

/** Arguments of `setup()` on the saver and the store. */
export interface PostgresSetupOptions {
  /**
   * Overrides {@link PostgresConnectionOptions.createSchema} for this call: false never
   * runs `CREATE SCHEMA` and fails with reason `missing_schema` when it does not exist.
   */
  createSchema?: boolean;
}

/**
 * Checks and completes retry options.
 * @throws CheckpointConfigError `INVALID_CONFIG` for a value that is not a non-negative number.
 */
export function resolveRetry(retry: PgRetryOptions | false | undefined): ResolvedRetry {
  if (retry === false) return { ...DEFAULT_RETRY, retries: 0 };
  const resolved = { ...DEFAULT_RETRY, ...retry };
  for (const key of ["retries", "initialDelayMs", "maxDelayMs"] as const) {
    const value = resolved[key];
    if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
      throw new CheckpointConfigError(
        `retry.${key} must be a non-negative number; got ${String(value)}.`,
        { field: `retry.${key}` },
      );
    }
  }
  return resolved;
}

/** True when a constructor's options argument is a serializer alone (the peer's form). */
export function isSerializer(value: unknown): value is SerializerProtocol {
  return typeof (value as SerializerProtocol | undefined)?.dumpsTyped === "function";
}
