import type { BaseStore } from "@weft/store";
import { describe, expect, it } from "vitest";
import type { StoreHarness } from "../harness.ts";

const PEOPLE: Record<string, Record<string, unknown>> = {
  ann: { name: "Ann", age: 31, role: "admin", tags: ["a", "b"], profile: { city: "Oslo", zip: 1 } },
  bob: { name: "Bob", age: 25, role: "user", tags: ["b"], profile: { city: "Rome", zip: 2 } },
  cy: { name: "Cy", age: 40, role: "user", profile: { city: "Oslo", zip: 3 } },
  dee: { name: "Dee", age: "unknown", role: "guest", tags: [] },
};

async function seed(h: StoreHarness): Promise<BaseStore> {
  const store = await h.store();
  for (const [key, value] of Object.entries(PEOPLE)) await store.put(["people"], key, value);
  await store.put(["other"], "ann", { name: "Ann", age: 31, role: "admin" });
  return store;
}

async function matching(store: BaseStore, filter: Record<string, unknown>): Promise<string[]> {
  const items = await store.search(["people"], { filter });
  return items.map((item) => item.key).sort();
}

/** Equality, each comparison operator, nested paths, and combinations. */
export function filterCases(h: StoreHarness): void {
  describe("filters", () => {
    it("plain values mean equality, on top-level and dotted nested paths", async () => {
      const store = await seed(h);
      expect(await matching(store, { role: "user" })).toEqual(["bob", "cy"]);
      expect(await matching(store, { "profile.city": "Oslo" })).toEqual(["ann", "cy"]);
      expect(await matching(store, { "profile.city": "Paris" })).toEqual([]);
      expect(await matching(store, { tags: ["b"] })).toEqual(["bob"]);
      expect(await matching(store, { missing: "x" })).toEqual([]);
    });

    it("a nested object without operators matches the fields it names", async () => {
      const store = await seed(h);
      expect(await matching(store, { profile: { city: "Oslo" } })).toEqual(["ann", "cy"]);
      expect(await matching(store, { profile: { city: "Oslo", zip: 3 } })).toEqual(["cy"]);
    });

    it("$eq and $ne ($ne also holds for a missing field)", async () => {
      const store = await seed(h);
      expect(await matching(store, { role: { $eq: "admin" } })).toEqual(["ann"]);
      expect(await matching(store, { role: { $ne: "user" } })).toEqual(["ann", "dee"]);
      expect(await matching(store, { tags: { $ne: ["b"] } })).toEqual(["ann", "cy", "dee"]);
    });

    it("$gt $gte $lt $lte on numbers skip values of another type", async () => {
      const store = await seed(h);
      expect(await matching(store, { age: { $gt: 30 } })).toEqual(["ann", "cy"]);
      expect(await matching(store, { age: { $gte: 31 } })).toEqual(["ann", "cy"]);
      expect(await matching(store, { age: { $lt: 31 } })).toEqual(["bob"]);
      expect(await matching(store, { age: { $lte: 31 } })).toEqual(["ann", "bob"]);
      expect(await matching(store, { age: { $gt: 25, $lt: 40 } })).toEqual(["ann"]);
      expect(await matching(store, { "profile.zip": { $gte: 2 } })).toEqual(["bob", "cy"]);
    });

    it("$gt $gte $lt $lte compare strings with strings", async () => {
      const store = await seed(h);
      expect(await matching(store, { name: { $gt: "Bob" } })).toEqual(["cy", "dee"]);
      expect(await matching(store, { name: { $lte: "Bob" } })).toEqual(["ann", "bob"]);
    });

    it("$in and $nin test membership", async () => {
      const store = await seed(h);
      expect(await matching(store, { role: { $in: ["admin", "guest"] } })).toEqual(["ann", "dee"]);
      expect(await matching(store, { role: { $nin: ["admin", "guest"] } })).toEqual(["bob", "cy"]);
    });

    it("all conditions must hold, and the namespace prefix still applies", async () => {
      const store = await seed(h);
      expect(await matching(store, { role: "user", "profile.city": "Oslo" })).toEqual(["cy"]);
      expect(await matching(store, { role: "admin", age: { $lt: 30 } })).toEqual([]);
      const everywhere = await store.search([], { filter: { name: "Ann" } });
      expect(everywhere.map((item) => item.namespace[0]).sort()).toEqual(["other", "people"]);
    });

    it("filters before paginating", async () => {
      const store = await h.store();
      for (let i = 0; i < 20; i++) await store.put(["n"], `k${i}`, { even: i % 2 === 0, i });
      const page = await store.search(["n"], { filter: { even: true }, limit: 3, offset: 2 });
      expect(page.map((item) => item.value.i)).toEqual([4, 6, 8]);
    });
  });
}
