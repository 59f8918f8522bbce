import { describe, expect, it } from "vitest";
import { HashingEmbeddings } from "./hashing-embeddings.ts";
import { cosineSimilarity } from "./vector-math.ts";

describe("HashingEmbeddings", () => {
  const embeddings = new HashingEmbeddings();

  it("returns unit vectors of the configured length", async () => {
    const [v] = await embeddings.embedDocuments(["Hello world"]);
    expect(v).toHaveLength(384);
    expect(Math.hypot(...v!)).toBeCloseTo(1, 10);
    expect(await new HashingEmbeddings({ dims: 16 }).embedQuery("x")).toHaveLength(16);
  });

  it("is deterministic and matches embedQuery with embedDocuments", async () => {
    const [doc] = await embeddings.embedDocuments(["the same text"]);
    expect(await embeddings.embedQuery("the same text")).toEqual(doc);
    expect(new HashingEmbeddings().embed("the same text")).toEqual(doc);
  });

  it("ignores case and punctuation", () => {
    expect(embeddings.embed("Pizza, please!")).toEqual(embeddings.embed("pizza please"));
  });

  it("scores shared words and word pieces above unrelated text (lexical similarity)", () => {
    const pizza = embeddings.embed("I love pizza");
    expect(cosineSimilarity(pizza, embeddings.embed("pizza is what I love"))).toBeGreaterThan(0.6);
    const plural = cosineSimilarity(embeddings.embed("pizzas"), embeddings.embed("pizza"));
    const unrelated = cosineSimilarity(pizza, embeddings.embed("the plumber fixed a leak"));
    expect(plural).toBeGreaterThan(0.3);
    expect(plural).toBeGreaterThan(unrelated);
  });

  it("handles non-Latin scripts and empty text", () => {
    expect(Math.hypot(...embeddings.embed("日本語のテキスト"))).toBeCloseTo(1, 10);
    expect(embeddings.embed("").every((x) => x === 0)).toBe(true);
    expect(embeddings.embed("!!!").every((x) => x === 0)).toBe(true);
  });

  it("can hash whole words only", () => {
    const words = new HashingEmbeddings({ charNGrams: false });
    expect(cosineSimilarity(words.embed("pizza"), words.embed("pizzas"))).toBeLessThan(0.2);
  });

  it("rejects a bad dims", () => {
    expect(() => new HashingEmbeddings({ dims: 0 })).toThrow(/dims/);
  });
});
