// A PostgreSQL with pgvector for tests: PGlite (Postgres in WebAssembly) with its
// `vector` extension, served over the wire protocol by pglite-socket on a free local
// port, so the store's ordinary `pg` code runs against it unchanged.

import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite-pgvector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";
import pg from "pg";

/** A running PGlite server and a pool connected to it. */
export interface PgliteServer {
  /** `postgres://postgres@127.0.0.1:<port>/postgres`. */
  readonly url: string;
  /**
   * A pool of one connection: PGlite is a single session, so two clients would share
   * (and interleave) one transaction.
   */
  readonly pool: pg.Pool;
  /** Ends the pool, the server and the database. */
  stop(): Promise<void>;
}

/** Starts PGlite with pgvector (about two seconds) on 127.0.0.1 and an ephemeral port. */
export async function startPgliteServer(): Promise<PgliteServer> {
  const db = await PGlite.create({ extensions: { vector } });
  const server = new PGLiteSocketServer({ db, host: "127.0.0.1", port: 0, maxConnections: 4 });
  await server.start();
  const url = `postgres://postgres@${server.getServerConn()}/postgres`;
  const pool = new pg.Pool({ connectionString: url, max: 1 });
  return {
    url,
    pool,
    async stop() {
      await pool.end();
      await server.stop();
      await db.close();
    },
  };
}
