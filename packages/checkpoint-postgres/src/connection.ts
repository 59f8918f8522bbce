import { setTimeout as sleep } from "node:timers/promises";
import type { Pool, PoolClient, PoolConfig, QueryResult, QueryResultRow } from "pg";
import pg from "pg";
import { isTransientPgError, wrapPgError } from "./errors.ts";
import { type PgRetryOptions, type ResolvedRetry, resolveRetry } from "./options.ts";

/** What a {@link PgConnection.transaction} body runs its statements on. */
export interface PgQueryable {
  /** Runs one statement with bound parameters (`$1`, `$2`...), as an unnamed statement. */
  query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    params?: readonly unknown[],
  ): Promise<QueryResult<R>>;
}

/** Options of {@link PgConnection}. */
export interface PgConnectionOptions {
  /** Whether {@link PgConnection.close} ends the pool (true when Weft created it). @default false */
  owned?: boolean;
  /** Retrying of transient failures. @default DEFAULT_RETRY */
  retry?: PgRetryOptions | false;
  /** Name the statements {@link PgConnection.query} sends (prepared once per server connection). @default false */
  preparedStatements?: boolean;
}

/**
 * One name per statement text, for the whole process: `pg` prepares a named statement
 * once per server connection and must never see one name with two texts.
 */
const statementNames = new Map<string, string>();

function statementName(text: string): string {
  let name = statementNames.get(text);
  if (name === undefined) {
    name = `weft_${statementNames.size + 1}`;
    statementNames.set(text, name);
  }
  return name;
}

/**
 * A `pg.Pool` with what the saver and the store need around it: the server's address
 * for error messages, retries with backoff on transient failures, and transactions
 * that run on one client and are retried whole.
 *
 * Statements are sent unnamed by default (`pg` is given no `name`): named prepared
 * statements live on one server connection, which PgBouncer in transaction mode does
 * not keep for a client between transactions. `preparedStatements: true` names the
 * statements of {@link query}, for direct connections.
 *
 * @example
 * const conn = new PgConnection(new pg.Pool({ connectionString }), { owned: true });
 * const { rows } = await conn.query("SELECT 1 AS one", [], "ping");
 * await conn.close();
 */
export class PgConnection {
  /** The pool statements run on. */
  readonly pool: Pool;
  /** `host:port/database`, for messages; never holds a password. */
  readonly address: string;
  private readonly owned: boolean;
  private readonly retry: ResolvedRetry;
  private readonly prepared: boolean;

  constructor(pool: Pool, options: PgConnectionOptions = {}) {
    this.pool = pool;
    this.owned = options.owned ?? false;
    this.prepared = options.preparedStatements ?? false;
    this.retry = resolveRetry(options.retry);
    this.address = describePool(pool);
    // A pooled client that loses its connection while idle makes the pool emit `error`;
    // with no listener Node would crash the process. Only for pools Weft made: a
    // caller's pool is the caller's to watch (see the README).
    if (this.owned) pool.on("error", () => {});
  }

  /**
   * A connection on a new pool for `connString` (`postgres://user:pass@host:port/db`,
   * or any `pg.PoolConfig`), closed by {@link close}.
   */
  static open(config: string | PoolConfig, options: Omit<PgConnectionOptions, "owned"> = {}) {
    const poolConfig = typeof config === "string" ? { connectionString: config } : config;
    return new PgConnection(new pg.Pool(poolConfig), { ...options, owned: true });
  }

  /**
   * Runs one statement on any pooled client, retried with backoff when the failure is
   * transient. Use it for reads and for writes that are safe to repeat.
   *
   * @throws PostgresDatabaseError `SAVER_ERROR` when it fails for good.
   */
  async query<R extends QueryResultRow = QueryResultRow>(
    text: string,
    params: readonly unknown[] = [],
    operation = "query",
  ): Promise<QueryResult<R>> {
    const values = params as unknown[];
    if (!this.prepared) return this.withRetry(operation, () => this.pool.query<R>(text, values));
    const name = statementName(text);
    return this.withRetry(operation, () => this.pool.query<R>({ text, values, name }));
  }

  /**
   * Runs `body` inside `BEGIN … COMMIT` on one client; any error rolls back. When the
   * failure is transient (the connection dropped, a serialization failure) the whole
   * body runs again on a fresh client, so it must be safe to repeat: build statements
   * that are idempotent (upserts, `ON CONFLICT DO NOTHING`). A client whose connection
   * broke is discarded, never returned to the pool.
   *
   * @throws PostgresDatabaseError `SAVER_ERROR` when it fails for good; errors the body
   *   throws on purpose (Weft errors) pass through unchanged.
   */
  async transaction<T>(operation: string, body: (client: PgQueryable) => Promise<T>): Promise<T> {
    return this.withRetry(operation, async () => {
      const client = await this.pool.connect();
      // An idle checked-out client that loses its connection emits `error`; without a
      // listener that would crash the process. The failure surfaces in the next query.
      const onError = () => {};
      client.on("error", onError);
      let broken: Error | undefined;
      try {
        await client.query("BEGIN");
        const result = await body(unnamed(client));
        await client.query("COMMIT");
        return result;
      } catch (error) {
        broken = await rollback(client, error);
        throw error;
      } finally {
        client.removeListener("error", onError);
        client.release(broken);
      }
    });
  }

  /** Ends the pool if this connection created it; a caller's pool stays open. */
  async close(): Promise<void> {
    if (this.owned && !this.pool.ended && !this.pool.ending) await this.pool.end();
  }

  private async withRetry<T>(operation: string, attempt: () => Promise<T>): Promise<T> {
    const { retries, initialDelayMs, maxDelayMs } = this.retry;
    for (let failures = 0; ; failures++) {
      try {
        return await attempt();
      } catch (error) {
        if (failures >= retries || !isTransientPgError(error)) {
          throw wrapPgError(error, operation, this.address);
        }
        const ceiling = Math.min(maxDelayMs, initialDelayMs * 2 ** failures);
        await sleep(ceiling / 2 + Math.random() * (ceiling / 2));
      }
    }
  }
}

/** A view of `client` that can only send unnamed statements. */
function unnamed(client: PoolClient): PgQueryable {
  return {
    query: <R extends QueryResultRow>(text: string, params: readonly unknown[] = []) =>
      client.query<R>(text, params as unknown[]),
  };
}

/**
 * Rolls back after `error`; returns the error to release the client with when its
 * connection can no longer be trusted (the pool then destroys it), else undefined.
 */
async function rollback(client: PoolClient, error: unknown): Promise<Error | undefined> {
  if (isTransientPgError(error)) return error instanceof Error ? error : new Error(String(error));
  try {
    await client.query("ROLLBACK");
    return undefined;
  } catch (rollbackError) {
    return rollbackError instanceof Error ? rollbackError : new Error(String(rollbackError));
  }
}

/**
 * `host:port/database` of the server a pool connects to, read from its options the
 * way `pg` does (connection string first, then fields, then the `PG*` environment).
 * The user name and password are left out.
 */
export function describePool(pool: Pool): string {
  const options = (pool as { options?: PoolConfig }).options ?? {};
  let { host, port, database } = options;
  if (options.connectionString !== undefined) {
    try {
      const url = new URL(options.connectionString);
      host = decodeURIComponent(url.hostname) || url.searchParams.get("host") || host;
      port = url.port === "" ? port : Number(url.port);
      const path = decodeURIComponent(url.pathname.slice(1));
      database = path === "" ? database : path;
    } catch {
      // Not a URL (a "host=... dbname=..." string): fall back to the fields below.
    }
  }
  const env = process.env;
  host ??= env.PGHOST ?? "localhost";
  port ??= Number(env.PGPORT ?? 5432);
  database ??= env.PGDATABASE ?? options.user ?? env.PGUSER ?? "postgres";
  const where = host.startsWith("/") ? host : `${host}:${port}`;
  return `${where}/${database}`;
}
