import { cosineSimilarity } from "@weft/store";
import { describe, expect, it } from "vitest";
import { blobToFloats, dotBlob, prepareQuery, toBlob } from "./store-vectors.ts";

describe("stored vectors", () => {
  it("are unit-length float32 little-endian bytes, as RediSearch's FLOAT32 fields read", () => {
    const blob = toBlob([3, 4]);
    expect(blob).toHaveLength(8);
    expect(blob.readFloatLE(0)).toBeCloseTo(0.6, 7);
    expect(blob.readFloatLE(4)).toBeCloseTo(0.8, 7);
    expect(Array.from(blobToFloats(blob, 2))).toEqual([blob.readFloatLE(0), blob.readFloatLE(4)]);
    expect(Array.from(blobToFloats(toBlob([0, 0, 0]), 3))).toEqual([0, 0, 0]);
  });

  it("score as the cosine similarity of the original vectors", () => {
    const a = [0.3, -1.2, 4, 0.01, 2];
    const b = [-2, 0.5, 1, 1, -0.25];
    const score = dotBlob(prepareQuery(b), toBlob(a));
    expect(Math.abs(score - cosineSimilarity(a, b))).toBeLessThan(1e-6);
    expect(dotBlob(prepareQuery(b), toBlob([0, 0, 0, 0, 0]))).toBe(0);
  });

  it("of another length are refused with INVALID_CONFIG", () => {
    expect(() => dotBlob(prepareQuery([1, 2, 3]), toBlob([1, 2]))).toThrow(
      expect.objectContaining({ code: "INVALID_CONFIG" }),
    );
    expect(() => blobToFloats(toBlob([1, 2]), 3)).toThrow(/2 dimensions but index.dims is 3/);
  });
});
