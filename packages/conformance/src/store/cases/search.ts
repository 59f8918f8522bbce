import type { BaseStore } from "@weft/store";
import { describe, expect, it } from "vitest";
import { ManualClock } from "../fakes.ts";
import type { StoreHarness } from "../harness.ts";

const keys = (items: { key: string }[]) => items.map((item) => item.key);

async function seedNamespaces(store: BaseStore): Promise<void> {
  await store.put(["a"], "1", { n: 1 });
  await store.put(["a", "b"], "2", { n: 2 });
  await store.put(["a", "b", "c"], "3", { n: 3 });
  await store.put(["ab"], "4", { n: 4 });
  await store.put(["b", "a"], "5", { n: 5 });
}

/** Prefix search, order, pagination, and a query on a store without an index. */
export function searchCases(h: StoreHarness): void {
  describe("search", () => {
    it("matches whole namespace labels by prefix; [] searches everything", async () => {
      const store = await h.store();
      await seedNamespaces(store);
      expect(keys(await store.search(["a"]))).toEqual(["1", "2", "3"]);
      expect(keys(await store.search(["a", "b"]))).toEqual(["2", "3"]);
      expect(keys(await store.search(["a", "b", "c"]))).toEqual(["3"]);
      expect(keys(await store.search(["ab"]))).toEqual(["4"]);
      expect(keys(await store.search(["zzz"]))).toEqual([]);
      expect(keys(await store.search([]))).toEqual(["1", "2", "3", "4", "5"]);
    });

    it("returns items oldest-created first; an update keeps its place, a re-create goes last", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      for (const key of ["x", "y", "z"]) {
        clock.advance(1_000);
        await store.put(["order"], key, { key });
      }
      clock.advance(1_000);
      await store.put(["order"], "x", { key: "x", updated: true });
      expect(keys(await store.search(["order"]))).toEqual(["x", "y", "z"]);
      await store.delete(["order"], "y");
      clock.advance(1_000);
      await store.put(["order"], "y", { key: "y" });
      expect(keys(await store.search(["order"]))).toEqual(["x", "z", "y"]);
    });

    it("returns full items without a score when there is no query", async () => {
      const store = await h.store();
      await store.put(["s"], "k", { v: 1 });
      const [item] = await store.search(["s"]);
      expect(item!.value).toEqual({ v: 1 });
      expect(item!.namespace).toEqual(["s"]);
      expect(item!.createdAt).toBeInstanceOf(Date);
      expect(item!.score).toBeUndefined();
    });

    it("paginates with limit and offset (limit defaults to 10)", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      const all = Array.from({ length: 12 }, (_, i) => `k${String(i).padStart(2, "0")}`);
      for (const key of all) {
        clock.advance(10);
        await store.put(["page"], key, { key });
      }
      expect(keys(await store.search(["page"]))).toEqual(all.slice(0, 10));
      expect(keys(await store.search(["page"], { limit: 5 }))).toEqual(all.slice(0, 5));
      expect(keys(await store.search(["page"], { limit: 5, offset: 5 }))).toEqual(all.slice(5, 10));
      expect(keys(await store.search(["page"], { limit: 5, offset: 10 }))).toEqual(all.slice(10));
      expect(await store.search(["page"], { offset: 12 })).toEqual([]);
      expect(await store.search(["page"], { limit: 0 })).toEqual([]);
    });

    it("ignores a query when the store has no index", async () => {
      const store = await h.store();
      await store.put(["q"], "1", { text: "apples" });
      await store.put(["q"], "2", { text: "pears" });
      const found = await store.search(["q"], { query: "pears" });
      expect(keys(found)).toEqual(["1", "2"]);
      expect(found.every((item) => item.score === undefined)).toBe(true);
    });
  });
}
