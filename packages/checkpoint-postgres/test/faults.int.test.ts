import { WeftError } from "@weft/checkpoint";
import { requireService } from "@weft/conformance";
import type pg from "pg";
import { afterAll, describe, expect, it } from "vitest";
import { PgConnection } from "../src/connection.ts";
import { PostgresDatabaseError } from "../src/errors.ts";
import { PostgresSaver } from "../src/saver.ts";
import {
  checkpoint,
  dropSchema,
  freshSchema,
  meta,
  POSTGRES_SERVICE,
  POSTGRES_URL,
  testPool,
  thread,
} from "./pg-fixtures.ts";

const postgres = await requireService(POSTGRES_SERVICE);

/** Waits until a backend of `application` is blocked on a lock; returns its pid. */
async function blockedBackend(admin: pg.Pool, application: string): Promise<number> {
  for (let i = 0; i < 200; i++) {
    const { rows } = await admin.query<{ pid: number }>(
      `SELECT pid FROM pg_stat_activity
       WHERE application_name = $1 AND wait_event_type = 'Lock'`,
      [application],
    );
    if (rows[0] !== undefined) return rows[0].pid;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`no backend of ${application} blocked on a lock`);
}

/** Every backend of `application` that is connected (idle or not). */
async function backendsOf(admin: pg.Pool, application: string): Promise<number[]> {
  const { rows } = await admin.query<{ pid: number }>(
    "SELECT pid FROM pg_stat_activity WHERE application_name = $1",
    [application],
  );
  return rows.map((row) => row.pid);
}

/**
 * Opens a transaction on its own client that holds an exclusive lock on a table of
 * the saver, so the saver's next statement on it blocks; `release` rolls it back.
 */
async function holdLock(admin: pg.Pool, schema: string, table: string) {
  const client = await admin.connect();
  await client.query("BEGIN");
  await client.query(`LOCK TABLE "${schema}"."${table}" IN ACCESS EXCLUSIVE MODE`);
  return {
    release: async () => {
      await client.query("ROLLBACK");
      client.release();
    },
  };
}

describe.skipIf(!postgres.available)("PostgresSaver under connection faults", () => {
  const admin = testPool();
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(admin, schema);
    await admin.end();
  });

  /** A saver on its own pool, named so its backends can be found in pg_stat_activity. */
  async function saverWith(retry: false | { retries: number; initialDelayMs: number }) {
    const schema = freshSchema("fault");
    schemas.push(schema);
    const application = `weft-${schema}`.slice(0, 63);
    const saver = PostgresSaver.fromConnString(
      { connectionString: POSTGRES_URL, application_name: application, max: 2 },
      { schema, retry },
    );
    await saver.setup();
    return { saver, schema, application };
  }

  it("keeps the previous checkpoint readable when the connection dies mid-put", async () => {
    const { saver, schema, application } = await saverWith(false);
    const first = await saver.put(
      thread("t"),
      checkpoint({ a: "one", b: "kept" }, { a: 1, b: 1 }),
      meta(0),
      { a: 1, b: 1 },
    );
    const lock = await holdLock(admin, schema, "weft_blobs");
    const next = checkpoint({ a: "two", b: "kept" }, { a: 2, b: 1 });
    const put = saver.put(first, next, meta(1), { a: 2 }).then(
      () => undefined,
      (error: unknown) => error,
    );
    const pid = await blockedBackend(admin, application);
    await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    const error = await put;
    await lock.release();

    expect(error).toBeInstanceOf(PostgresDatabaseError);
    expect(WeftError.hasCode(error, "SAVER_ERROR")).toBe(true);
    expect((error as PostgresDatabaseError).details.operation).toBe("put");
    expect((error as Error).message).toMatch(/terminat/i);
    const latest = await saver.getTuple(thread("t"));
    expect(latest?.checkpoint.id).toBe(first.configurable?.checkpoint_id);
    expect(latest?.checkpoint.channel_values).toEqual({ a: "one", b: "kept" });
    // Nothing of the failed put is left behind: no row, no value.
    const leftovers = await admin.query(
      `SELECT (SELECT count(*) FROM "${schema}".weft_checkpoints WHERE checkpoint_id = $1)::int AS rows,
              (SELECT count(*) FROM "${schema}".weft_blobs WHERE writer_id = $1)::int AS blobs`,
      [next.id],
    );
    expect(leftovers.rows[0]).toEqual({ rows: 0, blobs: 0 });
    await saver.close();
  });

  it("retries a put whose connection was terminated, and commits it once", async () => {
    const { saver, schema, application } = await saverWith({ retries: 3, initialDelayMs: 10 });
    const first = await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    const lock = await holdLock(admin, schema, "weft_blobs");
    const next = checkpoint({ a: 2 }, { a: 2 });
    const put = saver.put(first, next, meta(1), { a: 2 });
    await admin.query("SELECT pg_terminate_backend($1)", [
      await blockedBackend(admin, application),
    ]);
    // The retry blocks on the same lock again; let it through.
    await blockedBackend(admin, application);
    await lock.release();
    const saved = await put;

    expect(saved.configurable?.checkpoint_id).toBe(next.id);
    const history = [];
    for await (const tuple of saver.list(thread("t"))) history.push(tuple.checkpoint.id);
    expect(history).toEqual([next.id, first.configurable?.checkpoint_id]);
    expect((await saver.getTuple(thread("t")))?.checkpoint.channel_values).toEqual({ a: 2 });
    await saver.close();
  });

  it("retries a transaction (deleteThread) whose connection was terminated", async () => {
    const { saver, schema, application } = await saverWith({ retries: 3, initialDelayMs: 10 });
    await saver.put(thread("gone"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    await saver.put(thread("stays"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    const lock = await holdLock(admin, schema, "weft_writes");
    const deletion = saver.deleteThread("gone");
    await admin.query("SELECT pg_terminate_backend($1)", [
      await blockedBackend(admin, application),
    ]);
    await blockedBackend(admin, application);
    await lock.release();
    await deletion;

    expect(await saver.getTuple(thread("gone"))).toBeUndefined();
    expect(await saver.getTuple(thread("stays"))).toBeDefined();
    await saver.close();
  });

  it("recovers when every pooled connection is terminated while idle", async () => {
    const { saver, application } = await saverWith({ retries: 3, initialDelayMs: 10 });
    const saved = await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    const pids = await backendsOf(admin, application);
    expect(pids.length).toBeGreaterThan(0);
    for (const pid of pids) await admin.query("SELECT pg_terminate_backend($1)", [pid]);
    // Give the pool a moment to see the sockets close (or not: either way it must cope).
    await new Promise((resolve) => setTimeout(resolve, 50));

    const tuple = await saver.getTuple(saved);
    expect(tuple?.checkpoint.channel_values).toEqual({ a: 1 });
    await saver.putWrites(saved, [["a", 2]], "task");
    expect((await saver.getTuple(saved))?.pendingWrites).toEqual([["task", "a", 2]]);
    await saver.close();
  });

  it("retries a transaction that lost a serialization conflict", async () => {
    const schema = freshSchema("serial");
    schemas.push(schema);
    await admin.query(`CREATE SCHEMA "${schema}"`);
    await admin.query(`CREATE TABLE "${schema}".counter (n integer NOT NULL)`);
    await admin.query(`INSERT INTO "${schema}".counter VALUES (0)`);
    const conn = new PgConnection(testPool({ max: 4 }), { owned: true, retry: { retries: 5 } });
    let attempts = 0;
    // Both read the counter, wait until the other has too, then write: under
    // SERIALIZABLE one of them fails with 40001 and must run again.
    let arrived = 0;
    let bothRead: () => void = () => {};
    const barrier = new Promise<void>((resolve) => {
      bothRead = resolve;
    });
    const increment = () =>
      conn.transaction("increment", async (client) => {
        attempts++;
        await client.query("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
        const { rows } = await client.query<{ n: number }>(`SELECT n FROM "${schema}".counter`);
        if (++arrived === 2) bothRead();
        await Promise.race([barrier, new Promise((resolve) => setTimeout(resolve, 500))]);
        await client.query(`UPDATE "${schema}".counter SET n = $1`, [(rows[0]?.n ?? 0) + 1]);
      });
    await Promise.all([increment(), increment()]);
    const { rows } = await conn.query<{ n: number }>(`SELECT n FROM "${schema}".counter`);
    expect(rows[0]?.n).toBe(2);
    expect(attempts).toBeGreaterThan(2);
    await conn.close();
  });
});
