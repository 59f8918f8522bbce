import { describe, expect, it } from "vitest";
import type { BenchLib } from "../libs/bench-lib.ts";
import { peer } from "../libs/peer.ts";
import { weft } from "../libs/weft.ts";
import type { Variant } from "../scenario.ts";
import { type StoreSearchOutput, storeSearch } from "./store-search.ts";
import { checkTopK, type ExpectedTop, kthScore } from "./top-k-check.ts";
import { saladMaker } from "./word-salad.ts";

function variant(id: string): Variant {
  const found = storeSearch.variants.find((v) => v.id === id);
  if (!found) throw new Error(`no store_search variant ${id}`);
  return found;
}

async function runOnce(lib: BenchLib, id: string): Promise<StoreSearchOutput> {
  const iterate = await storeSearch.prepare(lib, variant(id), storeSearch.smokeSizes);
  const { output } = await iterate();
  expect(storeSearch.check(output, storeSearch.smokeSizes)).toBeUndefined();
  return output as StoreSearchOutput;
}

describe("store_search", () => {
  it("finds the same top items on every Weft backend and on the peer (exact ranking)", async () => {
    const reference = await runOnce(peer, "memory");
    expect(reference.firstKeys).toHaveLength(10);
    expect(reference.filteredKeys).toHaveLength(10);
    for (const id of ["memory", "sqlite-vec", "sqlite-scan"]) {
      const output = await runOnce(weft, id);
      expect(output.firstKeys, id).toEqual(reference.firstKeys);
      expect(output.filteredKeys, id).toEqual(reference.filteredKeys);
    }
    // The filter keeps topic-0 items only (query 0, 4 topics at smoke size: every 4th item).
    for (const key of reference.filteredKeys) expect(Number(key.slice(5)) % 4).toBe(0);
  });
});

describe("checkTopK", () => {
  const scores = Float64Array.from([0.9, 0.8, 0.7, 0.6, 0.5]);
  const expected = (candidates: number[], limit: number): ExpectedTop => ({
    scores,
    candidates: new Set(candidates),
    limit,
    kth: kthScore(scores, candidates, limit),
  });

  it("accepts the exact top k, near-ties in either order", () => {
    expect(checkTopK([0, 1, 2], expected([0, 1, 2, 3, 4], 3))).toBeUndefined();
    const tied = { ...expected([0, 1, 2], 2), scores: Float64Array.from([0.8, 0.8 + 1e-7, 0]) };
    expect(checkTopK([0, 1], tied)).toBeUndefined();
  });

  it("rejects a missed item, a wrong order, a duplicate, a short list and a leaky filter", () => {
    const all = expected([0, 1, 2, 3, 4], 3);
    expect(checkTopK([0, 1, 3], all)).toMatch(/below the top 3/);
    expect(checkTopK([1, 0, 2], all)).toMatch(/ranks above/);
    expect(checkTopK([0, 0, 1], all)).toMatch(/twice/);
    expect(checkTopK([0, 1], all)).toMatch(/2 results, expected 3/);
    expect(checkTopK([0, 2], expected([2, 4], 2))).toMatch(/not a candidate/);
  });
});

describe("saladMaker", () => {
  it("makes the same texts from the same seed", () => {
    const a = saladMaker(7);
    const b = saladMaker(7);
    const texts = [a(12), a(12), a(4)];
    expect([b(12), b(12), b(4)]).toEqual(texts);
    expect(texts[0]!.split(" ")).toHaveLength(12);
    expect(saladMaker(8)(12)).not.toEqual(texts[0]);
  });
});
