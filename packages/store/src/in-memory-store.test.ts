import { afterEach, describe, expect, it, vi } from "vitest";
import { HashingEmbeddings } from "./hashing-embeddings.ts";
import { InMemoryStore, MemoryStore } from "./in-memory-store.ts";
import type { Embeddings } from "./types.ts";

// The shared behaviour is covered by @weft/conformance (packages/conformance/test/
// memory-store.test.ts); these are the InMemoryStore-only details.

/** Embeddings whose documents call waits until the test releases it. */
class GatedEmbeddings implements Embeddings {
  readonly inner = new HashingEmbeddings({ dims: 8 });
  readonly calls: string[][] = [];
  gate: Promise<void> | undefined;

  async embedDocuments(texts: string[]): Promise<number[][]> {
    this.calls.push(texts);
    if (this.gate) await this.gate;
    return this.inner.embedDocuments(texts);
  }

  embedQuery(text: string): Promise<number[]> {
    return this.inner.embedQuery(text);
  }
}

afterEach(() => {
  vi.useRealTimers();
});

describe("InMemoryStore", () => {
  it("is also exported as MemoryStore (the peer's documented name)", async () => {
    const store = new MemoryStore();
    expect(store).toBeInstanceOf(InMemoryStore);
    await store.put(["a"], "k", { v: 1 });
    expect((await store.get(["a"], "k"))!.value).toEqual({ v: 1 });
  });

  it("rejects a bad index config with INVALID_CONFIG", () => {
    const embeddings = new HashingEmbeddings();
    expect(() => new InMemoryStore({ index: { embeddings, dims: 0 } })).toThrow(
      expect.objectContaining({ code: "INVALID_CONFIG" }),
    );
    expect(() => new InMemoryStore({ index: { embeddings: {} as Embeddings, dims: 3 } })).toThrow(
      /embedDocuments/,
    );
    expect(() => new InMemoryStore({ ttl: { defaultTtl: -1 } })).toThrow(/defaultTtl/);
  });

  it("embeds each distinct text and query once per batch", async () => {
    const embeddings = new HashingEmbeddings({ dims: 8 });
    const documents = vi.spyOn(embeddings, "embedDocuments");
    const queries = vi.spyOn(embeddings, "embedQuery");
    const store = new InMemoryStore({ index: { embeddings, dims: 8, fields: ["a", "b"] } });
    await store.batch([
      { namespace: ["x"], key: "1", value: { a: "same", b: "other" } },
      { namespace: ["x"], key: "2", value: { a: "same", b: "same" } },
    ]);
    expect(documents).toHaveBeenCalledTimes(1);
    expect(documents.mock.calls[0]![0].sort()).toEqual(["other", "same"]);
    await store.batch([
      { namespacePrefix: ["x"], query: "q", limit: 1, offset: 0 },
      { namespacePrefix: ["x"], query: "q", limit: 2, offset: 0 },
    ]);
    expect(queries).toHaveBeenCalledTimes(1);
  });

  it("stays consistent when another batch changes an item while embeddings are pending", async () => {
    const embeddings = new GatedEmbeddings();
    const store = new InMemoryStore({ index: { embeddings, dims: 8, fields: ["a", "b"] } });
    await store.put(["r"], "k", { a: "kept", b: "one" });
    let release!: () => void;
    embeddings.gate = new Promise((resolve) => {
      release = resolve;
    });
    // Needs only "two": "kept" already has a vector on the item...
    const slow = store.put(["r"], "k", { a: "kept", b: "two" });
    embeddings.gate = undefined;
    // ...but this put replaces the item (and drops "kept") before the slow one lands.
    await store.put(["r"], "k", { a: "fresh", b: "three" });
    release();
    await slow;
    expect((await store.get(["r"], "k"))!.value).toEqual({ a: "kept", b: "two" });
    expect(embeddings.calls.at(-1)).toEqual(["kept"]);
    const [hit] = await store.search(["r"], { query: "kept" });
    expect(hit!.score!).toBeCloseTo(1, 5);
  });

  it("sweeps expired items on its timer once started, and stops", async () => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) });
    const store = new InMemoryStore({ ttl: { sweepIntervalMinutes: 1 } });
    store.start();
    await store.put(["t"], "a", { v: 1 }, { ttl: 1 });
    await store.put(["t"], "b", { v: 1 }, { ttl: 10 });
    expect(store.size).toBe(2);
    await vi.advanceTimersByTimeAsync(2 * 60_000);
    expect(store.size).toBe(1);
    store.stop();
    await vi.advanceTimersByTimeAsync(20 * 60_000);
    expect(store.size).toBe(1);
    expect(await store.get(["t"], "b")).toBeNull();
    expect(store.sweepTtl()).toBe(1);
    expect(store.size).toBe(0);
  });

  it("starts the sweeper by itself on the first put that sets an expiry", async () => {
    vi.useFakeTimers({ now: Date.UTC(2025, 0, 1) });
    const store = new InMemoryStore({ ttl: { defaultTtl: 1, sweepIntervalMinutes: 1 } });
    await store.put(["t"], "a", { v: 1 });
    await vi.advanceTimersByTimeAsync(3 * 60_000);
    expect(store.size).toBe(0);
    store.stop();
  });

  it("rejects values that are not plain data, changing nothing", async () => {
    const store = new InMemoryStore();
    await expect(
      store.batch([
        { namespace: ["a"], key: "ok", value: { v: 1 } },
        { namespace: ["a"], key: "fn", value: { f: () => 1 } },
      ]),
    ).rejects.toMatchObject({ code: "INVALID_INPUT" });
    expect(store.size).toBe(0);
  });

  it("matches namespace prefixes with items of several namespaces interleaved", async () => {
    const store = new InMemoryStore();
    const namespaces = [["a", "x"], ["b"], ["a", "y"], ["a"], ["ab"]];
    for (let i = 0; i < 20; i++) await store.put(namespaces[i % 5]!, `k${i}`, { i });
    const underA = await store.search(["a"], { limit: 100 });
    expect(underA.map((item) => item.value.i)).toEqual([0, 2, 3, 5, 7, 8, 10, 12, 13, 15, 17, 18]);
    underA[0]!.namespace.push("mutated");
    expect((await store.get(["a", "x"], "k0"))!.namespace).toEqual(["a", "x"]);

    for (let i = 1; i < 20; i += 5) await store.delete(["b"], `k${i}`);
    expect(await store.listNamespaces()).toEqual([["a"], ["a", "x"], ["a", "y"], ["ab"]]);
    await store.put(["b"], "again", { i: 99 });
    expect((await store.search(["b"])).map((item) => item.key)).toEqual(["again"]);
    expect(await store.listNamespaces({ prefix: ["b"] })).toEqual([["b"]]);
  });

  it("keeps search exact after many updates and deletes (vector slots are recycled)", async () => {
    const embeddings = new HashingEmbeddings({ dims: 8 });
    const store = new InMemoryStore({ index: { embeddings, dims: 8, fields: ["t"] } });
    for (let i = 0; i < 200; i++) await store.put(["s"], `k${i % 5}`, { t: `text ${i}` });
    for (let i = 0; i < 5; i++) await store.delete(["s"], `k${i}`);
    await store.put(["s"], "last", { t: "final words" });
    const [hit] = await store.search(["s"], { query: "final words" });
    expect(hit!.key).toBe("last");
    expect(hit!.score!).toBeCloseTo(1, 5);
  });
});
