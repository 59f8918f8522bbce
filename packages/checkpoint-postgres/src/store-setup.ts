// What `PostgresStore.setup()` does: migrations, then, with an index, the vector
// settings check and pgvector (extension and HNSW index), or the exact-search fallback.

import { WeftError } from "@weft/checkpoint";
import type { PgConnection } from "./connection.ts";
import { PostgresDatabaseError } from "./errors.ts";
import { runMigrations } from "./migrations.ts";
import {
  findOrCreatePgvector,
  HNSW_MAX_DIMS,
  hasIterativeScan,
  hnswIndexName,
  type Pgvector,
  storeVectorIndexSql,
} from "./pgvector.ts";
import { quoteIdent } from "./sql.ts";
import type { ResolvedVectorSettings } from "./store-options.ts";
import { STORE_MIGRATIONS, STORE_TABLE_LIST, type StoreTables } from "./store-schema.ts";
import type { VectorPlan } from "./store-search.ts";

/**
 * How a store answers `query` searches: `pgvector` (the extension, with an HNSW index
 * when `dims` ≤ 2000 and the role could create it), `exact` (SQL over `real[]` vectors:
 * pgvector is missing or turned off), or `none` without an index.
 */
export type VectorSearchMode = "pgvector" | "exact" | "none";

/** What {@link setupStore} needs to know about the store. */
export interface StoreSetup {
  schema: string;
  tables: StoreTables;
  createSchema: boolean;
  /** The index's dims; undefined without an index. */
  dims: number | undefined;
  settings: ResolvedVectorSettings | undefined;
  usePgvector: boolean;
  warn: (message: string) => void;
}

/**
 * Brings the store's tables up to date and decides how vector search runs.
 * @throws PostgresDatabaseError `SAVER_ERROR` from the migrations or the connection.
 * @throws WeftError `INVALID_CONFIG` when dims or metric differ from the stored vectors'.
 */
export async function setupStore(
  conn: PgConnection,
  setup: StoreSetup,
): Promise<{ mode: VectorSearchMode; plan: VectorPlan | undefined }> {
  await runMigrations(conn, {
    schema: setup.schema,
    component: "store",
    migrations: STORE_MIGRATIONS,
    tables: STORE_TABLE_LIST,
    createSchema: setup.createSchema,
  });
  const { dims, settings } = setup;
  if (dims === undefined || settings === undefined) return { mode: "none", plan: undefined };
  await checkVectorMeta(conn, setup, dims, settings);
  let pgvector: Pgvector | undefined;
  if (setup.usePgvector) {
    const found = await findOrCreatePgvector(conn);
    if ("pgvector" in found) pgvector = found.pgvector;
    else {
      setup.warn(
        `PostgresStore: ${found.reason}; vector search in schema "${setup.schema}" ranks ` +
          "exactly in SQL instead (same results, slower on large stores). Install pgvector " +
          "for an HNSW index, or pass pgvector: false to silence this warning.",
      );
    }
  }
  const plan: VectorPlan = {
    metric: settings.metric,
    dims,
    pgvector,
    hnsw: pgvector !== undefined && (await ensureHnsw(conn, setup, pgvector, dims, settings)),
    efSearch: settings.hnsw.efSearch,
    iterativeScan: pgvector !== undefined && hasIterativeScan(pgvector.version),
  };
  return { mode: pgvector === undefined ? "exact" : "pgvector", plan };
}

/** Creates the HNSW index if missing; false (with a warning) when it cannot exist. */
async function ensureHnsw(
  conn: PgConnection,
  setup: StoreSetup,
  pgvector: Pgvector,
  dims: number,
  settings: ResolvedVectorSettings,
): Promise<boolean> {
  if (dims > HNSW_MAX_DIMS) {
    setup.warn(
      `PostgresStore: pgvector's HNSW index takes at most ${HNSW_MAX_DIMS} dimensions and ` +
        `index.dims is ${dims}; vector search scans every vector (exact).`,
    );
    return false;
  }
  const name = `${quoteIdent(setup.schema, "schema")}.${quoteIdent(hnswIndexName(settings.metric, dims))}`;
  const { rows } = await conn.query<{ present: boolean }>(
    "SELECT to_regclass($1) IS NOT NULL AS present",
    [name],
    "setup",
  );
  if (rows[0]?.present === true) return true;
  const sql = storeVectorIndexSql(setup.schema, {
    dims,
    distanceMetric: settings.metric,
    hnsw: settings.hnsw,
    extensionSchema: pgvector.schema,
  });
  try {
    await conn.transaction("setup", async (client) => {
      // The lock migrations take: two processes never build the index at once.
      await client.query("SELECT pg_advisory_xact_lock(hashtext($1))", [
        `weft:migrations:${setup.schema}`,
      ]);
      await client.query(sql);
    });
    return true;
  } catch (error) {
    if (!(error instanceof PostgresDatabaseError) || error.reason !== "auth") throw error;
    setup.warn(
      `PostgresStore: cannot create the HNSW index (${error.message}); vector search scans ` +
        "every vector. Have a DBA run storeVectorIndexSql().",
    );
    return false;
  }
}

/** Records dims and metric on first use; refuses a config that differs from the data's. */
async function checkVectorMeta(
  conn: PgConnection,
  setup: StoreSetup,
  dims: number,
  settings: ResolvedVectorSettings,
): Promise<void> {
  const meta = setup.tables.meta;
  await conn.query(
    `INSERT INTO ${meta} (key, value) VALUES ('dims', $1), ('metric', $2)
     ON CONFLICT (key) DO NOTHING`,
    [String(dims), settings.metric],
    "setup",
  );
  const { rows } = await conn.query<{ key: string; value: string }>(
    `SELECT key, value FROM ${meta} WHERE key IN ('dims', 'metric')`,
    [],
    "setup",
  );
  const stored = Object.fromEntries(rows.map((row) => [row.key, row.value]));
  if (Number(stored.dims) !== dims || stored.metric !== settings.metric) {
    throw new WeftError(
      "INVALID_CONFIG",
      `Schema "${setup.schema}" on ${conn.address} holds ${stored.dims}-dimensional ` +
        `${stored.metric} vectors but the index config asks for ${dims}-dimensional ` +
        `${settings.metric} ones. Use the embedding model and metric the store was built ` +
        "with, or another schema.",
      {
        details: {
          schema: setup.schema,
          stored: { dims: Number(stored.dims), metric: stored.metric },
          configured: { dims, metric: settings.metric },
        },
      },
    );
  }
}
