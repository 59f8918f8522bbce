import { describe, expect, it } from "vitest";
import { VectorIndex } from "./vector-index.ts";
import { cosineSimilarity } from "./vector-math.ts";
import { VectorSearch } from "./vector-search.ts";

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0xffffffff - 0.5;
  };
}

interface Doc {
  id: number;
  vectors: number[][];
}

/**
 * Documents with one to three vectors each, many exact duplicates (exact ties) and many
 * near-duplicates a few float32 steps apart (where float32 and float64 sums disagree).
 */
function corpus(dims: number, count: number, seed: number): { docs: Doc[]; query: number[] } {
  const rand = random(seed);
  const base = Array.from({ length: dims }, rand);
  const docs: Doc[] = [];
  for (let id = 0; id < count; id++) {
    const vectors: number[][] = [];
    for (let v = 0; v <= id % 3; v++) {
      if (id % 5 === 0) vectors.push([...base]);
      else if (id % 5 === 1) vectors.push(base.map((x) => x * (1 + (rand() > 0 ? 1e-7 : -1e-7))));
      else vectors.push(Array.from({ length: dims }, rand));
    }
    docs.push({ id, vectors });
  }
  return { docs, query: base.map((x, i) => x + (i % 7 === 0 ? 0.01 : 0)) };
}

/** The float64 reference over the index's own stored vectors: best vector, ties to smaller id. */
function reference(index: VectorIndex, slots: number[][], query: Float32Array, k: number) {
  return slots
    .map((own, id) => ({ id, score: Math.max(...own.map((slot) => index.score(slot, query))) }))
    .sort((a, b) => b.score - a.score || a.id - b.id)
    .slice(0, k);
}

describe.each(["auto", "js"] as const)("VectorSearch (%s kernel)", (kernel) => {
  it("ranks exactly like a float64 scan, ties and near-ties included", () => {
    for (const dims of [3, 32, 384]) {
      const { docs, query } = corpus(dims, 600, dims);
      const index = new VectorIndex(dims, 8, { kernel });
      const slots = docs.map((doc) => doc.vectors.map((v) => index.add(v)));
      for (const k of [1, 10, 57, 600, 1000]) {
        const search = new VectorSearch<Doc>(index, query);
        docs.forEach((doc, i) => {
          for (const slot of slots[i]!) search.add(doc, doc.id, slot);
        });
        expect(search.size).toBe(docs.length);
        const found = search.top(k).map(({ score, value }) => ({ id: value.id, score }));
        expect(found).toEqual(reference(index, slots, index.prepareQuery(query), k));
      }
    }
  });

  it("scores each candidate as its best vector, by cosine similarity", () => {
    const index = new VectorIndex(2, 4, { kernel });
    const search = new VectorSearch<string>(index, [1, 0]);
    search.add("a", 0, index.add([0, 1]));
    search.add("a", 0, index.add([3, 4]));
    search.add("b", 1, index.add([-1, 0]));
    const top = search.top(5);
    expect(top.map((entry) => entry.value)).toEqual(["a", "b"]);
    expect(top[0]!.score).toBeCloseTo(cosineSimilarity([1, 0], [3, 4]), 6);
    expect(top[1]!.score).toBeCloseTo(-1, 6);
  });

  it("looks further down the ranking with a larger k, scoring once", () => {
    const { docs, query } = corpus(16, 200, 5);
    const index = new VectorIndex(16, 8, { kernel });
    const search = new VectorSearch<number>(index, query);
    for (const doc of docs) for (const v of doc.vectors) search.add(doc.id, doc.id, index.add(v));
    const ten = search.top(10);
    const forty = search.top(40);
    expect(forty.slice(0, 10)).toEqual(ten);
    expect(search.top(0)).toEqual([]);
  });

  it("returns nothing without candidates", () => {
    const index = new VectorIndex(4, 1, { kernel });
    index.add([1, 2, 3, 4]);
    expect(new VectorSearch<number>(index, [1, 0, 0, 0]).top(3)).toEqual([]);
  });
});
