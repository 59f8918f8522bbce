// The shared store suite against the machine's PostgreSQL 15 (no pgvector: exact search)
// and against PGlite with pgvector over the wire protocol (HNSW path).

import { describeStoreConformance, requireService } from "@weft/conformance";
import type pg from "pg";
import { afterAll, beforeAll, describe } from "vitest";
import { PostgresStore } from "../src/store.ts";
import { freshSchema, POSTGRES_SERVICE, testPool } from "./pg-fixtures.ts";
import { type PgliteServer, startPgliteServer } from "./pglite-server.ts";
import { dropStore } from "./store-helpers.ts";

const postgres = await requireService(POSTGRES_SERVICE);
const silent = () => {};

let pool: pg.Pool | undefined;
afterAll(async () => {
  await pool?.end();
});

describe.skipIf(!postgres.available)("PostgreSQL 15", () => {
  describeStoreConformance({
    name: "PostgresStore (PostgreSQL 15, exact vector search)",
    create: (options) => {
      pool ??= testPool({ max: 8 });
      return new PostgresStore(pool, {
        ...options,
        schema: freshSchema("store"),
        onWarning: silent,
      });
    },
    teardown: (store) => dropStore(pool!, store),
    supportsVectors: true,
  });
});

let pglite: PgliteServer | undefined;
beforeAll(async () => {
  pglite = await startPgliteServer();
});
afterAll(async () => {
  await pglite?.stop();
});

describeStoreConformance({
  name: "PostgresStore (PGlite + pgvector HNSW)",
  create: async (options) => {
    const store = new PostgresStore(pglite!.pool, { ...options, schema: freshSchema("pgv") });
    await store.setup();
    if (options.index && store.vectorSearch !== "pgvector") {
      throw new Error(`expected pgvector search on PGlite, got ${store.vectorSearch}`);
    }
    return store;
  },
  teardown: (store) => dropStore(pglite!.pool, store),
  supportsVectors: true,
});
