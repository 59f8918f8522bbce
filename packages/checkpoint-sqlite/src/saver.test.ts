import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import {
  type ChannelVersions,
  type Checkpoint,
  type CheckpointMetadata,
  emptyCheckpoint,
  type RunnableConfig,
  WeftError,
} from "@weft/checkpoint";
import BetterSqlite3 from "better-sqlite3";
import { afterAll, describe, expect, it } from "vitest";
import { SqliteDatabaseError } from "./errors.ts";
import { SqliteSaver } from "./saver.ts";
import { SAVER_SCHEMA, STORE_SCHEMA } from "./schema.ts";
import { SqliteStore } from "./store.ts";

const dir = mkdtempSync(join(tmpdir(), "weft-sqlite-saver-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempFile = () => join(dir, `saver-${files++}.sqlite`);

function checkpoint(values: Record<string, unknown>, versions: ChannelVersions): Checkpoint {
  return { ...emptyCheckpoint(), channel_values: values, channel_versions: versions };
}
const meta = (step: number): CheckpointMetadata => ({ source: "loop", step, parents: {} });
const thread = (thread_id: string): RunnableConfig => ({ configurable: { thread_id } });

/** Expects `run` to reject with a SqliteDatabaseError of `reason`, and the file unchanged. */
async function expectRefused(path: string, reason: string, run: () => Promise<unknown>) {
  const before = readFileSync(path);
  const error = await run().then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(WeftError.hasCode(error, "SAVER_ERROR")).toBe(true);
  expect(error).toBeInstanceOf(SqliteDatabaseError);
  expect((error as SqliteDatabaseError).reason).toBe(reason);
  expect((error as SqliteDatabaseError).details.location).toBe(path);
  expect(readFileSync(path).equals(before)).toBe(true);
  return error as SqliteDatabaseError;
}

describe("SqliteSaver on a file", () => {
  it("keeps checkpoints across connections, in WAL mode", async () => {
    const path = tempFile();
    const first = SqliteSaver.fromConnString(path);
    const saved = await first.put(thread("t"), checkpoint({ a: [1, 2] }, { a: 1 }), meta(0), {
      a: 1,
    });
    await first.putWrites(saved, [["a", 3]], "task-1");
    first.close();

    const second = SqliteSaver.fromConnString(path);
    const tuple = await second.getTuple(thread("t"));
    expect(tuple?.checkpoint.channel_values).toEqual({ a: [1, 2] });
    expect(tuple?.pendingWrites).toEqual([["task-1", "a", 3]]);
    expect(second.db.pragma("journal_mode", { simple: true })).toBe("wal");
    second.close();
  });

  it("creates the schema once: setup is idempotent and shared by saver and store", async () => {
    const path = tempFile();
    const saver = SqliteSaver.fromConnString(path);
    await saver.setup();
    await saver.setup();
    const store = new SqliteStore(saver.db);
    await store.setup();
    await SqliteSaver.fromConnString(path).setup();
    const versions = saver.db
      .prepare("SELECT component, version FROM weft_schema ORDER BY component")
      .all();
    expect(versions).toEqual([
      { component: "checkpoints", version: SAVER_SCHEMA.migrations.at(-1)!.to },
      { component: "store", version: STORE_SCHEMA.migrations.at(-1)!.to },
    ]);
    saver.close();
  });

  it("stores an unchanged channel value once, and forks that reuse a version stay apart", async () => {
    const saver = SqliteSaver.fromConnString(":memory:");
    const c1 = await saver.put(
      thread("t"),
      checkpoint({ a: "a1", b: "b1" }, { a: 1, b: 1 }),
      meta(0),
      {
        a: 1,
        b: 1,
      },
    );
    const c2 = await saver.put(c1, checkpoint({ a: "a2", b: "b1" }, { a: 2, b: 1 }), meta(1), {
      a: 2,
    });
    // A fork from c1 reaches version 2 of `a` with another value.
    const c3 = await saver.put(c1, checkpoint({ a: "fork", b: "b1" }, { a: 2, b: 1 }), meta(1), {
      a: 2,
    });
    const blobs = saver.db.prepare("SELECT count(*) FROM weft_blobs").pluck().get();
    expect(blobs).toBe(4); // a1, b1, a2, fork: b1 is shared by all three checkpoints
    expect((await saver.getTuple(c2))?.checkpoint.channel_values).toEqual({ a: "a2", b: "b1" });
    expect((await saver.getTuple(c3))?.checkpoint.channel_values).toEqual({ a: "fork", b: "b1" });
    saver.close();
  });

  it("prunes in SQL and keeps the values the remaining checkpoints share", async () => {
    const saver = SqliteSaver.fromConnString(":memory:");
    let config = thread("t");
    for (let i = 0; i < 5; i++) {
      config = await saver.put(
        config,
        checkpoint({ fixed: "kept", n: i }, { fixed: 1, n: i + 1 }),
        meta(i),
        i === 0 ? { fixed: 1, n: 1 } : { n: i + 1 },
      );
      await saver.putWrites(config, [["n", i]], `task-${i}`);
    }
    const removed = await saver.prune(["t"], { keepLast: 2 });
    expect(removed).toEqual({ checkpoints: 3, writes: 3 });
    const left = [];
    for await (const tuple of saver.list(thread("t"))) left.push(tuple.checkpoint.channel_values);
    expect(left).toEqual([
      { fixed: "kept", n: 4 },
      { fixed: "kept", n: 3 },
    ]);
    // `fixed` (written by the first, pruned checkpoint) is still stored once; old `n`s are gone.
    expect(saver.db.prepare("SELECT count(*) FROM weft_blobs").pluck().get()).toBe(3);
    saver.close();
  });

  it("stores every value in full when the parent vanishes while the put is serializing", async () => {
    const saver = SqliteSaver.fromConnString(":memory:");
    const parent = await saver.put(
      thread("t"),
      checkpoint({ a: "a", b: "b" }, { a: 1, b: 1 }),
      meta(0),
      {
        a: 1,
        b: 1,
      },
    );
    const serde = saver.serde;
    saver.serde = {
      loadsTyped: (type, data) => serde.loadsTyped(type, data),
      dumpsTyped: async (value, options) => {
        await saver.deleteThread("t"); // another caller deletes the thread meanwhile
        return serde.dumpsTyped(value, options);
      },
    };
    const child = await saver.put(
      parent,
      checkpoint({ a: "a2", b: "b" }, { a: 2, b: 1 }),
      meta(1),
      {
        a: 2,
      },
    );
    saver.serde = serde;
    expect((await saver.getTuple(child))?.checkpoint.channel_values).toEqual({ a: "a2", b: "b" });
    saver.close();
  });

  it("stores values in full when another connection deleted the parent it remembers", async () => {
    const path = tempFile();
    const saver = SqliteSaver.fromConnString(path);
    const other = SqliteSaver.fromConnString(path);
    const parent = await saver.put(
      thread("t"),
      checkpoint({ a: "a", b: "b" }, { a: 1, b: 1 }),
      meta(0),
      {
        a: 1,
        b: 1,
      },
    );
    await other.deleteThread("t"); // `saver` still remembers `parent` from its own put
    const child = await saver.put(
      parent,
      checkpoint({ a: "a2", b: "b" }, { a: 2, b: 1 }),
      meta(1),
      {
        a: 2,
      },
    );
    expect((await other.getTuple(child))?.checkpoint.channel_values).toEqual({ a: "a2", b: "b" });
    saver.close();
    other.close();
  });

  it("starts the TTL clock of threads written without a TTL when a saver with one opens", async () => {
    const path = tempFile();
    const plain = SqliteSaver.fromConnString(path);
    await plain.put(thread("old"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    plain.close();
    let now = 1_000;
    const ttl = SqliteSaver.fromConnString(path, {
      threadTtl: { ttlMs: 100, refreshOnRead: false },
      now: () => now,
    });
    expect(await ttl.getTuple(thread("old"))).toBeDefined();
    now += 100;
    expect(await ttl.getTuple(thread("old"))).toBeUndefined();
    expect(await ttl.sweep()).toEqual({ threads: 0 }); // the read above removed it already
    ttl.close();
  });

  it("lists long histories page by page with each checkpoint's own values and writes", async () => {
    const saver = SqliteSaver.fromConnString(":memory:");
    const configs: RunnableConfig[] = [];
    for (const ns of ["", "child:1"]) {
      let config: RunnableConfig = { configurable: { thread_id: "t", checkpoint_ns: ns } };
      for (let i = 0; i < 300; i++) {
        config = await saver.put(
          config,
          checkpoint({ fixed: `${ns} fixed`, n: i }, { fixed: 1, n: i + 1 }),
          meta(i),
          i === 0 ? { fixed: 1, n: 1 } : { n: i + 1 },
        );
        if (i % 7 === 0) await saver.putWrites(config, [["n", `${ns}/${i}`]], `task-${i}`);
        configs.push(config);
      }
    }
    const listed = [];
    for await (const tuple of saver.list(thread("t"))) listed.push(tuple);
    expect(listed).toHaveLength(600);
    const expected = [];
    for (const config of configs) expected.push(await saver.getTuple(config));
    const byId = (a: { config: RunnableConfig }, b: { config: RunnableConfig }) =>
      String(b.config.configurable?.checkpoint_id).localeCompare(
        String(a.config.configurable?.checkpoint_id),
      );
    expect(listed).toEqual(expected.sort(byId as never));
    expect(listed[0]?.pendingWrites).toEqual([]);
    expect(listed.find((t) => t.metadata?.step === 7)?.pendingWrites).toHaveLength(1);
    saver.close();
  });

  it("hands serializers bytes for their own formats and text for Weft JSON", async () => {
    const seen: string[] = [];
    const saver = SqliteSaver.fromConnString(":memory:", {
      serde: {
        dumpsTyped: async (value) => [
          typeof value === "string" ? "custom" : "weft-json/1",
          new TextEncoder().encode(JSON.stringify(value)),
        ],
        loadsTyped: async (type, data) => {
          seen.push(`${type}:${typeof data === "string" ? "text" : "bytes"}`);
          return JSON.parse(typeof data === "string" ? data : new TextDecoder().decode(data));
        },
      },
    });
    const config = await saver.put(
      thread("t"),
      checkpoint({ s: "x", n: 1 }, { s: 1, n: 1 }),
      meta(0),
      {
        s: 1,
        n: 1,
      },
    );
    expect((await saver.getTuple(config))?.checkpoint.channel_values).toEqual({ s: "x", n: 1 });
    expect(seen.sort()).toEqual(["custom:bytes", "weft-json/1:text", "weft-json/1:text"]);
    saver.close();
  });

  it("wraps driver errors in SAVER_ERROR", async () => {
    const saver = SqliteSaver.fromConnString(":memory:");
    await saver.setup();
    saver.close();
    const error = await saver.getTuple(thread("t")).catch((e: unknown) => e);
    expect(WeftError.hasCode(error, "SAVER_ERROR")).toBe(true);
    expect((error as SqliteDatabaseError).reason).toBe("driver");
  });
});

describe("SqliteSaver refuses a database it cannot trust, and leaves it untouched", () => {
  it("a file of garbage bytes: corrupt", async () => {
    const path = tempFile();
    writeFileSync(path, Buffer.from("this is not a database, just some bytes\n".repeat(200)));
    const saver = SqliteSaver.fromConnString(path);
    const error = await expectRefused(path, "corrupt", () => saver.getTuple(thread("t")));
    expect(error.message).toContain("not a SQLite database");
    saver.close();
  });

  it("a SQLite database of another program: foreign", async () => {
    const path = tempFile();
    const other = new BetterSqlite3(path);
    other.exec(
      "CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO users (name) VALUES ('ada')",
    );
    other.close();
    const saver = SqliteSaver.fromConnString(path);
    const error = await expectRefused(path, "foreign", () => saver.setup());
    expect(error.message).toContain("users");
    expect(saver.db.prepare("SELECT name FROM users").pluck().all()).toEqual(["ada"]);
    saver.close();
  });

  it("a database whose application id is another program's: foreign", async () => {
    const path = tempFile();
    const other = new BetterSqlite3(path);
    other.pragma("application_id = 1234");
    other.close();
    const saver = SqliteSaver.fromConnString(path);
    await expectRefused(path, "foreign", () => saver.setup());
    saver.close();
  });

  it("tables with Weft's names that Weft did not register: foreign", async () => {
    const path = tempFile();
    const other = new BetterSqlite3(path);
    other.exec("CREATE TABLE weft_schema (component TEXT PRIMARY KEY, version INTEGER NOT NULL)");
    other.exec("CREATE TABLE weft_checkpoints (x)");
    other.close();
    const saver = SqliteSaver.fromConnString(path);
    const error = await expectRefused(path, "foreign", () => saver.setup());
    expect(error.message).toContain("weft_checkpoints");
    saver.close();
  });

  it("a schema newer than this code: newer_schema", async () => {
    const path = tempFile();
    const first = SqliteSaver.fromConnString(path);
    await first.put(thread("t"), checkpoint({ a: 1 }, { a: 1 }), meta(0), { a: 1 });
    first.db.prepare("UPDATE weft_schema SET version = 99 WHERE component = 'checkpoints'").run();
    first.close();
    const saver = SqliteSaver.fromConnString(path);
    const error = await expectRefused(path, "newer_schema", () => saver.list(thread("t")).next());
    expect(error.details).toMatchObject({ found: 99, supported: 1 });
    saver.close();
  });
});
