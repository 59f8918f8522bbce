import { WeftError } from "@weft/checkpoint";
import { HashingEmbeddings, InMemoryStore, type SearchItem } from "@weft/store";
import { Binary, MongoClient } from "mongodb";
import { afterAll, describe, expect, it, vi } from "vitest";
import { MongoDatabaseError } from "../src/errors.ts";
import { MongoDBStore } from "../src/store.ts";
import { filterToQuery, MAX_QUERY_STRING } from "../src/store-filter.ts";
import { freshDbName, MONGODB_URL, requireMongo } from "./fixtures/mongodb.ts";

const mongodb = await requireMongo();

const DIMS = 64;
const index = { embeddings: new HashingEmbeddings({ dims: DIMS }), dims: DIMS, fields: ["text"] };

/** A client shared by the stores of this file; each test uses its own database. */
const client = new MongoClient(MONGODB_URL, { serverSelectionTimeoutMS: 5_000 });
const databases: string[] = [];
afterAll(async () => {
  if (!mongodb.available) return;
  for (const name of databases) await client.db(name).dropDatabase();
  await client.close();
});

function openStore(options: Omit<ConstructorParameters<typeof MongoDBStore>[0], "client"> = {}) {
  const dbName = options.dbName ?? freshDbName();
  if (!databases.includes(dbName)) databases.push(dbName);
  return new MongoDBStore({ ...options, client, dbName });
}

const keys = (items: { key: string }[]) => items.map((item) => item.key);

/** Values chosen to sit on every edge of the filter translation. */
const VALUES: Record<string, Record<string, unknown>> = {
  a: { n: 1, s: "alpha", b: true, tags: ["x", "y"], o: { c: "Oslo", z: 1 } },
  b: { n: 2.5, s: "beta", b: false, tags: ["y"], o: { c: "Rome", z: 2 } },
  c: { n: -3, s: "Gamma", tags: [], o: { c: "Oslo" }, nil: null },
  d: { n: "2", s: "\uffff high", o: "not an object" },
  e: { n: 0, s: "😀 astral", "dot.key": "hidden", $dollar: "yes", "pct%": 7 },
  f: { n: -0, s: "x".repeat(MAX_QUERY_STRING + 5), nil: null },
  g: { n: 1e300, s: "", nested: { deep: { deeper: [1, { k: "v" }] } } },
  h: { s: "broken \ud800 surrogate", n: null, tags: [["nested"], "y"] },
  i: { n: 10, s: "alpha", b: true, many: Array.from({ length: 1_200 }, (_, i) => i) },
};

const FILTERS: Record<string, unknown>[] = [
  { n: 1 },
  { n: 0 },
  { n: -0 },
  { n: { $gt: 0 } },
  { n: { $gte: -3, $lt: 2.5 } },
  { n: { $ne: 2.5 } },
  { n: { $ne: null } },
  { n: null },
  { n: { $in: [1, "2", 10] } },
  { n: { $nin: [1, "2", null] } },
  { s: "alpha" },
  { s: { $gt: "beta" } },
  { s: { $lt: "\uffff" } },
  { s: { $gt: "😀" } },
  { s: { $gte: "" } },
  { s: "x".repeat(MAX_QUERY_STRING + 5) },
  { s: "broken \ud800 surrogate" },
  { b: true },
  { b: { $ne: true } },
  { tags: ["y"] },
  { "tags.0": "y" },
  { "tags.1": { $in: ["y", "z"] } },
  { o: { c: "Oslo" } },
  { "o.c": { $ne: "Oslo" } },
  { "o.z": { $gte: 2 } },
  { o: "not an object" },
  { "dot.key": "hidden" },
  { $dollar: "yes" },
  { "pct%": { $lte: 7 } },
  { "nested.deep.deeper.1.k": "v" },
  { "many.1100": 1_100 },
  { nil: null },
  { missing: { $nin: ["a"] } },
  { n: { $gt: 0 }, s: "alpha", b: true },
];

describe.skipIf(!mongodb.available)("MongoDBStore filters", () => {
  it("keep exactly the items InMemoryStore keeps, on every edge of the translation", async () => {
    const store = openStore();
    const memory = new InMemoryStore();
    const puts = Object.entries(VALUES).map(([key, value]) => ({ namespace: ["f"], key, value }));
    await store.batch(puts);
    // The store keeps values as JSON (so -0 reads back as 0): compare with what it holds.
    await memory.batch(
      puts.map((put) => ({ ...put, value: JSON.parse(JSON.stringify(put.value)) })),
    );
    for (const filter of FILTERS) {
      const expected = keys(await memory.search(["f"], { filter, limit: 100 }));
      expect(
        keys(await store.search(["f"], { filter, limit: 100 })),
        JSON.stringify(filter),
      ).toEqual(expected);
    }
  });

  it("run on the server: the pushed query alone selects the matching items", async () => {
    const store = openStore();
    await store.batch(
      Array.from({ length: 30 }, (_, i) => ({
        namespace: ["p"],
        key: `k${i}`,
        value: { i, even: i % 2 === 0, label: `item ${i}`, meta: { group: i % 3 } },
      })),
    );
    const items = store.connection.collection("store");
    const find = vi.spyOn(items.constructor.prototype, "find");
    const filter = { even: true, "meta.group": { $in: [0, 1] }, i: { $gte: 6 } };
    const found = await store.search(["p"], { filter, limit: 100 });
    expect(found.map((item) => item.value.i)).toEqual([6, 10, 12, 16, 18, 22, 24, 28]);
    // The store sent the translated filter, and the server alone gets the same answer.
    const sent = JSON.stringify(find.mock.calls.map(([query]) => query));
    find.mockRestore();
    expect(sent).toContain('"q.meta%2egroup":{"$in":[0,1]}');
    const raw = await items.find(filterToQuery(filter)!).toArray();
    expect(raw.map((doc) => JSON.parse(doc.value).i).sort((a, b) => a - b)).toEqual([
      6, 10, 12, 16, 18, 22, 24, 28,
    ]);
  });
});

describe.skipIf(!mongodb.available)("MongoDBStore vector search", () => {
  const WORDS = ["pizza", "pasta", "salad", "soup", "bread", "cheese", "apple", "tea"];
  const docs = Array.from({ length: 240 }, (_, i) => ({
    namespace: ["users", `u${i % 6}`, i % 2 === 0 ? "notes" : "prefs"],
    key: `k${i}`,
    value: {
      text: i % 37 === 0 ? "" : `${WORDS[i % 8]} ${WORDS[(i * 3) % 8]} ${i}`,
      rank: i % 5,
    },
  }));
  const summary = (found: SearchItem[]) =>
    found.map((item) => ({ key: item.key, score: Number(item.score?.toFixed(6)) }));

  it("ranks exactly as InMemoryStore, with prefixes, filters, pagination and unscored items", async () => {
    const store = openStore({ index });
    const memory = new InMemoryStore({ index });
    const unindexed = { namespace: ["users", "u1", "prefs"], key: "plain", value: { text: "tea" } };
    for (const target of [store, memory]) {
      await target.batch(docs);
      await target.put(unindexed.namespace, unindexed.key, unindexed.value, { index: false });
    }
    const searches = [
      { prefix: [], options: { query: "pizza cheese", limit: 10 } },
      { prefix: ["users", "u1"], options: { query: "hot tea", limit: 50 } },
      { prefix: ["users", "u2", "notes"], options: { query: "soup", limit: 4, offset: 3 } },
      { prefix: ["users"], options: { query: "bread", limit: 7, filter: { rank: { $gte: 3 } } } },
      { prefix: ["users"], options: { query: "apple", limit: 5, filter: { rank: 2 } } },
      { prefix: ["users", "u1"], options: { query: "tea", limit: 30, offset: 25 } },
    ];
    for (const { prefix, options } of searches) {
      const expected = summary(await memory.search(prefix, options));
      expect(expected.length).toBeGreaterThan(0);
      expect(summary(await store.search(prefix, options))).toEqual(expected);
    }
  });

  it("keeps vectors as normalized float32 BSON vectors inside the item document", async () => {
    const store = openStore({ index: { ...index, fields: ["title", "tags[*]"] } });
    await store.put(["docs"], "a", { title: "pizza with cheese", tags: ["food", "it"], other: 1 });
    const doc = await store.connection.collection("store").findOne({ key: "a" });
    expect(doc).toMatchObject({
      ns: "docs",
      nvec: 3,
      q: { title: "pizza with cheese", other: 1 },
      vectors: [
        { f: "title", t: "pizza with cheese" },
        { f: "tags[*].0", t: "food" },
        { f: "tags[*].1", t: "it" },
      ],
    });
    expect(typeof doc!.value).toBe("string");
    // The first text's vector sits at a fixed path (`embedding`), the others inline.
    expect(doc!.vectors[0].v).toBeUndefined();
    const vectors = [doc!.embedding, doc!.vectors[1].v, doc!.vectors[2].v] as Binary[];
    for (const vector of vectors) {
      expect(vector.sub_type).toBe(Binary.SUBTYPE_VECTOR);
      const floats = vector.toFloat32Array();
      expect(floats).toHaveLength(DIMS);
      expect(Math.hypot(...floats)).toBeCloseTo(1, 5);
    }
    const [best] = await store.search(["docs"], { query: "it", limit: 1 });
    expect(best!.score).toBeCloseTo(1, 5);
  });

  it("refuses an index whose dimensions differ from the stored vectors", async () => {
    const dbName = freshDbName();
    const first = openStore({ dbName, index });
    await first.put(["docs"], "a", { text: "hello" });
    const other = { embeddings: new HashingEmbeddings({ dims: 32 }), dims: 32 };
    const second = openStore({ dbName, index: other });
    const error = await second.search(["docs"], { query: "hello" }).catch((e: unknown) => e);
    expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);
    expect((error as Error).message).toMatch(/64-dimensional vectors but index.dims is 32/);
  });
});

describe.skipIf(!mongodb.available)("MongoDBStore storage", () => {
  it("stores values as JSON text with a queryable copy, readable across stores and clients", async () => {
    const dbName = freshDbName();
    const writer = MongoDBStore.fromConnString(MONGODB_URL, { dbName });
    databases.push(dbName);
    await writer.put(["users", "1"], "prefs", { "a.b": { $c: 1 }, when: new Date(0), list: [1] });
    await writer.close();
    const reader = openStore({ dbName });
    const item = await reader.get(["users", "1"], "prefs");
    expect(item?.value).toEqual({ "a.b": { $c: 1 }, when: "1970-01-01T00:00:00.000Z", list: [1] });
    const doc = await reader.connection.collection("store").findOne({});
    expect(doc).toMatchObject({
      _id: '["users","1","prefs"]',
      ns: "users.1",
      nsPath: ["users", "users.1"],
      key: "prefs",
      q: { when: "1970-01-01T00:00:00.000Z", "list%2e0": 1 },
      qPartial: false,
      seq: 1,
      ttl: null,
      expiresAt: null,
      embedding: null,
      vectors: [],
      nvec: 0,
    });
    expect(doc!.createdAt).toBeInstanceOf(Date);
  });

  it("numbers items in creation order across stores sharing a collection", async () => {
    const dbName = freshDbName();
    const a = openStore({ dbName });
    const b = openStore({ dbName });
    await a.put(["o"], "1", { v: 1 });
    await b.put(["o"], "2", { v: 2 });
    await a.batch([
      { namespace: ["o"], key: "3", value: { v: 3 } },
      { namespace: ["o"], key: "4", value: { v: 4 } },
    ]);
    await b.put(["o"], "1", { v: 10 });
    expect(keys(await b.search(["o"]))).toEqual(["1", "2", "3", "4"]);
  });

  it("takes concurrent writes from several clients without losing any", async () => {
    const dbName = freshDbName();
    const [a, b] = [openStore({ dbName }), openStore({ dbName })];
    await Promise.all(
      Array.from({ length: 20 }, (_, i) => [
        a.put(["w", "a"], `k${i}`, { by: "a", i }),
        b.put(["w", "b"], `k${i}`, { by: "b", i }),
        (i % 2 ? a : b).put(["w", "both"], `k${i % 5}`, { i }),
      ]).flat(),
    );
    expect(await a.search(["w", "a"], { limit: 100 })).toHaveLength(20);
    expect(await b.search(["w", "b"], { limit: 100 })).toHaveLength(20);
    expect(await a.search(["w", "both"], { limit: 100 })).toHaveLength(5);
    expect(await b.listNamespaces()).toEqual([
      ["w", "a"],
      ["w", "b"],
      ["w", "both"],
    ]);
  });

  it("turns an insert that lost a race with another client into an update", async () => {
    const dbName = freshDbName();
    const other = openStore({ dbName });
    let raced = false;
    const store = openStore({
      dbName,
      index: {
        dims: DIMS,
        fields: ["text"],
        // Runs after the store found no item "k" and before it writes: another client
        // creates it in between.
        embeddings: async (texts: string[]) => {
          if (!raced) await other.put(["r"], "k", { text: "theirs" });
          raced = true;
          return index.embeddings.embedDocuments(texts);
        },
      },
    });
    await store.put(["r"], "k", { text: "mine" });
    expect((await other.get(["r"], "k"))?.value).toEqual({ text: "mine" });
    expect(await store.connection.collection("store").countDocuments({})).toBe(1);
    const [hit] = await store.search(["r"], { query: "mine" });
    expect(hit?.score).toBeCloseTo(1, 5);
  });

  it("leaves every item whole when a batch fails between its writes, and can be re-run", async () => {
    const store = openStore({ index });
    await store.put(["c"], "old", { text: "old text", v: 1 });
    const batch = [
      { namespace: ["c"], key: "old", value: { text: "new text", v: 2 } },
      { namespace: ["c"], key: "fresh", value: { text: "fresh text", v: 3 } },
    ];
    // New items are inserted first, updates follow in a second write: fail that one.
    const proto = store.connection.collection("store").constructor.prototype;
    const original = proto.bulkWrite;
    let failed = false;
    const bulkWrite = vi.spyOn(proto, "bulkWrite").mockImplementation(function (
      this: unknown,
      ...args: unknown[]
    ) {
      const ops = args[0] as Record<string, unknown>[];
      if (!failed && ops.some((op) => "updateOne" in op)) {
        failed = true;
        return Promise.reject(new Error("connection lost"));
      }
      return original.apply(this, args);
    });
    await expect(store.batch(batch)).rejects.toThrow("connection lost");
    bulkWrite.mockRestore();
    expect((await store.get(["c"], "old"))?.value).toEqual({ text: "old text", v: 1 });
    expect((await store.get(["c"], "fresh"))?.value).toEqual({ text: "fresh text", v: 3 });
    const [stale] = await store.search(["c"], { query: "old text", filter: { v: 1 } });
    expect(stale?.key).toBe("old");
    expect(stale?.score).toBeCloseTo(1, 5);
    // Re-running the batch completes it; the inserted item keeps its creation.
    const created = (await store.get(["c"], "fresh"))!.createdAt;
    await store.batch(batch);
    expect((await store.get(["c"], "old"))?.value).toEqual({ text: "new text", v: 2 });
    expect((await store.get(["c"], "fresh"))?.createdAt).toEqual(created);
    const [hit] = await store.search(["c"], { query: "new text", filter: { v: 2 } });
    expect(hit?.key).toBe("old");
    expect(hit?.score).toBeCloseTo(1, 5);
    expect(keys(await store.search(["c"]))).toEqual(["old", "fresh"]);
  });

  it("refuses a value JSON cannot hold or the server cannot store, and keeps the old one", async () => {
    const store = openStore();
    await store.put(["a"], "k", { v: "before" });
    const bigint = await store.put(["a"], "k", { n: 1n }).catch((e: unknown) => e);
    expect(WeftError.hasCode(bigint, "INVALID_INPUT")).toBe(true);
    const huge = { text: "x".repeat(17 * 1024 * 1024) };
    const tooBig = await store
      .batch([
        { namespace: ["a"], key: "other", value: { v: 1 } },
        { namespace: ["a"], key: "k", value: huge },
      ])
      .catch((e: unknown) => e);
    expect(WeftError.hasCode(tooBig, "INVALID_INPUT")).toBe(true);
    expect((tooBig as Error).message).toMatch(/bytes/);
    expect((await store.get(["a"], "k"))?.value).toEqual({ v: "before" });
    expect(await store.get(["a"], "other")).toBeNull();
  });

  it("deletes expired items by sweeping where the server has no TTL index", async () => {
    const store = openStore({ now: () => Date.UTC(2025, 0, 1) });
    await store.setup();
    // An injected clock never gets a TTL index: the server's TTL monitor uses its own clock.
    expect(store.expiry).toBe("sweep");
    const realClock = openStore();
    await realClock.setup();
    const { ferretdb } = await realClock.connection.serverFeatures();
    expect(realClock.expiry).toBe(ferretdb === undefined ? "ttl-index" : "sweep");
    const indexes = await realClock.connection.collection("store").listIndexes().toArray();
    const expiry = indexes.find((ix) => ix.name === "weft_expires_at");
    expect(expiry?.key).toEqual({ expiresAt: 1 });
    expect(expiry?.expireAfterSeconds).toBe(ferretdb === undefined ? 0 : undefined);
  });

  it("refuses a collection laid out by a newer Weft, writing nothing", async () => {
    const dbName = freshDbName();
    databases.push(dbName);
    await client
      .db(dbName)
      .collection("weft_layout")
      .insertOne({
        _id: "store:store" as unknown as never,
        version: 99,
      });
    const store = openStore({ dbName });
    const error = await store.put(["a"], "k", { v: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoDatabaseError);
    expect((error as MongoDatabaseError).reason).toBe("newer_schema");
    const collections = await client.db(dbName).listCollections().toArray();
    expect(collections.map((c) => c.name)).toEqual(["weft_layout"]);
  });

  it("leaves a caller's client open on close()", async () => {
    const store = openStore();
    await store.put(["a"], "k", { v: 1 });
    await store.close();
    expect(await client.db("admin").command({ ping: 1 })).toMatchObject({ ok: 1 });
  });
});

describe("MongoDBStore without a server", () => {
  it("refuses a missing client or a bad collection name with INVALID_CONFIG", () => {
    const bad = [
      () => new MongoDBStore({} as ConstructorParameters<typeof MongoDBStore>[0]),
      () => new MongoDBStore({ client, collectionName: "a$b" }),
      () => new MongoDBStore({ client, collectionName: "" }),
      () => MongoDBStore.fromConnString(MONGODB_URL, { layoutCollectionName: "system.x" }),
      () => MongoDBStore.fromConnString("not a url"),
    ];
    for (const make of bad)
      expect(make).toThrow(expect.objectContaining({ code: "INVALID_CONFIG" }));
  });

  it("fails with the address and writes nothing when no server answers", async () => {
    const store = MongoDBStore.fromConnString(
      "mongodb://user:secret@127.0.0.1:9/?directConnection=true",
      {
        dbName: "weft_unreachable",
        serverSelectionTimeoutMS: 300,
      },
    );
    const error = await store.put(["a"], "k", { v: 1 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(MongoDatabaseError);
    expect(error).toMatchObject({ code: "SAVER_ERROR", reason: "unreachable" });
    expect((error as MongoDatabaseError).details).toMatchObject({ address: "127.0.0.1:9" });
    expect((error as Error).message).toContain("127.0.0.1:9");
    expect((error as Error).message).not.toContain("secret");
    await store.close();
  });
});
