import { describe, expect, it } from "vitest";
import { ManualClock } from "../fakes.ts";
import type { StoreHarness } from "../harness.ts";

/** Expiry through the injected clock: visibility, defaults, refresh on read, sweeping. */
export function ttlCases(h: StoreHarness): void {
  describe("TTL", () => {
    it("hides an item from get, search and listNamespaces once its ttl has passed", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      await store.put(["t"], "short", { v: 1 }, { ttl: 10 });
      await store.put(["t"], "forever", { v: 2 });
      await store.put(["only-short"], "k", { v: 3 }, { ttl: 10 });
      clock.advance(10 * 60_000 - 1);
      expect(await store.get(["t"], "short", { refreshTtl: false })).not.toBeNull();
      clock.advance(1);
      expect(await store.get(["t"], "short")).toBeNull();
      expect((await store.search(["t"])).map((item) => item.key)).toEqual(["forever"]);
      expect(await store.listNamespaces()).toEqual([["t"]]);
      expect(await store.get(["t"], "forever")).not.toBeNull();
    });

    it("applies ttl.defaultTtl; ttl: null on a put means never", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now, ttl: { defaultTtl: 5 } });
      await store.put(["d"], "default", { v: 1 });
      await store.put(["d"], "never", { v: 1 }, { ttl: null });
      await store.put(["d"], "longer", { v: 1 }, { ttl: 60 });
      clock.advanceMinutes(5);
      expect(await store.get(["d"], "default")).toBeNull();
      expect(await store.get(["d"], "never")).not.toBeNull();
      expect(await store.get(["d"], "longer")).not.toBeNull();
      clock.advanceMinutes(1_000_000);
      expect(await store.get(["d"], "never")).not.toBeNull();
    });

    it("refreshes the ttl on get and search by default (refreshOnRead: true)", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      await store.put(["r"], "got", { v: 1 }, { ttl: 10 });
      await store.put(["r"], "found", { v: 1 }, { ttl: 10 });
      await store.put(["r"], "ignored", { v: 2 }, { ttl: 10 });
      clock.advanceMinutes(8);
      expect(await store.get(["r"], "got")).not.toBeNull();
      expect((await store.search(["r"], { filter: { v: 1 } })).length).toBe(2);
      clock.advanceMinutes(8);
      expect(await store.get(["r"], "ignored", { refreshTtl: false })).toBeNull();
      expect(await store.get(["r"], "got", { refreshTtl: false })).not.toBeNull();
      expect(await store.get(["r"], "found", { refreshTtl: false })).not.toBeNull();
    });

    it("a search refreshes only the items it returns", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      await store.put(["p"], "first", { v: 1 }, { ttl: 10 });
      clock.advance(1);
      await store.put(["p"], "second", { v: 1 }, { ttl: 10 });
      clock.advanceMinutes(8);
      expect((await store.search(["p"], { limit: 1 })).map((item) => item.key)).toEqual(["first"]);
      clock.advanceMinutes(8);
      expect(await store.get(["p"], "first", { refreshTtl: false })).not.toBeNull();
      expect(await store.get(["p"], "second")).toBeNull();
    });

    it("does not refresh with refreshTtl: false, nor when refreshOnRead is false", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now, ttl: { refreshOnRead: false } });
      await store.put(["r"], "a", { v: 1 }, { ttl: 10 });
      await store.put(["r"], "b", { v: 1 }, { ttl: 10 });
      clock.advanceMinutes(8);
      expect(await store.get(["r"], "a")).not.toBeNull();
      expect(await store.search(["r"], { refreshTtl: false })).toHaveLength(2);
      expect(await store.get(["r"], "b", { refreshTtl: true })).not.toBeNull();
      clock.advanceMinutes(8);
      expect(await store.get(["r"], "a")).toBeNull();
      expect(await store.get(["r"], "b")).not.toBeNull();
    });

    it("an update restarts the ttl; a put over an expired item creates it afresh", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      await store.put(["u"], "k", { v: 1 }, { ttl: 10 });
      clock.advanceMinutes(8);
      await store.put(["u"], "k", { v: 2 }, { ttl: 10 });
      clock.advanceMinutes(8);
      expect((await store.get(["u"], "k", { refreshTtl: false }))!.value).toEqual({ v: 2 });
      clock.advanceMinutes(8);
      expect(await store.get(["u"], "k")).toBeNull();
      await store.put(["u"], "k", { v: 3 });
      const item = await store.get(["u"], "k");
      expect(item!.value).toEqual({ v: 3 });
      expect(item!.createdAt.getTime()).toBe(clock.ms);
    });

    it("sweepTtl() deletes exactly the expired items and says how many", async () => {
      const clock = new ManualClock();
      const store = await h.store({ now: clock.now });
      await store.put(["s"], "a", { v: 1 }, { ttl: 1 });
      await store.put(["s"], "b", { v: 1 }, { ttl: 1 });
      await store.put(["s"], "c", { v: 1 }, { ttl: 100 });
      await store.put(["s"], "d", { v: 1 });
      clock.advanceMinutes(2);
      expect(await store.sweepTtl()).toBe(2);
      expect(await store.sweepTtl()).toBe(0);
      expect((await store.search(["s"])).map((item) => item.key)).toEqual(["c", "d"]);
    });
  });
}
