import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { WeftError } from "@weft/checkpoint";
import { HashingEmbeddings, InMemoryStore, type SearchItem } from "@weft/store";
import { afterAll, describe, expect, it, vi } from "vitest";
import { SqliteStore } from "./store.ts";
import { filterToSql } from "./store-statements.ts";

const dir = mkdtempSync(join(tmpdir(), "weft-sqlite-store-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let files = 0;
const tempFile = () => join(dir, `store-${files++}.sqlite`);

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

/** Deterministic items: 1,200 over 40 namespaces, some with empty text (a zero vector). */
function items() {
  const out: { namespace: string[]; key: string; value: Record<string, unknown> }[] = [];
  for (let i = 0; i < 1200; i++) {
    const words = [WORDS[i % 10], WORDS[(i * 7) % 10], WORDS[(i * 3 + 1) % 10]];
    out.push({
      namespace: ["users", `u${i % 40}`, i % 2 === 0 ? "notes" : "prefs"],
      key: `k${i}`,
      value: { text: i % 97 === 0 ? "" : `${words.join(" ")} ${i}`, rank: i % 5 },
    });
  }
  return out;
}

async function fill(store: SqliteStore | InMemoryStore) {
  const all = items();
  for (let i = 0; i < all.length; i += 200) {
    await store.batch(all.slice(i, i + 200).map((item) => ({ ...item, index: undefined })));
  }
}

const some = items();
const searches = [
  { prefix: [], options: { query: "pizza cheese", limit: 10 } },
  { prefix: ["users", "u7"], options: { query: "hot soup", limit: 5 } },
  { prefix: ["users", "u4", "notes"], options: { query: "tea", limit: 4, offset: 3 } },
  { prefix: ["users"], options: { query: "bread", limit: 7, filter: { rank: { $gte: 3 } } } },
  { prefix: ["users", "u11"], options: { query: "rice fish", limit: 50 } },
  // Filters SQL can narrow (equality on a string or an integer), and one it cannot.
  { prefix: ["users"], options: { query: "tea", limit: 6, filter: { rank: 2 } } },
  { prefix: [], options: { query: "soup", limit: 3, filter: { text: some[1101]!.value.text } } },
  {
    prefix: [],
    options: {
      query: "fish",
      limit: 2,
      filter: { text: { $in: [some[5]!.value.text, some[600]!.value.text, ""] } },
    },
  },
];

const summary = (found: SearchItem[]) =>
  found.map((item) => ({ key: item.key, score: Number(item.score?.toFixed(5)) }));

describe("SqliteStore vector search", () => {
  it("ranks the same with sqlite-vec, with brute force, and as InMemoryStore", async () => {
    const vec = SqliteStore.fromConnString(":memory:", { index });
    const brute = SqliteStore.fromConnString(":memory:", { index, sqliteVec: false });
    const memory = new InMemoryStore({ index });
    await Promise.all([fill(vec), fill(brute), fill(memory)]);
    expect(vec.vectorSearch).toBe("sqlite-vec");
    expect(brute.vectorSearch).toBe("brute-force");
    for (const { prefix, options } of searches) {
      const expected = summary(await memory.search(prefix, options));
      expect(expected.length).toBeGreaterThan(0);
      expect(summary(await vec.search(prefix, options))).toEqual(expected);
      expect(summary(await brute.search(prefix, options))).toEqual(expected);
    }
    vec.close();
    brute.close();
  });

  it("sees vectors other connections and other stores wrote since its last search", async () => {
    for (const sqliteVec of [false, true]) {
      const path = tempFile();
      const a = SqliteStore.fromConnString(path, { index, sqliteVec });
      const sameConnection = new SqliteStore(a.db, { index, sqliteVec });
      const b = SqliteStore.fromConnString(path, { index, sqliteVec });
      const memory = new InMemoryStore({ index });
      const both = async (
        store: SqliteStore,
        write: (s: SqliteStore | InMemoryStore) => Promise<void>,
      ) => {
        await write(store);
        await write(memory);
        const query = { query: "cheese pizza slice" };
        expect(summary(await a.search(["docs"], query))).toEqual(
          summary(await memory.search(["docs"], query)),
        );
      };
      await both(a, (s) => s.put(["docs"], "pizza", { text: "pizza with cheese" }));
      await both(a, (s) => s.put(["docs"], "salad", { text: "green salad" }));
      await both(b, (s) => s.put(["docs"], "slice", { text: "cheese pizza slice" }));
      await both(sameConnection, (s) => s.delete(["docs"], "slice"));
      await both(sameConnection, (s) => s.put(["docs"], "pizza", { text: "green tea" }));
      // Its own writes after the others' keep it exact too.
      await both(b, (s) => s.put(["docs"], "more", { text: "pizza cheese slice" }));
      await both(a, (s) => s.put(["docs"], "mine", { text: "a cheese pizza slice" }));
      expect((await a.search(["docs"], { query: "pizza" })).map((item) => item.key)).toEqual([
        "more",
        "mine",
        "salad",
        "pizza",
      ]);
      a.close();
      b.close();
    }
  });

  it("finds the few items a selective filter keeps, in SQL when it can", async () => {
    const brute = SqliteStore.fromConnString(":memory:", { index, sqliteVec: false });
    await fill(brute);
    const prepare = vi.spyOn(brute.db, "prepare");
    const found = await brute.search([], { query: "pizza", limit: 1, filter: { rank: 9 } });
    expect(found).toEqual([]);
    const sql = prepare.mock.calls.map(([text]) => text).join("\n");
    expect(sql).toMatch(/json_extract\(i\.value, '\$\.rank'\) = @f0/);
    // After checking 1,024 best-scored items in vain, it looked for the passing ones first.
    expect(sql).toMatch(/SELECT i\.seq FROM weft_store_items AS i WHERE/);
    // A filter SQL cannot narrow: the passing items are found by reading every value.
    const memory = new InMemoryStore({ index });
    await fill(memory);
    const [worst] = (await memory.search([], { query: "pizza", limit: 1200 })).slice(-1);
    for (const filter of [{ rank: { $gt: 100 } }, { text: { $in: [worst!.value.text] } }]) {
      const options = { query: "pizza", limit: 1, filter };
      expect(summary(await brute.search([], options))).toEqual(
        summary(await memory.search([], options)),
      );
    }
    brute.close();
  });

  it("rebuilds the sqlite-vec table after a run without the extension changed vectors", async () => {
    const path = tempFile();
    const first = SqliteStore.fromConnString(path, { index });
    await first.put(["docs"], "a", { text: "pizza with cheese" });
    await first.put(["docs"], "b", { text: "green salad" });
    first.close();
    const without = SqliteStore.fromConnString(path, { index, sqliteVec: false });
    await without.put(["docs"], "c", { text: "cheese pizza slice" });
    await without.delete(["docs"], "a");
    without.close();
    const again = SqliteStore.fromConnString(path, { index });
    const found = await again.search(["docs"], { query: "pizza cheese" });
    expect(again.vectorSearch).toBe("sqlite-vec");
    expect(found.map((item) => item.key)).toEqual(["c", "b"]);
    again.close();
  });

  it("refuses an index whose dimensions differ from the stored vectors", async () => {
    const path = tempFile();
    const first = SqliteStore.fromConnString(path, { index });
    await first.put(["docs"], "a", { text: "hello" });
    first.close();
    const other = { embeddings: new HashingEmbeddings({ dims: 32 }), dims: 32 };
    const store = SqliteStore.fromConnString(path, { index: other });
    const error = await store.search(["docs"], { query: "hello" }).catch((e: unknown) => e);
    expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);
    store.close();
  });
});

describe("filterToSql", () => {
  it("pushes down equality with strings and safe integers on plain paths only", () => {
    expect(filterToSql({ topic: "a", "profile.city": { $eq: "Oslo" }, n: 3 })).toEqual({
      where:
        "json_extract(i.value, '$.topic') = @f0 AND json_extract(i.value, '$.profile.city') = @f1" +
        " AND json_extract(i.value, '$.n') = @f2",
      params: { f0: "a", f1: "Oslo", f2: 3 },
    });
    expect(filterToSql({ topic: "a", n: { $gt: 3 }, "tags.0": "x", "we'ird": "y" })).toEqual({
      where: "json_extract(i.value, '$.topic') = @f0",
      params: { f0: "a" },
    });
    expect(filterToSql({ f: 1.5, b: true, nil: null, list: ["a"], obj: { a: 1 } })).toBeUndefined();
    expect(filterToSql(undefined)).toBeUndefined();
  });
});

describe("SqliteStore storage", () => {
  it("keeps items across connections", async () => {
    const path = tempFile();
    const first = SqliteStore.fromConnString(path);
    await first.put(["users", "1"], "prefs", { theme: "dark", tags: ["a", "é"] });
    first.close();
    const second = SqliteStore.fromConnString(path);
    const item = await second.get(["users", "1"], "prefs");
    expect(item?.value).toEqual({ theme: "dark", tags: ["a", "é"] });
    expect(item?.namespace).toEqual(["users", "1"]);
    second.close();
  });

  it("searches a namespace prefix with an index range scan", async () => {
    const store = SqliteStore.fromConnString(":memory:");
    await store.put(["a", "b"], "k", { x: 1 });
    await store.put(["a", "bc"], "k", { x: 2 });
    await store.put(["a", "b", "c"], "k", { x: 3 });
    const found = await store.search(["a", "b"]);
    expect(found.map((item) => item.value.x)).toEqual([1, 3]);
    const plan = store.db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT seq FROM weft_store_items
         WHERE prefix = 'a.b' OR (prefix >= 'a.b.' AND prefix < 'a.b/')`,
      )
      .all() as { detail: string }[];
    expect(plan.map((row) => row.detail).join("\n")).toMatch(/USING (COVERING )?INDEX/);
    store.close();
  });

  it("refuses a value JSON cannot hold, and writes nothing", async () => {
    const store = SqliteStore.fromConnString(":memory:");
    const error = await store.put(["a"], "k", { n: 1n }).catch((e: unknown) => e);
    expect(WeftError.hasCode(error, "INVALID_INPUT")).toBe(true);
    expect(await store.get(["a"], "k")).toBeNull();
    store.close();
  });
});
