// pgvector: finding or creating the extension, and the SQL of its index and operators.
// Vectors are stored as `real[]`; the HNSW index is built over the cast
// `embedding::vector(dims)`, so the tables do not depend on the extension.

import { CheckpointConfigError } from "@weft/checkpoint";
import type { PgConnection } from "./connection.ts";
import { quoteIdent } from "./sql.ts";
import type { DistanceMetric, HnswConfig } from "./store-options.ts";
import { STORE_TABLE_NAMES, storeTables } from "./store-schema.ts";

/** The installed extension: the schema holding its type and operators, and its version. */
export interface Pgvector {
  schema: string;
  version: string;
}

/** Most dimensions an HNSW index over `vector` accepts (pgvector's limit). */
export const HNSW_MAX_DIMS = 2000;

/**
 * The installed pgvector, creating it when the server offers it and the role may; when
 * it cannot be had, the reason, for the warning. Never throws for a missing or
 * forbidden extension (that is the exact-search fallback); connection failures throw.
 */
export async function findOrCreatePgvector(
  conn: PgConnection,
): Promise<{ pgvector: Pgvector } | { reason: string }> {
  const installed = await findPgvector(conn);
  if (installed !== undefined) return { pgvector: installed };
  const { rows } = await conn.query(
    "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'",
    [],
    "setup",
  );
  if (rows.length === 0) {
    return { reason: `the server at ${conn.address} does not have the pgvector extension` };
  }
  try {
    await conn.query("CREATE EXTENSION IF NOT EXISTS vector", [], "setup");
  } catch (error) {
    // Another process may have created it meanwhile; otherwise the role may not.
    const raced = await findPgvector(conn);
    if (raced !== undefined) return { pgvector: raced };
    return { reason: `CREATE EXTENSION vector failed (${(error as Error).message})` };
  }
  const created = await findPgvector(conn);
  return created !== undefined
    ? { pgvector: created }
    : { reason: "CREATE EXTENSION vector had no effect" };
}

async function findPgvector(conn: PgConnection): Promise<Pgvector | undefined> {
  const { rows } = await conn.query<{ schema: string; version: string }>(
    `SELECT n.nspname AS schema, e.extversion AS version
     FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
     WHERE e.extname = 'vector'`,
    [],
    "setup",
  );
  return rows[0];
}

/** True for pgvector 0.8 or later, which can keep scanning the index past a filter. */
export function hasIterativeScan(version: string): boolean {
  const [major = 0, minor = 0] = version.split(".").map(Number);
  return major > 0 || minor >= 8;
}

/** `"ext".vector(dims)`: the type, qualified by the extension's schema (any search_path works). */
export function vectorType(pgvector: Pgvector, dims: number): string {
  return `${quoteIdent(pgvector.schema, "schema")}.vector(${dims})`;
}

/**
 * The distance operator a metric orders by. Cosine uses the inner product: the store
 * keeps cosine vectors normalized, where cosine similarity equals the dot product and a
 * zero vector scores 0 (as in every Weft store) instead of pgvector's NaN.
 */
export function distanceOperator(pgvector: Pgvector, metric: DistanceMetric): string {
  const op = metric === "l2" ? "<->" : "<#>";
  return `OPERATOR(${quoteIdent(pgvector.schema, "schema")}.${op})`;
}

function operatorClass(pgvector: Pgvector, metric: DistanceMetric): string {
  const name = metric === "l2" ? "vector_l2_ops" : "vector_ip_ops";
  return `${quoteIdent(pgvector.schema, "schema")}.${name}`;
}

/** Name of the HNSW index for one metric and dimension count (several may coexist). */
export function hnswIndexName(metric: DistanceMetric, dims: number): string {
  return `${STORE_TABLE_NAMES.vectors}_hnsw_${metric === "l2" ? "l2" : "ip"}_${dims}`;
}

/** Options of {@link storeVectorIndexSql}. */
export interface VectorIndexSqlOptions {
  /** Length of the vectors. */
  dims: number;
  /** @default "cosine" */
  distanceMetric?: DistanceMetric;
  /** @default { m: 16, efConstruction: 64 } */
  hnsw?: Pick<HnswConfig, "m" | "efConstruction">;
  /** Schema pgvector is installed in. @default "public" */
  extensionSchema?: string;
}

/**
 * The `CREATE INDEX` statement of the HNSW index a `PostgresStore` with this index
 * config creates at setup, for a DBA to run (perhaps `CONCURRENTLY`) ahead of time.
 *
 * @throws CheckpointConfigError `INVALID_CONFIG` for dims outside 1..2000.
 * @example
 * storeVectorIndexSql("app", { dims: 1536 });
 * // CREATE INDEX IF NOT EXISTS "weft_store_vectors_hnsw_ip_1536" ON "app"."weft_store_vectors"
 * //   USING hnsw ((embedding::"public".vector(1536)) "public".vector_ip_ops) WITH (m = 16, ef_construction = 64)
 */
export function storeVectorIndexSql(schema: string, options: VectorIndexSqlOptions): string {
  const pgvector = { schema: options.extensionSchema ?? "public", version: "" };
  const metric = options.distanceMetric ?? "cosine";
  const m = options.hnsw?.m ?? 16;
  const efConstruction = options.hnsw?.efConstruction ?? 64;
  const dims = options.dims;
  if (!Number.isInteger(dims) || dims < 1 || dims > HNSW_MAX_DIMS) {
    throw new CheckpointConfigError(
      `An HNSW index needs dims to be an integer from 1 to ${HNSW_MAX_DIMS}; got ${dims}.`,
      { field: "dims" },
    );
  }
  if (!Number.isInteger(m) || !Number.isInteger(efConstruction)) {
    throw new CheckpointConfigError("hnsw.m and hnsw.efConstruction must be integers.", {
      field: "hnsw",
    });
  }
  return (
    `CREATE INDEX IF NOT EXISTS ${quoteIdent(hnswIndexName(metric, dims), "index name")} ` +
    `ON ${storeTables(schema).vectors} USING hnsw ` +
    `((embedding::${vectorType(pgvector, dims)}) ${operatorClass(pgvector, metric)}) ` +
    `WITH (m = ${m}, ef_construction = ${efConstruction})`
  );
}
