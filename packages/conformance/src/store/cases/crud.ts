import { describe, expect, it } from "vitest";
import { ManualClock } from "../fakes.ts";
import type { StoreHarness } from "../harness.ts";

/** put / get / delete, timestamps, isolation of namespaces and of returned values. */
export function crudCases(h: StoreHarness): void {
  describe("CRUD", () => {
    it("round-trips an item with its namespace, key and timestamps from the store's clock", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      await store.put(["users", "42"], "prefs", { theme: "dark", size: 3 });
      const item = await store.get(["users", "42"], "prefs");
      expect(item).not.toBeNull();
      expect(item!.value).toEqual({ theme: "dark", size: 3 });
      expect(item!.key).toBe("prefs");
      expect(item!.namespace).toEqual(["users", "42"]);
      expect(item!.createdAt).toBeInstanceOf(Date);
      expect(item!.createdAt.getTime()).toBe(clock.ms);
      expect(item!.updatedAt.getTime()).toBe(clock.ms);
    });

    it("returns null for a missing key and keeps namespaces apart", async () => {
      const store = await h.store();
      await store.put(["a"], "k", { at: "a" });
      await store.put(["a", "b"], "k", { at: "a.b" });
      expect(await store.get(["a"], "missing")).toBeNull();
      expect(await store.get(["b"], "k")).toBeNull();
      expect((await store.get(["a"], "k"))!.value).toEqual({ at: "a" });
      expect((await store.get(["a", "b"], "k"))!.value).toEqual({ at: "a.b" });
    });

    it("replaces the whole value on update, keeps createdAt and moves updatedAt", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      await store.put(["docs"], "d", { a: 1, b: 2 });
      const created = clock.ms;
      clock.advance(5_000);
      await store.put(["docs"], "d", { c: 3 });
      const item = await store.get(["docs"], "d");
      expect(item!.value).toEqual({ c: 3 });
      expect(item!.createdAt.getTime()).toBe(created);
      expect(item!.updatedAt.getTime()).toBe(created + 5_000);
    });

    it("deletes an item; deleting a missing item is fine; a re-put starts a new createdAt", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      await store.put(["docs"], "d", { v: 1 });
      await store.delete(["docs"], "d");
      expect(await store.get(["docs"], "d")).toBeNull();
      await store.delete(["docs"], "d");
      await store.delete(["never"], "there");
      clock.advance(1_000);
      await store.put(["docs"], "d", { v: 2 });
      const item = await store.get(["docs"], "d");
      expect(item!.value).toEqual({ v: 2 });
      expect(item!.createdAt.getTime()).toBe(clock.ms);
    });

    it("round-trips nested JSON data exactly", async () => {
      const store = await h.store();
      const value = {
        text: "hello",
        n: 1.5,
        negative: -7,
        big: 2 ** 52,
        yes: true,
        no: false,
        nothing: null,
        list: [1, "two", { three: [3] }, null],
        nested: { deep: { deeper: { deepest: "x" } } },
        empty: {},
        emptyList: [],
      };
      await store.put(["json"], "k", value);
      expect((await store.get(["json"], "k"))!.value).toEqual(value);
    });

    it("is not changed by mutating a value passed in or read out", async () => {
      const store = await h.store();
      const value = { list: [1, 2], nested: { x: 1 } };
      await store.put(["iso"], "k", value);
      value.list.push(3);
      value.nested.x = 99;
      const first = await store.get(["iso"], "k");
      expect(first!.value).toEqual({ list: [1, 2], nested: { x: 1 } });
      first!.value.nested.x = 42;
      first!.namespace.push("oops");
      const second = await store.get(["iso"], "k");
      expect(second!.value).toEqual({ list: [1, 2], nested: { x: 1 } });
      expect(second!.namespace).toEqual(["iso"]);
    });
  });
}
