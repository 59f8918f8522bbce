import { describe, expect, it } from "vitest";
import type { StoreHarness } from "../harness.ts";

/** Non-ASCII namespaces, keys, values and filters. */
export function unicodeCases(h: StoreHarness): void {
  describe("unicode", () => {
    it("round-trips non-ASCII namespaces, keys and values", async () => {
      const store = await h.store();
      const namespace = ["用户", "😀 émoji", "Ωμέγα"];
      const key = "ключ/🔑 with spaces & 'quotes'";
      const value = { text: "naïve café 日本語 🍕", "clé 🗝": { ünïcödé: ["ä", "𝄞"] } };
      await store.put(namespace, key, value);
      expect((await store.get(namespace, key))!.value).toEqual(value);
      expect((await store.search(["用户"])).map((item) => item.key)).toEqual([key]);
      expect(
        await store.search(["用户"], { filter: { text: "naïve café 日本語 🍕" } }),
      ).toHaveLength(1);
      expect(
        await store.search(["用户"], { filter: { "clé 🗝": { ünïcödé: ["ä", "𝄞"] } } }),
      ).toHaveLength(1);
      expect(await store.listNamespaces({ prefix: ["用户"] })).toEqual([namespace]);
      expect(await store.listNamespaces({ suffix: ["Ωμέγα"] })).toEqual([namespace]);
    });

    it("keeps keys that differ only in case or normalization apart", async () => {
      const store = await h.store();
      await store.put(["u"], "Key", { v: 1 });
      await store.put(["u"], "key", { v: 2 });
      await store.put(["u"], "caf\u00e9", { v: 3 });
      await store.put(["u"], "cafe\u0301", { v: 4 });
      expect((await store.get(["u"], "Key"))!.value).toEqual({ v: 1 });
      expect((await store.get(["u"], "key"))!.value).toEqual({ v: 2 });
      expect((await store.get(["u"], "caf\u00e9"))!.value).toEqual({ v: 3 });
      expect((await store.get(["u"], "cafe\u0301"))!.value).toEqual({ v: 4 });
    });
  });
}
