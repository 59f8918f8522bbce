import { describe, expect, it } from "vitest";
import type { StoreHarness } from "../harness.ts";

/** batch(): mixed operations, result positions, snapshot reads, last-put-wins, atomicity. */
export function batchCases(h: StoreHarness): void {
  describe("batch", () => {
    it("runs mixed operations; reads see the store as it was before the batch's writes", async () => {
      const store = await h.store();
      await store.put(["b"], "old", { v: 0 });
      await store.put(["b"], "doomed", { v: -1 });
      const results = await store.batch([
        { namespace: ["b"], key: "new", value: { v: 1 } },
        { namespace: ["b"], key: "new" },
        { namespace: ["b"], key: "old" },
        { namespacePrefix: ["b"], limit: 10, offset: 0 },
        { namespace: ["b"], key: "doomed", value: null },
        { matchConditions: [], limit: 10, offset: 0 },
      ] as const);
      expect(results).toHaveLength(6);
      expect(results[0]).toBeUndefined();
      expect(results[1]).toBeNull();
      expect(results[2]!.value).toEqual({ v: 0 });
      expect(results[3].map((item) => item.key)).toEqual(["old", "doomed"]);
      expect(results[4]).toBeUndefined();
      expect(results[5]).toEqual([["b"]]);
      expect((await store.get(["b"], "new"))!.value).toEqual({ v: 1 });
      expect(await store.get(["b"], "doomed")).toBeNull();
    });

    it("applies several puts to one item in order: the last wins", async () => {
      const store = await h.store();
      await store.batch([
        { namespace: ["l"], key: "k", value: { v: 1 } },
        { namespace: ["l"], key: "k", value: { v: 2 } },
        { namespace: ["l"], key: "gone", value: { v: 1 } },
        { namespace: ["l"], key: "gone", value: null },
      ]);
      expect((await store.get(["l"], "k"))!.value).toEqual({ v: 2 });
      expect(await store.get(["l"], "gone")).toBeNull();
    });

    it("an empty batch returns an empty array", async () => {
      const store = await h.store();
      expect(await store.batch([])).toEqual([]);
    });

    it("a batch with one bad operation throws and applies none of them", async () => {
      const store = await h.store();
      await expect(
        store.batch([
          { namespace: ["ok"], key: "k", value: { v: 1 } },
          { namespace: ["bad.label"], key: "k", value: { v: 1 } },
        ]),
      ).rejects.toMatchObject({ code: "INVALID_INPUT" });
      expect(await store.get(["ok"], "k")).toBeNull();
    });
  });
}
