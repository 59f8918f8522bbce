import { describe, expect, it } from "vitest";
import { TopK } from "./top-k.ts";
import { wasmKernelAvailable } from "./vector-buffer.ts";
import { VectorIndex, type VectorIndexOptions } from "./vector-index.ts";
import { cosineSimilarity } from "./vector-math.ts";

function random(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return (state >>> 0) / 0xffffffff - 0.5;
  };
}

it("has the WebAssembly SIMD kernel on this runtime (Node 22+)", () => {
  expect(wasmKernelAvailable()).toBe(true);
  expect(new VectorIndex(8).kernel).toBe("wasm");
  expect(new VectorIndex(8, 1, { kernel: "js" }).kernel).toBe("js");
});

describe.each<[string, VectorIndexOptions]>([
  ["wasm kernel", { kernel: "auto" }],
  ["js kernel", { kernel: "js" }],
])("VectorIndex (%s)", (_, options) => {
  const make = (dims: number, capacity?: number) => new VectorIndex(dims, capacity, options);

  it("scores by cosine similarity (vectors are normalized on insert)", () => {
    const index = make(3, 1);
    const a = index.add([3, 0, 4]);
    const b = index.add([0, 2, 0]);
    const zero = index.add([0, 0, 0]);
    const query = index.prepareQuery([6, 0, 8]);
    expect(index.score(a, query)).toBeCloseTo(1, 6);
    expect(index.score(b, query)).toBeCloseTo(0, 6);
    expect(index.score(zero, query)).toBe(0);
    expect(Array.from(index.read(a))).toEqual([expect.closeTo(0.6, 6), 0, expect.closeTo(0.8, 6)]);
  });

  it("grows its buffer and keeps earlier vectors intact", () => {
    const index = make(4, 1);
    const rand = random(7);
    const vectors = Array.from({ length: 100 }, () => [rand(), rand(), rand(), rand()]);
    const slots = vectors.map((v) => index.add(v));
    expect(index.size).toBe(100);
    expect(index.capacity).toBeGreaterThanOrEqual(100);
    vectors.forEach((v, i) => {
      expect(index.score(slots[i]!, index.prepareQuery(v))).toBeCloseTo(1, 5);
    });
  });

  it("reuses freed slots before growing", () => {
    const index = make(2, 2);
    const a = index.add([1, 0]);
    index.add([0, 1]);
    index.remove(a);
    expect(index.size).toBe(1);
    const c = index.add([1, 1]);
    expect(c).toBe(a);
    expect(index.capacity).toBe(2);
    const copy = index.duplicate(c);
    expect(Array.from(index.read(copy))).toEqual(Array.from(index.read(c)));
  });

  it("matches a float64 brute force on random data", () => {
    const dims = 16;
    const rand = random(42);
    const index = make(dims);
    const vectors = Array.from({ length: 200 }, () => Array.from({ length: dims }, rand));
    const slots = vectors.map((v) => index.add(v));
    const q = Array.from({ length: dims }, rand);
    const query = index.prepareQuery(q);
    vectors.forEach((v, i) => {
      expect(Math.abs(index.score(slots[i]!, query) - cosineSimilarity(q, v))).toBeLessThan(1e-5);
    });
  });

  it("scores many slots at once within approximationError of the exact score", () => {
    for (const dims of [1, 7, 16, 100, 384]) {
      const rand = random(dims);
      const index = make(dims, 4);
      const slots = Array.from({ length: 300 }, () =>
        index.add(Array.from({ length: dims }, rand)),
      );
      index.remove(slots[5]!);
      const query = index.prepareQuery(Array.from({ length: dims }, rand));
      const listed = Int32Array.from([...slots].reverse());
      const approx = index.scoreMany(query, listed, listed.length);
      expect(approx).toHaveLength(listed.length);
      listed.forEach((slot, i) => {
        const exact = index.score(slot, query);
        expect(Math.abs(approx[i]! - exact)).toBeLessThanOrEqual(index.approximationError);
      });
      expect(approx[listed.indexOf(slots[5]!)]).toBe(0);
      // Counts that are not a multiple of the kernel's group of four.
      for (const count of [1, 2, 3, 5, 299]) {
        const first = Array.from(approx.slice(0, count));
        expect(Array.from(index.scoreMany(query, listed, count))).toEqual(first);
      }
      expect(index.scoreMany(query, listed, 0)).toHaveLength(0);
    }
  });
});

describe("VectorIndex memory", () => {
  it("moves to the JavaScript loop when its WebAssembly memory may not grow further", () => {
    const dims = 384;
    const rand = random(11);
    const index = new VectorIndex(dims, 1, { maxWasmBytes: 4 * 65_536 });
    expect(index.kernel).toBe("wasm");
    const vectors = Array.from({ length: 300 }, () => Array.from({ length: dims }, rand));
    const slots = vectors.map((v) => index.add(v));
    expect(index.kernel).toBe("js");
    const query = index.prepareQuery(vectors[123]!);
    expect(index.score(slots[123]!, query)).toBeCloseTo(1, 6);
    const approx = index.scoreMany(query, Int32Array.from(slots), slots.length);
    vectors.forEach((vector, i) => {
      expect(approx[i]).toBeCloseTo(cosineSimilarity(vectors[123]!, vector), 5);
    });
  });
});

describe("TopK", () => {
  it("keeps the k best, best first, ties to the smaller order", () => {
    const rand = random(3);
    const scores = Array.from({ length: 500 }, () => Math.round(rand() * 20) / 20);
    const top = new TopK<number>(25);
    for (const [i, score] of scores.entries()) top.push(score, i, i);
    const expected = scores
      .map((score, i) => ({ score, i }))
      .sort((a, b) => b.score - a.score || a.i - b.i)
      .slice(0, 25);
    expect(top.drain().map((entry) => entry.value)).toEqual(expected.map((entry) => entry.i));
    expect(top.size).toBe(0);
  });

  it("handles k larger than the input and k = 0", () => {
    const top = new TopK<string>(10);
    top.push(0.5, 1, "b");
    top.push(0.9, 2, "a");
    expect(top.drain()).toEqual([
      { score: 0.9, value: "a" },
      { score: 0.5, value: "b" },
    ]);
    const none = new TopK<string>(0);
    none.push(1, 0, "x");
    expect(none.drain()).toEqual([]);
  });
});
