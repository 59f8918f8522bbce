import type { BaseStore } from "@weft/store";
import { describe, expect, it } from "vitest";
import type { StoreHarness } from "../harness.ts";

const NAMESPACES = [
  ["a"],
  ["a", "b"],
  ["a", "b", "c"],
  ["a", "c"],
  ["b", "c"],
  ["x", "y", "v1"],
  ["z", "v1"],
];

async function seed(h: StoreHarness): Promise<BaseStore> {
  const store = await h.store();
  for (const namespace of NAMESPACES.slice().reverse()) await store.put(namespace, "k", { v: 1 });
  return store;
}

/** listNamespaces: order, prefix, suffix, wildcards, maxDepth, pagination. */
export function namespaceCases(h: StoreHarness): void {
  describe("listNamespaces", () => {
    it("lists every namespace holding items, sorted label by label", async () => {
      const store = await seed(h);
      expect(await store.listNamespaces()).toEqual(NAMESPACES);
    });

    it("filters by prefix and by suffix, with * matching one label", async () => {
      const store = await seed(h);
      expect(await store.listNamespaces({ prefix: ["a"] })).toEqual([
        ["a"],
        ["a", "b"],
        ["a", "b", "c"],
        ["a", "c"],
      ]);
      expect(await store.listNamespaces({ prefix: ["a", "b"] })).toEqual([
        ["a", "b"],
        ["a", "b", "c"],
      ]);
      expect(await store.listNamespaces({ suffix: ["c"] })).toEqual([
        ["a", "b", "c"],
        ["a", "c"],
        ["b", "c"],
      ]);
      expect(await store.listNamespaces({ suffix: ["v1"] })).toEqual([
        ["x", "y", "v1"],
        ["z", "v1"],
      ]);
      expect(await store.listNamespaces({ prefix: ["*", "c"] })).toEqual([
        ["a", "c"],
        ["b", "c"],
      ]);
      expect(await store.listNamespaces({ suffix: ["*", "v1"] })).toEqual([
        ["x", "y", "v1"],
        ["z", "v1"],
      ]);
      expect(await store.listNamespaces({ prefix: ["a"], suffix: ["c"] })).toEqual([
        ["a", "b", "c"],
        ["a", "c"],
      ]);
      expect(await store.listNamespaces({ prefix: ["nope"] })).toEqual([]);
    });

    it("truncates to maxDepth and de-duplicates", async () => {
      const store = await seed(h);
      expect(await store.listNamespaces({ maxDepth: 1 })).toEqual([["a"], ["b"], ["x"], ["z"]]);
      expect(await store.listNamespaces({ prefix: ["a"], maxDepth: 2 })).toEqual([
        ["a"],
        ["a", "b"],
        ["a", "c"],
      ]);
    });

    it("paginates with limit and offset", async () => {
      const store = await seed(h);
      expect(await store.listNamespaces({ limit: 2 })).toEqual(NAMESPACES.slice(0, 2));
      expect(await store.listNamespaces({ limit: 3, offset: 2 })).toEqual(NAMESPACES.slice(2, 5));
      expect(await store.listNamespaces({ offset: 7 })).toEqual([]);
    });

    it("returns at most 100 namespaces by default", async () => {
      const store = await h.store();
      await store.batch(
        Array.from({ length: 105 }, (_, i) => ({
          namespace: ["many", String(i).padStart(3, "0")],
          key: "k",
          value: { i },
        })),
      );
      const listed = await store.listNamespaces({ prefix: ["many"] });
      expect(listed).toHaveLength(100);
      expect(listed[0]).toEqual(["many", "000"]);
      expect(listed[99]).toEqual(["many", "099"]);
    });

    it("drops a namespace once its last item is deleted", async () => {
      const store = await h.store();
      await store.put(["gone"], "1", { v: 1 });
      await store.put(["gone"], "2", { v: 1 });
      await store.put(["kept"], "1", { v: 1 });
      await store.delete(["gone"], "1");
      expect(await store.listNamespaces()).toEqual([["gone"], ["kept"]]);
      await store.delete(["gone"], "2");
      expect(await store.listNamespaces()).toEqual([["kept"]]);
    });
  });
}
