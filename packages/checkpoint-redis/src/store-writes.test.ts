import { HashingEmbeddings, resolveIndexConfig, resolveTtlConfig } from "@weft/store";
import { describe, expect, it } from "vitest";
import { toBlob } from "./store-vectors.ts";
import { missingTexts, preparePut, storedVectors, writeArguments } from "./store-writes.ts";

const index = resolveIndexConfig({
  embeddings: new HashingEmbeddings({ dims: 4 }),
  dims: 4,
  fields: ["title", "tags[*]"],
});

describe("store writes", () => {
  it("list the texts to embed per field, or none for index: false and deletes", () => {
    const put = preparePut(
      { namespace: ["a", "b"], key: "k", value: { title: "T", tags: ["x", "y"] } },
      index,
    );
    expect(put.id).toBe('["a","b","k"]');
    expect(put.entries).toEqual([
      { field: "title", text: "T" },
      { field: "tags[*].0", text: "x" },
      { field: "tags[*].1", text: "y" },
    ]);
    const plain = preparePut(
      { namespace: ["a"], key: "k", value: { title: "T" }, index: false },
      index,
    );
    expect(plain.entries).toEqual([]);
    expect(preparePut({ namespace: ["a"], key: "k", value: null }, index).json).toBeNull();
  });

  it("refuse a value JSON cannot hold, with INVALID_INPUT", () => {
    expect(() => preparePut({ namespace: ["a"], key: "k", value: { n: 1n } }, index)).toThrow(
      expect.objectContaining({ code: "INVALID_INPUT" }),
    );
  });

  it("embed only texts without a stored vector, and send every entry with its vector", () => {
    const puts = [
      preparePut({ namespace: ["a"], key: "k", value: { title: "old", tags: ["new"] } }, index),
      preparePut({ namespace: ["a"], key: "gone", value: null }, index),
    ];
    const oldBlob = toBlob([1, 0, 0, 0]);
    const stored = storedVectors([
      {
        id: '["a","k"]',
        namespace: ["a"],
        key: "k",
        json: "{}",
        createdAt: 0,
        updatedAt: 0,
        seq: 1,
        ttl: null,
        expiresAt: null,
        vectorCount: 1,
        texts: ["old"],
        embeddings: [oldBlob],
      },
      null,
    ]);
    expect(missingTexts(puts, stored)).toEqual(["new"]);
    const args = writeArguments(
      puts,
      resolveTtlConfig({ defaultTtl: 2 }),
      stored,
      new Map([["new", [0, 2, 0, 0]]]),
      1_000,
    );
    expect(args).toEqual([
      "put",
      '["a","k"]',
      "a",
      "k",
      '{"title":"old","tags":["new"]}',
      "2",
      String(1_000 + 2 * 60_000),
      "2",
      "title",
      "old",
      oldBlob,
      "tags[*]",
      "new",
      toBlob([0, 1, 0, 0]),
      "del",
      '["a","gone"]',
    ]);
  });
});
