// PostgresStore beyond the shared suite: exact and pgvector rankings agree with
// InMemoryStore, metrics, index-backed plans, filters pushed into SQL, least privilege,
// concurrency and bad input. Runs against the machine's PostgreSQL 15 and PGlite.

import { WeftError } from "@weft/checkpoint";
import {
  RecordingEmbeddings,
  randomVector,
  referenceCosine,
  requireService,
} from "@weft/conformance";
import { HashingEmbeddings, InMemoryStore, matchesFilter, type SearchItem } from "@weft/store";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { PostgresSaver } from "../src/saver.ts";
import { quoteIdent } from "../src/sql.ts";
import { PostgresStore } from "../src/store.ts";
import { filterToSql } from "../src/store-filter.ts";
import type { PostgresStoreOptions } from "../src/store-options.ts";
import { SqlParams } from "../src/store-sql.ts";
import { freshSchema, POSTGRES_SERVICE, testPool } from "./pg-fixtures.ts";
import { type PgliteServer, startPgliteServer } from "./pglite-server.ts";
import { dropStore } from "./store-helpers.ts";

const postgres = await requireService(POSTGRES_SERVICE);
const silent = () => {};

const DIMS = 64;
const index = { embeddings: new HashingEmbeddings({ dims: DIMS }), dims: DIMS, fields: ["text"] };
const WORDS = [
  "pizza",
  "pasta",
  "salad",
  "soup",
  "bread",
  "cheese",
  "apple",
  "tea",
  "rice",
  "fish",
];

/** Deterministic items: 400 over 20 namespaces, some with empty text (a zero vector). */
function items() {
  const out: { namespace: string[]; key: string; value: Record<string, unknown> }[] = [];
  for (let i = 0; i < 400; i++) {
    const words = [WORDS[i % 10], WORDS[(i * 7) % 10], WORDS[(i * 3 + 1) % 10]];
    out.push({
      namespace: ["users", `u${i % 20}`, i % 2 === 0 ? "notes" : "prefs"],
      key: `k${i}`,
      value: { text: i % 97 === 0 ? "" : `${words.join(" ")} ${i}`, rank: i % 5 },
    });
  }
  return out;
}

async function fill(store: PostgresStore | InMemoryStore) {
  const all = items();
  for (let i = 0; i < all.length; i += 100) await store.batch(all.slice(i, i + 100));
}

const some = items();
const searches = [
  { prefix: [], options: { query: "pizza cheese", limit: 10 } },
  { prefix: ["users", "u7"], options: { query: "hot soup", limit: 5 } },
  { prefix: ["users", "u4", "notes"], options: { query: "tea", limit: 4, offset: 3 } },
  { prefix: ["users"], options: { query: "bread", limit: 7, filter: { rank: { $gte: 3 } } } },
  { prefix: ["users", "u11"], options: { query: "rice fish", limit: 50 } },
  { prefix: ["users"], options: { query: "tea", limit: 6, filter: { rank: 2 } } },
  { prefix: [], options: { query: "soup", limit: 3, filter: { text: some[301]!.value.text } } },
  { prefix: [], options: { query: "fish", limit: 2, filter: { rank: { $in: [1, 4] } } } },
  // A filter only JavaScript can check: the scan must keep asking for more rows.
  {
    prefix: [],
    options: { query: "apple", limit: 3, filter: { rank: { $ne: 0, $nin: [1, 2, 3] } } },
  },
];

const summary = (found: SearchItem[]) =>
  found.map((item) => ({ key: item.key, score: Number(item.score?.toFixed(5)) }));

/** Runs the backend-independent cases against one server. */
function storeCases(label: string, server: () => { pool: pg.Pool; pgvector: boolean }) {
  const open: PostgresStore[] = [];
  const make = async (options: PostgresStoreOptions = {}) => {
    const store = new PostgresStore(server().pool, {
      onWarning: silent,
      ...options,
      schema: options.schema ?? freshSchema("x"),
    });
    open.push(store);
    await store.setup();
    return store;
  };
  afterAll(async () => {
    for (const store of open) await dropStore(server().pool, store);
  });

  describe(`PostgresStore on ${label}`, () => {
    it("ranks as InMemoryStore, with pgvector and with exact SQL search", async () => {
      const memory = new InMemoryStore({ index });
      await fill(memory);
      const stores = [await make({ index }), await make({ index, pgvector: false })];
      expect(stores[0]!.vectorSearch).toBe(server().pgvector ? "pgvector" : "exact");
      expect(stores[1]!.vectorSearch).toBe("exact");
      for (const store of stores) {
        await fill(store);
        for (const { prefix, options } of searches) {
          const expected = summary(await memory.search(prefix, options));
          expect(expected.length).toBeGreaterThan(0);
          expect(summary(await store.search(prefix, options))).toEqual(expected);
        }
      }
    });

    it("ranks by inner product and by L2 distance when asked", async () => {
      const embeddings = async (texts: string[]) =>
        texts.map((text) => randomVector(text, 8).map((x, i) => x * (1 + (i % 3))));
      const docs = ["ocean", "violin", "granite", "tulip", "comet", "saffron"];
      for (const distanceMetric of ["inner_product", "l2"] as const) {
        for (const pgvector of [true, false]) {
          const store = await make({
            index: { embeddings, dims: 8, fields: ["t"], distanceMetric },
            pgvector,
          });
          await store.batch(docs.map((t) => ({ namespace: ["m"], key: t, value: { t } })));
          const [q] = await embeddings(["query text"]);
          const expected = (await embeddings(docs))
            .map((v, i) => {
              const dot = v.reduce((sum, x, j) => sum + x * q![j]!, 0);
              const l2 = Math.sqrt(v.reduce((sum, x, j) => sum + (x - q![j]!) ** 2, 0));
              return { key: docs[i]!, score: distanceMetric === "l2" ? -l2 : dot };
            })
            .sort((a, b) => b.score - a.score);
          const found = await store.search(["m"], { query: "query text", limit: 6 });
          expect(found.map((item) => item.key)).toEqual(expected.map((item) => item.key));
          found.forEach((item, i) => {
            expect(item.score!).toBeCloseTo(expected[i]!.score, 4);
          });
        }
      }
    });

    it("refuses an index whose dimensions or metric differ from the stored vectors", async () => {
      const schema = freshSchema("dims");
      const first = await make({ schema, index });
      await first.put(["docs"], "a", { text: "hello" });
      const other = { embeddings: new HashingEmbeddings({ dims: 32 }), dims: 32 };
      for (const config of [other, { ...index, distanceMetric: "l2" as const }]) {
        const store = new PostgresStore(server().pool, {
          schema,
          index: config,
          onWarning: silent,
        });
        const error = await store.search(["docs"], { query: "hello" }).catch((e: unknown) => e);
        expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);
        expect((error as Error).message).toMatch(/64-dimensional cosine/);
      }
    });

    it("re-embeds what another writer changed while this batch was embedding", async () => {
      const schema = freshSchema("race");
      const fields = ["a", "b"];
      const other = await make({
        schema,
        index: { embeddings: new RecordingEmbeddings(16), dims: 16, fields },
      });
      const embeddings = new RecordingEmbeddings(16);
      const store = await make({ schema, index: { embeddings, dims: 16, fields } });
      await store.put(["r"], "k", { a: "one", b: "two" });
      embeddings.reset();
      // While `store` embeds "three", `other` replaces both texts of the item.
      const embed = embeddings.embedDocuments.bind(embeddings);
      let raced = false;
      vi.spyOn(embeddings, "embedDocuments").mockImplementation(async (texts) => {
        if (!raced) {
          raced = true;
          await other.put(["r"], "k", { a: "uno", b: "dos" });
        }
        return embed(texts);
      });
      await store.put(["r"], "k", { a: "one", b: "three" });
      // "one" was stored when the batch began, gone when it wrote: embedded in a second round.
      expect(embeddings.documents).toEqual(["three", "one"]);
      for (const text of ["one", "three"]) {
        const [hit] = await store.search(["r"], { query: text });
        expect(hit!.score!).toBeCloseTo(1, 5);
      }
      const [stale] = await store.search(["r"], { query: "uno" });
      expect(stale!.score!).toBeLessThan(0.99);
    });

    it("pushes filters into SQL without ever dropping a row the filter keeps", async () => {
      const store = await make();
      const values: Record<string, unknown>[] = [
        { n: 1, s: "b", tags: ["x", "y"], nested: { a: { b: 2 } }, flag: true },
        { n: 1.5, s: "B", tags: ["y"], nested: { a: { b: "2" } }, flag: false },
        { n: "1", s: "\u{1F600}", tags: [], nested: { a: [1] }, nil: null },
        { n: -3, s: "\uFFFD", nested: null, flag: "true" },
        { n: 10, s: "ba", tags: ["x"], nested: { a: { b: 2, c: 3 } } },
        { s: "", tags: { 0: "x" } },
      ];
      await store.batch(values.map((value, i) => ({ namespace: ["f"], key: `v${i}`, value })));
      const filters: Record<string, unknown>[] = [
        { n: 1 },
        { n: "1" },
        { n: { $gt: 1 } },
        { n: { $lte: 1.5, $gte: -3 } },
        { s: { $gt: "b" } },
        { s: { $lt: "\uFFFF" } },
        { s: { $gt: "\u{1F600}" } },
        { "nested.a.b": 2 },
        { "nested.a.b": { $in: [2, "2"] } },
        { "tags.0": "x" },
        { tags: ["y"] },
        { flag: true },
        { flag: { $eq: "true" } },
        { nil: null },
        { missing: { $ne: 1 } },
        { nested: { a: { b: 2 } } },
      ];
      for (const filter of filters) {
        const params = new SqlParams();
        const where = filterToSql(filter, params) ?? "true";
        const { rows } = await server().pool.query(
          `SELECT i.key FROM ${quoteIdent(store.schema)}.weft_store_items AS i WHERE ${where} ORDER BY i.key`,
          params.values,
        );
        const bySql = rows.map((row) => row.key as string);
        const byRule = values.flatMap((value, i) =>
          matchesFilter(value, filter) ? [`v${i}`] : [],
        );
        expect(bySql, JSON.stringify(filter)).toEqual(expect.arrayContaining(byRule));
        const found = await store.search(["f"], { filter });
        expect(found.map((item) => item.key).sort(), JSON.stringify(filter)).toEqual(byRule);
      }
    });

    it("drops an item's vectors when it is rewritten without embedding", async () => {
      const schema = freshSchema("unindex");
      const indexed = await make({ schema, index });
      const plain = await make({ schema });
      await indexed.batch([
        { namespace: ["u"], key: "a", value: { text: "pizza" } },
        { namespace: ["u"], key: "b", value: { text: "pizza" } },
        { namespace: ["u"], key: "c", value: { text: "pizza" } },
      ]);
      await plain.put(["u"], "a", { text: "pizza" }); // a store without an index
      await indexed.put(["u"], "b", { text: "pizza" }, { index: false });
      const found = await indexed.search(["u"], { query: "pizza" });
      expect(found.map((item) => [item.key, item.score === undefined])).toEqual([
        ["c", false],
        ["a", true],
        ["b", true],
      ]);
      const { rows } = await server().pool.query(
        `SELECT key FROM ${quoteIdent(schema)}.weft_store_vectors ORDER BY key`,
      );
      expect(rows.map((row) => row.key)).toEqual(["c"]);
    });

    it("refuses vectors with NaN or infinities, and writes nothing", async () => {
      const store = await make({
        index: {
          dims: 2,
          embeddings: async (texts) =>
            texts.map((text) => (text === "bad" ? [1, Number.NaN] : [1, 0])),
          fields: ["t"],
        },
      });
      const error = await store.put(["n"], "k", { t: "bad" }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: "INVALID_CONFIG" });
      expect(await store.get(["n"], "k")).toBeNull();
      const query = await store.search(["n"], { query: "bad" }).catch((e: unknown) => e);
      expect(query).toMatchObject({ code: "INVALID_CONFIG" });
    });

    it("refuses text PostgreSQL cannot store, and writes nothing", async () => {
      const store = await make();
      const bad = [
        store.put(["a"], "k", { text: "nul\u0000here" }),
        store.put(["a"], "k", { "key\u0000": 1 }),
        store.put(["a"], "k", { text: "lone \ud800 surrogate" }),
        store.put(["a"], "lone\udc00", { v: 1 }),
        store.put(["a\u0000"], "k", { v: 1 }),
        store.put(["a"], "k", { n: 1n }),
      ];
      for (const attempt of bad) {
        const error = await attempt.catch((e: unknown) => e);
        expect(WeftError.hasCode(error, "INVALID_INPUT")).toBe(true);
      }
      expect(await store.listNamespaces()).toEqual([]);
      // Text that only looks like an escape is fine.
      await store.put(["a"], "k", { text: "\\u0000 and \\ud800", pair: "😀" });
      expect((await store.get(["a"], "k"))!.value).toEqual({
        text: "\\u0000 and \\ud800",
        pair: "😀",
      });
    });

    it("keeps stores in different schemas apart, whatever the schema's name", async () => {
      const odd = `${freshSchema("odd")}"; DROP TABLE x; --`;
      const a = await make({ schema: odd });
      const b = await make();
      await a.put(["ns"], "k", { from: "a" });
      await b.put(["ns"], "k", { from: "b" });
      expect((await a.get(["ns"], "k"))!.value).toEqual({ from: "a" });
      expect((await b.get(["ns"], "k"))!.value).toEqual({ from: "b" });
      const { rows } = await server().pool.query(
        "SELECT count(*)::int AS n FROM pg_namespace WHERE nspname = $1",
        [odd],
      );
      expect(rows[0].n).toBe(1);
    });

    it("applies concurrent batches on one item one after the other", async () => {
      const schema = freshSchema("conc");
      const stores = [await make({ schema, index }), await make({ schema, index })];
      await Promise.all(
        Array.from({ length: 12 }, (_, i) =>
          stores[i % 2]!.batch([
            { namespace: ["c"], key: "same", value: { text: `pizza ${i}`, i } },
            { namespace: ["c"], key: `own${i}`, value: { text: `soup ${i}` } },
          ]),
        ),
      );
      const all = await stores[0]!.search(["c"], { limit: 20 });
      expect(all).toHaveLength(13);
      const same = await stores[1]!.get(["c"], "same");
      // Whichever write came last, its vector is the one searched.
      const [hit] = await stores[0]!.search(["c"], { query: same!.value.text, limit: 1 });
      expect(hit!.key).toBe("same");
      expect(hit!.score!).toBeCloseTo(1, 5);
    });
  });
}

describe.skipIf(!postgres.available)("PostgreSQL 15", () => {
  let pool: pg.Pool;
  beforeAll(() => {
    pool = testPool({ max: 8 });
  });
  afterAll(async () => {
    await pool.end();
  });
  storeCases("PostgreSQL 15", () => ({ pool, pgvector: false }));

  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas)
      await pool.query(`DROP SCHEMA IF EXISTS ${quoteIdent(schema)} CASCADE`);
  });
  const schema = (label: string) => {
    const name = freshSchema(label);
    schemas.push(name);
    return name;
  };

  it("warns once and searches exactly when the server has no pgvector", async () => {
    const { rows } = await pool.query(
      "SELECT 1 FROM pg_available_extensions WHERE name = 'vector'",
    );
    const warnings: string[] = [];
    const store = new PostgresStore(pool, {
      schema: schema("warn"),
      index,
      onWarning: (message) => warnings.push(message),
    });
    await store.put(["a"], "k", { text: "pizza" });
    await store.search(["a"], { query: "pizza" });
    if (rows.length > 0) {
      expect(store.vectorSearch).toBe("pgvector");
      expect(warnings).toEqual([]);
    } else {
      expect(store.vectorSearch).toBe("exact");
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatch(/does not have the pgvector extension.*exactly/);
    }
    const quiet = new PostgresStore(pool, {
      schema: schema("quiet"),
      index,
      pgvector: false,
      onWarning: (m) => warnings.push(m),
    });
    await quiet.setup();
    expect(quiet.vectorSearch).toBe("exact");
    expect(warnings.length).toBeLessThanOrEqual(1);
  });

  it("searches, filters and lists namespaces through indexes, never a sequential scan", async () => {
    const store = new PostgresStore(pool, { schema: schema("plan") });
    await store.batch(
      Array.from({ length: 5000 }, (_, i) => ({
        namespace: ["t", `n${i % 50}`, "docs"],
        key: `k${i}`,
        value: { role: i % 250 === 0 ? "admin" : "user", i },
      })),
    );
    await pool.query(`ANALYZE ${quoteIdent(store.schema)}.weft_store_items`);
    const queries = vi.spyOn(pg.Pool.prototype, "query");
    const inN7 = await store.search(["t", "n7"], { limit: 3 });
    expect(inN7.map((item) => item.value.i)).toEqual([7, 57, 107]);
    const admins = await store.search([], { filter: { role: "admin" }, limit: 100 });
    expect(admins.map((item) => item.value.i)).toEqual(
      Array.from({ length: 20 }, (_, j) => j * 250),
    );
    const namespaces = await store.listNamespaces({ prefix: ["t"], maxDepth: 2, limit: 3 });
    expect(namespaces).toEqual([
      ["t", "n0"],
      ["t", "n1"],
      ["t", "n10"],
    ]);
    const sent = queries.mock.calls.slice(-3) as unknown as [string, unknown[]][];
    queries.mockRestore();
    const plans: string[] = [];
    for (const [text, params] of sent) {
      const { rows } = await pool.query(`EXPLAIN ${text}`, params);
      plans.push(rows.map((row) => row["QUERY PLAN"]).join("\n"));
    }
    expect(plans[0]).toMatch(
      /Index Cond: \(\(prefix >= 't\.n7'::text\) AND \(prefix < 't\.n7\/'::text\)\)/,
    );
    expect(plans[1]).toMatch(/Index Cond: \(value @> '\{"role": "admin"\}'::jsonb\)/);
    expect(plans[2]).toMatch(/Recursive Union[\s\S]*weft_store_items_pkey/);
    for (const plan of plans) expect(plan).not.toMatch(/Seq Scan/);
  });

  it("survives a connection terminated mid-batch: the old value stays, the retry lands once", async () => {
    const app = `weft-store-fault-${process.pid}`;
    const own = new pg.Pool({
      connectionString: pool.options.connectionString,
      max: 2,
      application_name: app,
    });
    own.on("error", () => {});
    const name = schema("fault");
    const store = new PostgresStore(own, { schema: name });
    const reader = new PostgresStore(pool, { schema: name });
    await store.put(["f"], "k", { v: 1 });
    // Another session holds the item's row, so the store's upsert waits on the lock.
    const blocker = await pool.connect();
    await blocker.query("BEGIN");
    await blocker.query(`SELECT 1 FROM ${quoteIdent(name)}.weft_store_items FOR UPDATE`);
    const waiting = async (not?: number) => {
      for (;;) {
        const { rows } = await pool.query(
          `SELECT pid FROM pg_stat_activity
           WHERE application_name = $1 AND wait_event_type = 'Lock' AND pid <> $2`,
          [app, not ?? 0],
        );
        if (rows.length > 0) return rows[0].pid as number;
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    };
    const put = store.put(["f"], "k", { v: 2 });
    const first = await waiting();
    await pool.query("SELECT pg_terminate_backend($1)", [first]);
    expect((await reader.get(["f"], "k"))!.value).toEqual({ v: 1 });
    // The store retried on a fresh connection, which waits on the lock again.
    await waiting(first);
    await blocker.query("COMMIT");
    blocker.release();
    await put;
    expect((await reader.get(["f"], "k"))!.value).toEqual({ v: 2 });
    expect(await reader.search(["f"])).toHaveLength(1);
    await own.end();
  });

  it("shares one pool and one schema with a PostgresSaver, each with its own migrations", async () => {
    const name = schema("shared");
    const saver = new PostgresSaver(pool, { schema: name });
    const store = new PostgresStore(pool, { schema: name });
    await Promise.all([saver.setup(), store.setup(), store.setup()]);
    await store.put(["a"], "k", { v: 1 });
    const { rows } = await pool.query(
      `SELECT component, max(version) AS version FROM ${quoteIdent(name)}.weft_migrations
       GROUP BY component ORDER BY component`,
    );
    expect(rows).toEqual([
      { component: "saver", version: expect.any(Number) },
      { component: "store", version: 1 },
    ]);
    await saver.close();
    await store.close();
    // Neither ended the caller's pool.
    expect((await pool.query("SELECT 1 AS one")).rows).toEqual([{ one: 1 }]);
  });

  it("refuses a store schema written by a newer Weft, changing nothing", async () => {
    const name = schema("newer");
    const store = new PostgresStore(pool, { schema: name });
    await store.put(["a"], "k", { v: 1 });
    await pool.query(
      `INSERT INTO ${quoteIdent(name)}.weft_migrations (component, version, description) VALUES ('store', 99, 'future')`,
    );
    const later = new PostgresStore(pool, { schema: name });
    const error = await later.get(["a"], "k").catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SAVER_ERROR", reason: "newer_schema" });
  });

  it("with createSchema: false, needs the schema to exist and never creates it", async () => {
    const name = schema("nocreate");
    const store = new PostgresStore(pool, { schema: name, createSchema: false });
    const error = await store.setup().catch((e: unknown) => e);
    expect(error).toMatchObject({ code: "SAVER_ERROR", reason: "missing_schema" });
    const { rows } = await pool.query("SELECT 1 FROM pg_namespace WHERE nspname = $1", [name]);
    expect(rows).toEqual([]);
    await pool.query(`CREATE SCHEMA ${quoteIdent(name)}`);
    await store.setup();
    await store.put(["a"], "k", { v: 1 });
    expect((await store.get(["a"], "k"))!.value).toEqual({ v: 1 });
  });
});

describe("PGlite + pgvector", () => {
  let server: PgliteServer;
  beforeAll(async () => {
    server = await startPgliteServer();
  });
  afterAll(async () => {
    await server.stop();
  });
  storeCases("PGlite + pgvector", () => ({ pool: server.pool, pgvector: true }));

  it("answers a query search with the HNSW index", async () => {
    const dims = 8;
    const store = new PostgresStore(server.pool, {
      schema: freshSchema("hnsw"),
      index: {
        dims,
        fields: ["t"],
        embeddings: async (texts) => texts.map((text) => randomVector(text, dims)),
      },
    });
    await store.batch(
      Array.from({ length: 300 }, (_, i) => ({
        namespace: ["h"],
        key: `k${i}`,
        value: { t: `doc ${i}` },
      })),
    );
    await server.pool.query(`ANALYZE ${quoteIdent(store.schema)}.weft_store_items`);
    await server.pool.query(`ANALYZE ${quoteIdent(store.schema)}.weft_store_vectors`);
    const queries = vi.spyOn(pg.Client.prototype, "query");
    const [best] = await store.search(["h"], { query: "doc 42", limit: 3 });
    const sent = queries.mock.calls.find(
      ([text]) => typeof text === "string" && text.includes("AS distance"),
    );
    queries.mockRestore();
    expect(best!.key).toBe("k42");
    expect(best!.score!).toBeCloseTo(
      referenceCosine(randomVector("doc 42", dims), randomVector("doc 42", dims)),
      5,
    );
    const [text, params] = sent as unknown as [string, unknown[]];
    const client = await server.pool.connect();
    try {
      await client.query("BEGIN");
      await client.query("SET LOCAL enable_seqscan = off");
      const plan = (await client.query(`EXPLAIN ${text}`, params)).rows
        .map((row) => row["QUERY PLAN"])
        .join("\n");
      expect(plan).toMatch(/Index Scan using weft_store_vectors_hnsw_ip_8/);
      await client.query("ROLLBACK");
    } finally {
      client.release();
    }
    await dropStore(server.pool, store);
  });
});
