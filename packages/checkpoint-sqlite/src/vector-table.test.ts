import { HashingEmbeddings } from "@weft/store";
import { afterEach, describe, expect, it, vi } from "vitest";
import { SqliteStore } from "./store.ts";

// This file's module graph gets a sqlite-vec that cannot load, as on a platform
// without its binary.
vi.mock("sqlite-vec", () => ({
  load: () => {
    throw new Error("no binary for this platform");
  },
}));

afterEach(() => vi.restoreAllMocks());

describe("SqliteStore without sqlite-vec", () => {
  it("warns once, then answers vector searches by brute force", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const index = { embeddings: new HashingEmbeddings({ dims: 32 }), dims: 32 };
    const first = SqliteStore.fromConnString(":memory:", { index });
    const second = SqliteStore.fromConnString(":memory:", { index });
    await first.put(["docs"], "a", { text: "pizza" });
    await first.put(["docs"], "b", { text: "tea" });
    await second.setup();
    expect(first.vectorSearch).toBe("brute-force");
    expect(second.vectorSearch).toBe("brute-force");
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]![0])).toMatch(/sqlite-vec.*no binary.*brute-force/s);
    const [best] = await first.search(["docs"], { query: "pizza" });
    expect(best?.key).toBe("a");
    first.close();
    second.close();
  });
});
