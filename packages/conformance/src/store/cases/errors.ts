import type { BaseStore } from "@weft/store";
import { describe, expect, it } from "vitest";
import type { StoreHarness } from "../harness.ts";

async function expectInvalid(promise: Promise<unknown>, mentions: RegExp): Promise<void> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, "expected the call to reject").toBeInstanceOf(Error);
  expect(error).toMatchObject({ code: "INVALID_INPUT" });
  expect((error as Error).message).toMatch(mentions);
}

/** Bad input gives a typed `INVALID_INPUT` error that names the problem, and writes nothing. */
export function errorCases(h: StoreHarness): void {
  describe("bad input", () => {
    it("rejects malformed namespaces", async () => {
      const store: BaseStore = await h.store();
      await expectInvalid(store.put([], "k", { v: 1 }), /empty/i);
      await expectInvalid(store.put(["a.b"], "k", { v: 1 }), /"\."/);
      await expectInvalid(store.put(["a", ""], "k", { v: 1 }), /empty label/i);
      await expectInvalid(store.put(["a", 7 as unknown as string], "k", { v: 1 }), /string/i);
      await expectInvalid(store.put("a" as unknown as string[], "k", { v: 1 }), /array/i);
      await expectInvalid(store.put(["langgraph", "x"], "k", { v: 1 }), /reserved/i);
      await expectInvalid(store.get(["a.b"], "k"), /"\."/);
      await expectInvalid(store.search(["a.b"]), /"\."/);
      expect(await store.listNamespaces()).toEqual([]);
    });

    it("rejects bad keys and values", async () => {
      const store = await h.store();
      await expectInvalid(store.put(["a"], "", { v: 1 }), /key/i);
      await expectInvalid(store.put(["a"], 5 as unknown as string, { v: 1 }), /key/i);
      await expectInvalid(
        store.put(["a"], "k", [1, 2] as unknown as Record<string, unknown>),
        /array/i,
      );
      await expectInvalid(
        store.put(["a"], "k", "text" as unknown as Record<string, unknown>),
        /object/i,
      );
      expect(await store.listNamespaces()).toEqual([]);
    });

    it("rejects bad search and list options", async () => {
      const store = await h.store();
      await expectInvalid(store.search(["a"], { limit: -1 }), /limit/);
      await expectInvalid(store.search(["a"], { offset: 1.5 }), /offset/);
      await expectInvalid(
        store.search(["a"], { filter: [] as unknown as Record<string, unknown> }),
        /filter/,
      );
      await expectInvalid(store.listNamespaces({ maxDepth: 0 }), /maxDepth/);
      await expectInvalid(store.listNamespaces({ limit: -5 }), /limit/);
    });

    it("rejects a non-positive ttl", async () => {
      const store = await h.store();
      await expectInvalid(store.put(["a"], "k", { v: 1 }, { ttl: 0 }), /ttl/);
      await expectInvalid(store.put(["a"], "k", { v: 1 }, { ttl: -3 }), /ttl/);
      expect(await store.get(["a"], "k")).toBeNull();
    });
  });
}
