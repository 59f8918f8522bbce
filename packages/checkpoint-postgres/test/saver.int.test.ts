import { type CheckpointMetadata, EncryptedSerializer, WeftError } from "@weft/checkpoint";
import { requireService } from "@weft/conformance";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresDatabaseError } from "../src/errors.ts";
import { PostgresSaver } from "../src/saver.ts";
import { SaverStatements } from "../src/saver-statements.ts";
import { SAVER_MIGRATIONS, saverMigrationSql } from "../src/schema.ts";
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

const LATEST = SAVER_MIGRATIONS.at(-1)?.version ?? 0;

/** The rejection of `run`, expected to be a PostgresDatabaseError of `reason`. */
async function refusal(reason: string, run: () => Promise<unknown>) {
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(PostgresDatabaseError);
  expect(WeftError.hasCode(error, "SAVER_ERROR")).toBe(true);
  expect((error as PostgresDatabaseError).reason).toBe(reason);
  return error as PostgresDatabaseError;
}

describe.skipIf(!postgres.available)("PostgresSaver against PostgreSQL", () => {
  const pool = testPool({ max: 6 });
  const schemas: string[] = [];
  const schema = (label = "saver") => {
    const name = freshSchema(label);
    schemas.push(name);
    return name;
  };
  const tablesOf = async (name: string) =>
    (
      await pool.query<{ table_name: string }>(
        `SELECT table_name FROM information_schema.tables WHERE table_schema = $1
         ORDER BY table_name`,
        [name],
      )
    ).rows.map((row) => row.table_name);
  afterAll(async () => {
    for (const name of schemas) await dropSchema(pool, name);
    await pool.end();
  });

  describe("setup and migrations", () => {
    it("creates the schema and its tables on first use, and records the version", async () => {
      const name = schema();
      const saver = new PostgresSaver(pool, { schema: name });
      await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
      expect(await tablesOf(name)).toEqual([
        "weft_blobs",
        "weft_checkpoints",
        "weft_migrations",
        "weft_threads",
        "weft_writes",
      ]);
      const { rows } = await pool.query(`SELECT component, version FROM "${name}".weft_migrations`);
      expect(rows).toEqual([{ component: "saver", version: LATEST }]);
    });

    it("is idempotent, also when many processes run it at once", async () => {
      const name = schema();
      const savers = Array.from({ length: 6 }, () => new PostgresSaver(pool, { schema: name }));
      await Promise.all(savers.map((saver) => saver.setup()));
      await savers[0]?.setup();
      const { rows } = await pool.query(`SELECT component, version FROM "${name}".weft_migrations`);
      expect(rows).toEqual([{ component: "saver", version: LATEST }]);
      const saved = await savers[1]!.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), {
        a: 1,
      });
      expect((await savers[2]!.getTuple(saved))?.checkpoint.channel_values).toEqual({ a: 1 });
    });

    it("refuses a schema migrated by a newer Weft, changing nothing", async () => {
      const name = schema();
      await new PostgresSaver(pool, { schema: name }).setup();
      await pool.query(
        `INSERT INTO "${name}".weft_migrations (component, version, description)
         VALUES ('saver', $1, 'from the future')`,
        [LATEST + 1],
      );
      const error = await refusal("newer_schema", () =>
        new PostgresSaver(pool, { schema: name }).setup(),
      );
      expect(error.details).toMatchObject({ found: LATEST + 1, supported: LATEST, schema: name });
      expect(error.message).toContain("Upgrade");
      const { rows } = await pool.query(
        `SELECT version FROM "${name}".weft_migrations ORDER BY version`,
      );
      expect(rows.map((row) => row.version)).toEqual([LATEST, LATEST + 1]);
    });

    it("refuses tables of its names that Weft did not create", async () => {
      const name = schema();
      await pool.query(`CREATE SCHEMA "${name}"`);
      await pool.query(`CREATE TABLE "${name}".weft_checkpoints (id integer)`);
      const error = await refusal("foreign", () =>
        new PostgresSaver(pool, { schema: name }).setup(),
      );
      expect(error.details.tables).toEqual(["weft_checkpoints"]);
      // The refusal rolled back: not even the migrations table was left behind.
      expect(await tablesOf(name)).toEqual(["weft_checkpoints"]);
    });

    it("with createSchema: false, never creates the schema", async () => {
      const name = schema();
      const saver = new PostgresSaver(pool, { schema: name });
      await refusal("missing_schema", () => saver.setup({ createSchema: false }));
      const lazy = new PostgresSaver(pool, { schema: name, createSchema: false });
      await refusal("missing_schema", () => lazy.getTuple(thread("t")));
      const { rows } = await pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [name]);
      expect(rows).toEqual([]);
      // In a schema that exists, it creates the tables.
      await pool.query(`CREATE SCHEMA "${name}"`);
      await saver.setup({ createSchema: false });
      expect(await tablesOf(name)).toContain("weft_checkpoints");
    });

    it("runs under a least-privilege role once a DBA applied the exported SQL", async () => {
      const name = schema("lp");
      const role = `weft_lp_${process.pid}`;
      await pool.query(`DROP ROLE IF EXISTS ${role}`);
      await pool.query(`CREATE ROLE ${role} LOGIN`);
      try {
        // The DBA applies the script, then grants only row access.
        await pool.query(saverMigrationSql(name));
        await pool.query(`GRANT USAGE ON SCHEMA "${name}" TO ${role}`);
        await pool.query(
          `GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA "${name}" TO ${role}`,
        );
        await pool.query(`GRANT USAGE ON ALL SEQUENCES IN SCHEMA "${name}" TO ${role}`);
        const url = new URL(POSTGRES_URL);
        url.username = role;
        const saver = PostgresSaver.fromConnString(url.toString(), {
          schema: name,
          createSchema: false,
        });
        await saver.setup({ createSchema: false });
        const saved = await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), {
          a: 1,
        });
        await saver.putWrites(saved, [["a", 2]], "task");
        expect((await saver.getTuple(saved))?.pendingWrites).toEqual([["task", "a", 2]]);
        await saver.deleteThread("t");
        expect(await saver.getTuple(thread("t"))).toBeUndefined();
        // Without the DBA's tables, the same role cannot create them: a clear refusal.
        const bare = schema("lp_bare");
        await pool.query(`CREATE SCHEMA "${bare}"`);
        await pool.query(`GRANT USAGE ON SCHEMA "${bare}" TO ${role}`);
        const denied = PostgresSaver.fromConnString(url.toString(), { schema: bare });
        const error = await refusal("auth", () => denied.setup({ createSchema: false }));
        expect(error.details.sqlState).toBe("42501");
        expect(error.message).toContain("migration SQL");
        await Promise.all([saver.close(), denied.close()]);
      } finally {
        await pool.query(`DROP OWNED BY ${role}`);
        await pool.query(`DROP ROLE ${role}`);
      }
    });

    it("exports migration SQL that a DBA can apply and setup then accepts as is", async () => {
      const name = schema();
      const script = saverMigrationSql(name);
      expect(script).toContain(`CREATE SCHEMA IF NOT EXISTS "${name}"`);
      expect(script).toContain("weft_migrations");
      await pool.query(script);
      const before = await tablesOf(name);
      await new PostgresSaver(pool, { schema: name }).setup();
      expect(await tablesOf(name)).toEqual(before);
      const { rows } = await pool.query(`SELECT count(*)::int AS n FROM "${name}".weft_migrations`);
      expect(rows[0].n).toBe(SAVER_MIGRATIONS.length);
    });
  });

  describe("bad input", () => {
    it("says when nothing listens at the address", async () => {
      const saver = PostgresSaver.fromConnString("postgres://postgres@127.0.0.1:1/test", {
        schema: schema(),
      });
      const error = await refusal("unreachable", () => saver.setup());
      expect(error.details.address).toBe("127.0.0.1:1/test");
      expect(error.message).toContain("127.0.0.1:1/test");
      await saver.close();
    });

    it("says when the database does not exist", async () => {
      const url = new URL(POSTGRES_URL);
      url.pathname = "/weft_no_such_database";
      const saver = PostgresSaver.fromConnString(url.toString(), { schema: schema() });
      const error = await refusal("unreachable", () => saver.setup());
      expect(error.details.sqlState).toBe("3D000");
      expect(error.message).toContain("weft_no_such_database");
      await saver.close();
    });

    it("says when the server refuses the credentials, and never shows the password", async () => {
      const url = new URL(POSTGRES_URL);
      url.username = "weft_no_such_role";
      url.password = "s3cret-pw";
      const saver = PostgresSaver.fromConnString(url.toString(), { schema: schema() });
      const error = await refusal("auth", () => saver.setup());
      expect(error.message).not.toContain("s3cret-pw");
      expect(JSON.stringify(error.details)).not.toContain("s3cret-pw");
      await saver.close();
    });

    it("rejects schema names PostgreSQL cannot hold", () => {
      for (const bad of ["", "x".repeat(64), "nul\u0000name"]) {
        let error: unknown;
        try {
          new PostgresSaver(pool, { schema: bad });
        } catch (e) {
          error = e;
        }
        expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);
      }
    });

    it("uses a schema name from user input verbatim, never as SQL", async () => {
      const name = schema(`"; DROP TABLE x; --`);
      const saver = new PostgresSaver(pool, { schema: name });
      const saved = await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), {
        a: 1,
      });
      expect((await saver.getTuple(saved))?.checkpoint.channel_values).toEqual({ a: 1 });
      const { rows } = await pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [name]);
      expect(rows).toHaveLength(1);
    });
  });

  describe("metadata filters", () => {
    const filterColumn = async (name: string) =>
      (
        await pool.query<{ step: number; copy: unknown }>(
          `SELECT (metadata_filter ->> 'step')::int AS step, metadata_filter AS copy
           FROM "${name}".weft_checkpoints ORDER BY checkpoint_id`,
        )
      ).rows;

    it("filters in SQL on plain metadata and exactly in JavaScript after", async () => {
      const name = schema();
      const saver = new PostgresSaver(pool, { schema: name });
      const put = (metadata: Record<string, unknown>) =>
        saver.put(thread("t"), checkpoint({}, {}), metadata as CheckpointMetadata, {});
      await put({ source: "loop", step: 1, tags: ["a", "b"], owner: { team: "x", id: 1 } });
      await put({ source: "loop", step: 2, tags: ["a"], owner: { team: "x" } });
      await put({ source: "input", step: 3, tags: ["a"] });
      const steps = async (filter: Record<string, unknown>) => {
        const found = [];
        for await (const tuple of saver.list(thread("t"), { filter }))
          found.push(tuple.metadata?.step);
        return found;
      };
      // Containment would also accept the longer array and the larger object: the exact
      // check in JavaScript keeps only deep equality.
      expect(await steps({ tags: ["a"] })).toEqual([3, 2]);
      expect(await steps({ owner: { team: "x" } })).toEqual([2]);
      expect(await steps({ source: "loop", tags: ["a"] })).toEqual([2]);
      expect(await steps({ source: "nope" })).toEqual([]);
      expect((await filterColumn(name)).map((row) => row.step)).toEqual([1, 2, 3]);
    });

    it("keeps no JSONB copy of metadata JSONB cannot hold, and still filters it", async () => {
      const name = schema();
      const saver = new PostgresSaver(pool, { schema: name });
      const when = new Date("2026-01-02T03:04:05Z");
      const odd = "lone \ud800 surrogate and \u0000 NUL";
      await saver.put(
        thread("t"),
        checkpoint({}, {}),
        { source: "loop", step: 1, when } as never,
        {},
      );
      await saver.put(
        thread("t"),
        checkpoint({}, {}),
        { source: "loop", step: 2, odd } as never,
        {},
      );
      expect((await filterColumn(name)).map((row) => row.copy)).toEqual([null, null]);
      const found = [];
      for await (const tuple of saver.list(thread("t"), { filter: { when } })) found.push(tuple);
      expect(found.map((tuple) => tuple.metadata?.step)).toEqual([1]);
      const byText = [];
      for await (const tuple of saver.list(thread("t"), { filter: { odd } })) byText.push(tuple);
      expect(byText.map((tuple) => tuple.metadata?.step)).toEqual([2]);
    });

    it("keeps no plaintext copy when the serializer encrypts", async () => {
      const name = schema();
      const key = crypto.getRandomValues(new Uint8Array(32));
      const saver = new PostgresSaver(pool, {
        schema: name,
        serde: new EncryptedSerializer({ key }),
      });
      await saver.put(thread("t"), checkpoint({}, {}), meta(7), {});
      expect((await filterColumn(name)).map((row) => row.copy)).toEqual([null]);
      const found = [];
      for await (const tuple of saver.list(thread("t"), { filter: { step: 7 } })) found.push(tuple);
      expect(found).toHaveLength(1);
    });
  });

  describe("operability", () => {
    it("sends no named prepared statements (PgBouncer transaction mode)", async () => {
      const single = testPool({ max: 1 });
      const saver = new PostgresSaver(single, { schema: schema() });
      const saved = await saver.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), {
        a: 1,
      });
      await saver.putWrites(saved, [["a", 2]], "task");
      await saver.getTuple(thread("t"));
      for await (const _ of saver.list({})) {
        // drain
      }
      await saver.prune(["t"]);
      await saver.deleteThread("t");
      const { rows } = await single.query("SELECT count(*)::int AS n FROM pg_prepared_statements");
      expect(rows[0].n).toBe(0);
      await single.end();
    });

    it("names its statements with preparedStatements: true, planned once per connection", async () => {
      const single = testPool({ max: 1 });
      const saver = new PostgresSaver(single, { schema: schema(), preparedStatements: true });
      let config = thread("t");
      for (let step = 0; step < 3; step++) {
        config = await saver.put(config, checkpoint({ a: step }, { a: step + 1 }), meta(step), {
          a: step + 1,
        });
      }
      expect((await saver.getTuple(thread("t")))?.checkpoint.channel_values).toEqual({ a: 2 });
      const listed = [];
      for await (const tuple of saver.list(thread("t"))) listed.push(tuple.metadata?.step);
      expect(listed).toEqual([2, 1, 0]);
      const { rows } = await single.query<{ name: string }>(
        "SELECT name FROM pg_prepared_statements ORDER BY name",
      );
      const names = rows.map((row) => row.name);
      expect(names.length).toBeGreaterThan(0);
      expect(names.every((name) => name.startsWith("weft_"))).toBe(true);
      await single.end();
    });

    it("shares the caller's pool and leaves it open on close", async () => {
      const shared = testPool({ max: 2 });
      const saver = new PostgresSaver(shared, { schema: schema() });
      await saver.setup();
      await saver.close();
      const { rows } = await shared.query("SELECT 1 AS one");
      expect(rows).toEqual([{ one: 1 }]);
      await shared.end();
    });

    it("accepts the peer's constructor form (pool, serde, { schema })", async () => {
      const name = schema();
      const saver = new PostgresSaver(pool, undefined, { schema: name });
      expect(saver.schema).toBe(name);
    });

    it("lists through indexes, never a full scan or a sort", async () => {
      const name = schema("explain");
      const saver = new PostgresSaver(pool, { schema: name });
      await saver.setup();
      // Enough rows (200 threads × 2 namespaces × 25 checkpoints) for the planner to
      // prefer an index over a scan, then fresh statistics.
      await pool.query(
        `INSERT INTO "${name}".weft_checkpoints (thread_id, checkpoint_ns, checkpoint_id,
           parent_id, v, ts, versions, seen, refs, metadata_type, metadata)
         SELECT 'thread-' || t, ns, lpad(to_hex(t * 100 + c), 12, '0'), NULL, 4, '', '{}',
           '{}', '{}', 'weft-json/1', '\\x7b7d'::bytea
         FROM generate_series(1, 200) AS t, unnest(ARRAY['', 'sub']) AS ns,
           generate_series(1, 25) AS c`,
      );
      await pool.query(`ANALYZE "${name}".weft_checkpoints`);
      const sql = new SaverStatements(name);
      const plan = async (query: { text: string; params: unknown[] }) => {
        const { rows } = await pool.query(`EXPLAIN ${query.text}`, query.params);
        return rows.map((row) => row["QUERY PLAN"] as string).join("\n");
      };
      const base = {
        thread: false,
        ns: false,
        only: false,
        filter: false,
        cursor: false,
        live: false,
      };
      const cursor = { cursorId: "000000000100", cursorThread: "thread-1", cursorNs: "" };
      // By (thread, namespace) both the primary key and `_by_thread` bound the scan to
      // the thread; the planner may take either.
      const byThread = /Index Scan Backward using weft_checkpoints_(pkey|by_thread) on/;
      const byId = /Index Scan Backward using weft_checkpoints_by_id on/;
      const cases = [
        { shape: { ...base, thread: true, ns: true }, index: byThread },
        { shape: { ...base, thread: true, ns: true, cursor: true }, index: byThread },
        { shape: { ...base, thread: true }, index: /using weft_checkpoints_by_thread on/ },
        {
          shape: { ...base, thread: true, cursor: true },
          index: /using weft_checkpoints_by_thread/,
        },
        { shape: base, index: byId },
        { shape: { ...base, cursor: true }, index: byId },
        { shape: { ...base, ns: true, cursor: true }, index: byId },
        { shape: { ...base, live: true }, index: byId },
        { shape: { ...base, thread: true, filter: true, cursor: true }, index: /by_thread/ },
      ];
      for (const { shape, index } of cases) {
        const text = await plan(
          sql.list(shape, {
            thread: "thread-7",
            ns: "",
            cutoff: 0,
            limit: 10,
            filter: '{"source":"loop"}',
            ...cursor,
          }),
        );
        expect(text, JSON.stringify(shape)).toMatch(index);
        expect(text, JSON.stringify(shape)).not.toMatch(/Seq Scan on weft_checkpoints|Sort/);
      }
    });
  });
});
