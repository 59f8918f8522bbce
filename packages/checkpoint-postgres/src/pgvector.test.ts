import { HashingEmbeddings } from "@weft/store";
import { describe, expect, it } from "vitest";
import { hasIterativeScan, storeVectorIndexSql } from "./pgvector.ts";
import { resolveVectorSettings } from "./store-options.ts";
import { toRealArray } from "./store-writes.ts";

const embeddings = new HashingEmbeddings({ dims: 8 });

describe("storeVectorIndexSql", () => {
  it("builds the HNSW index over the real[] cast, every name quoted", () => {
    expect(storeVectorIndexSql('we"ird', { dims: 8, extensionSchema: "ext" })).toBe(
      'CREATE INDEX IF NOT EXISTS "weft_store_vectors_hnsw_ip_8" ON "we""ird"."weft_store_vectors" ' +
        'USING hnsw ((embedding::"ext".vector(8)) "ext".vector_ip_ops) WITH (m = 16, ef_construction = 64)',
    );
    expect(
      storeVectorIndexSql("app", {
        dims: 3,
        distanceMetric: "l2",
        hnsw: { m: 8, efConstruction: 32 },
      }),
    ).toContain(
      '"weft_store_vectors_hnsw_l2_3" ON "app"."weft_store_vectors" USING hnsw ((embedding::"public".vector(3)) "public".vector_l2_ops) WITH (m = 8, ef_construction = 32)',
    );
  });

  it("refuses dims an HNSW index cannot hold", () => {
    for (const dims of [0, 2001, 1.5]) {
      expect(() => storeVectorIndexSql("app", { dims })).toThrow(
        expect.objectContaining({ code: "INVALID_CONFIG" }),
      );
    }
  });
});

describe("resolveVectorSettings", () => {
  it("defaults to cosine and pgvector's usual HNSW parameters", () => {
    expect(resolveVectorSettings({ embeddings, dims: 8 })).toEqual({
      metric: "cosine",
      hnsw: { m: 16, efConstruction: 64, efSearch: 40 },
    });
  });

  it("refuses an unknown metric and out-of-range HNSW numbers", () => {
    const bad = [
      { distanceMetric: "hamming" as never },
      { hnsw: { m: 1 } },
      { hnsw: { efSearch: 1001 } },
      { hnsw: { m: 32, efConstruction: 40 } },
    ];
    for (const options of bad) {
      expect(() => resolveVectorSettings({ embeddings, dims: 8, ...options })).toThrow(
        expect.objectContaining({ code: "INVALID_CONFIG" }),
      );
    }
  });
});

describe("vector helpers", () => {
  it("normalizes cosine vectors (zero stays zero) and keeps others as given", () => {
    expect(toRealArray([3, 4], "cosine")).toBe("{0.6000000000000001,0.8}");
    expect(toRealArray([0, 0], "cosine")).toBe("{0,0}");
    expect(toRealArray([3, 4], "l2")).toBe("{3,4}");
  });

  it("knows which pgvector versions scan iteratively", () => {
    expect(hasIterativeScan("0.8.0")).toBe(true);
    expect(hasIterativeScan("0.7.4")).toBe(false);
    expect(hasIterativeScan("1.0.0")).toBe(true);
  });
});
