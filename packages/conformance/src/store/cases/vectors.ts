import type { BaseStore, SearchItem } from "@weft/store";
import { describe, expect, it } from "vitest";
import { RecordingEmbeddings, randomVector, referenceCosine } from "../fakes.ts";
import type { StoreHarness } from "../harness.ts";

const DIMS = 32;
const WORDS = ["pizza", "plumber", "ocean", "violin", "granite", "tulip", "comet", "saffron"];

async function indexed(
  h: StoreHarness,
  fields?: string[],
): Promise<{ store: BaseStore; embeddings: RecordingEmbeddings }> {
  const embeddings = new RecordingEmbeddings(DIMS);
  const store = await h.store({ index: { embeddings, dims: DIMS, fields } });
  return { store, embeddings };
}

const sorted = (texts: string[]) => [...texts].sort();

function expectRanking(actual: SearchItem[], expected: { key: string; score: number }[]): void {
  expect(actual.map((item) => item.key)).toEqual(expected.map((item) => item.key));
  actual.forEach((item, i) => {
    expect(item.score).toBeTypeOf("number");
    expect(Math.abs(item.score! - expected[i]!.score)).toBeLessThan(1e-5);
    expect(item.score!).toBeGreaterThanOrEqual(-1);
    expect(item.score!).toBeLessThanOrEqual(1);
  });
}

/** Vector search: exact ranking, field selection, `index: false`, re-embedding, failures. */
export function vectorCases(h: StoreHarness): void {
  describe("vector search", () => {
    it("ranks exactly like a brute-force cosine reference, with prefix, filter and pagination", async () => {
      const { store } = await indexed(h, ["text"]);
      const docs = Array.from({ length: 40 }, (_, i) => ({
        namespace: ["v", `g${i % 2}`],
        key: `d${i}`,
        value: { text: `${WORDS[i % WORDS.length]} number ${i}`, n: i },
      }));
      await store.batch(docs);
      const cases: {
        prefix: string[];
        query: string;
        filter?: Record<string, unknown>;
        limit: number;
        offset: number;
      }[] = [
        { prefix: ["v"], query: "pizza number 3", limit: 10, offset: 0 },
        { prefix: ["v"], query: "something else entirely", limit: 40, offset: 0 },
        { prefix: ["v", "g1"], query: "ocean", limit: 5, offset: 0 },
        { prefix: ["v"], query: "tulip", filter: { n: { $gte: 10 } }, limit: 5, offset: 3 },
      ];
      for (const c of cases) {
        const q = randomVector(c.query, DIMS);
        const expected = docs
          .filter((doc) => doc.namespace.join("/").startsWith(c.prefix.join("/")))
          .filter((doc) => !c.filter || doc.value.n >= 10)
          .map((doc) => ({
            key: doc.key,
            score: referenceCosine(q, randomVector(doc.value.text, DIMS)),
          }))
          .sort((a, b) => b.score - a.score)
          .slice(c.offset, c.offset + c.limit);
        const actual = await store.search(c.prefix, {
          query: c.query,
          filter: c.filter,
          limit: c.limit,
          offset: c.offset,
        });
        expectRanking(actual, expected);
      }
    });

    it("scores an item by its best field; [*] embeds each element", async () => {
      const { store } = await indexed(h, ["title", "tags[*]"]);
      await store.put(["m"], "a", { title: "alpha", tags: ["red", "blue"] });
      await store.put(["m"], "b", { title: "beta", tags: ["green"] });
      const [blue] = await store.search(["m"], { query: "blue", limit: 1 });
      expect(blue!.key).toBe("a");
      expect(blue!.score!).toBeCloseTo(1, 5);
      const [beta] = await store.search(["m"], { query: "beta", limit: 1 });
      expect(beta!.key).toBe("b");
      expect(beta!.score!).toBeCloseTo(1, 5);
    });

    it("index: false stores without embedding; such items rank after scored ones, unscored", async () => {
      const { store, embeddings } = await indexed(h, ["text"]);
      await store.put(["f"], "plain", { text: "zebra" }, { index: false });
      await store.put(["f"], "plain-peer-form", { text: "yak" }, false);
      await store.put(["f"], "indexed", { text: "lion" });
      expect(embeddings.documents).toEqual(["lion"]);
      const found = await store.search(["f"], { query: "zebra" });
      expect(found.map((item) => item.key)).toEqual(["indexed", "plain", "plain-peer-form"]);
      expect(found[0]!.score).toBeTypeOf("number");
      expect(found[1]!.score).toBeUndefined();
      expect(found[2]!.score).toBeUndefined();
      expect((await store.get(["f"], "plain"))!.value).toEqual({ text: "zebra" });
      expect(await store.search(["f"], { filter: { text: "yak" } })).toHaveLength(1);
    });

    it("a put's own field list overrides the store's fields (options and peer forms)", async () => {
      const { store, embeddings } = await indexed(h, ["title"]);
      await store.put(["o"], "1", { title: "t1", body: "b1" }, { index: ["body"] });
      await store.put(["o"], "2", { title: "t2", body: "b2" }, ["body"]);
      await store.put(["o"], "3", { title: "t3", body: "b3" });
      expect(sorted(embeddings.documents)).toEqual(["b1", "b2", "t3"]);
    });

    it("selects text with $, a.b, [0], [-1] and a.b[*].c paths", async () => {
      const whole = await indexed(h);
      const value = { a: 1, b: "x", c: [true] };
      await whole.store.put(["p"], "whole", value);
      expect(whole.embeddings.documents).toHaveLength(1);
      expect(JSON.parse(whole.embeddings.documents[0]!)).toEqual(value);

      const paths = await indexed(h, ["list[0]", "list[-1]", "a.b[*].c", "n.m", "missing.path"]);
      await paths.store.put(["p"], "paths", {
        list: ["first", "middle", "last"],
        a: { b: [{ c: "x" }, { c: "y" }, { d: "not me" }] },
        n: { m: 5 },
      });
      expect(sorted(paths.embeddings.documents)).toEqual(sorted(["first", "last", "x", "y", "5"]));
    });

    it("re-embeds only the text that changed on update", async () => {
      const { store, embeddings } = await indexed(h, ["title", "body"]);
      await store.put(["r"], "k", { title: "Title", body: "first body" });
      expect(sorted(embeddings.documents)).toEqual(["Title", "first body"]);
      embeddings.reset();
      await store.put(["r"], "k", { title: "Title", body: "second body" });
      expect(embeddings.documents).toEqual(["second body"]);
      embeddings.reset();
      await store.put(["r"], "k", { title: "Title", body: "second body", extra: 1 });
      expect(embeddings.documents).toEqual([]);
      const [now] = await store.search(["r"], { query: "second body" });
      expect(now!.score!).toBeCloseTo(1, 5);
      const [old] = await store.search(["r"], { query: "first body" });
      expect(old!.score!).toBeLessThan(0.99);
    });

    it("forgets the vectors of a deleted item", async () => {
      const { store } = await indexed(h, ["text"]);
      await store.put(["d"], "a", { text: "apple" });
      await store.put(["d"], "b", { text: "banana" });
      await store.delete(["d"], "a");
      const found = await store.search(["d"], { query: "apple" });
      expect(found.map((item) => item.key)).toEqual(["b"]);
    });

    it("accepts a plain async function as the embeddings", async () => {
      const store = await h.store({
        index: {
          dims: DIMS,
          fields: ["text"],
          embeddings: async (texts: string[]) => texts.map((text) => randomVector(text, DIMS)),
        },
      });
      await store.put(["fn"], "1", { text: "granite" });
      await store.put(["fn"], "2", { text: "saffron" });
      const [best] = await store.search(["fn"], { query: "saffron" });
      expect(best!.key).toBe("2");
      expect(best!.score!).toBeCloseTo(1, 5);
    });

    it("changes nothing when embedding fails", async () => {
      const { store, embeddings } = await indexed(h, ["text"]);
      await store.put(["e"], "k", { text: "before" });
      embeddings.failNext = new Error("embedding service down");
      await expect(
        store.batch([
          { namespace: ["e"], key: "k", value: { text: "after" } },
          { namespace: ["e"], key: "new", value: { text: "new" } },
        ]),
      ).rejects.toThrow("embedding service down");
      expect((await store.get(["e"], "k"))!.value).toEqual({ text: "before" });
      expect(await store.get(["e"], "new")).toBeNull();
      const [item] = await store.search(["e"], { query: "before" });
      expect(item!.score!).toBeCloseTo(1, 5);
    });

    it("rejects vectors of the wrong length and changes nothing", async () => {
      const store = await h.store({
        index: {
          dims: DIMS,
          fields: ["text"],
          embeddings: async (texts: string[]) => texts.map(() => [1, 2, 3]),
        },
      });
      await expect(store.put(["w"], "k", { text: "t" })).rejects.toMatchObject({
        code: "INVALID_CONFIG",
      });
      expect(await store.get(["w"], "k")).toBeNull();
    });
  });
}
