import { afterEach, describe, expect, it, vi } from "vitest";
import * as withWasm from "./index.ts";

// A runtime without WebAssembly (or with it blocked): modules are loaded afresh after the
// global is removed, so that the kernel's detection runs again.
afterEach(() => {
  vi.unstubAllGlobals();
  vi.resetModules();
});

const WORDS = ["pizza", "cheese", "tea", "green", "slice", "bread", "soup", "rice"];

/** Fills a store with 300 small texts and runs a few searches. */
async function rankings(store: typeof withWasm) {
  const memory = new store.InMemoryStore({
    index: { embeddings: new store.HashingEmbeddings({ dims: 64 }), dims: 64, fields: ["text"] },
  });
  await memory.batch(
    Array.from({ length: 300 }, (_, i) => ({
      namespace: ["docs", `g${i % 3}`],
      key: `k${i}`,
      value: { text: `${WORDS[i % 8]} ${WORDS[(i * 3) % 8]} ${WORDS[(i * 5 + 1) % 8]}`, i },
    })),
  );
  const out = [];
  for (const query of ["pizza cheese", "green tea", "hot soup with rice"]) {
    const found = await memory.search(["docs"], { query, limit: 15 });
    out.push(found.map((item) => [item.key, item.score]));
  }
  return out;
}

describe("without WebAssembly", () => {
  it("scores with the JavaScript loop and returns the same rankings", async () => {
    expect(withWasm.wasmKernelAvailable()).toBe(true);
    const expected = await rankings(withWasm);
    vi.stubGlobal("WebAssembly", undefined);
    vi.resetModules();
    const withoutWasm = (await import("./index.ts")) as typeof withWasm;
    expect(withoutWasm.wasmKernelAvailable()).toBe(false);
    expect(new withoutWasm.VectorIndex(8).kernel).toBe("js");
    expect(await rankings(withoutWasm)).toEqual(expected);
  });
});
