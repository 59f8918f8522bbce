// What the store's integration tests add to the package's PostgreSQL fixtures.

import type pg from "pg";
import type { PostgresStore } from "../src/store.ts";
import { dropSchema } from "./pg-fixtures.ts";

/** Closes `store` and drops its schema (tables, vectors, HNSW index) from `pool`'s database. */
export async function dropStore(pool: pg.Pool, store: PostgresStore): Promise<void> {
  await store.close();
  await dropSchema(pool, store.schema);
}
