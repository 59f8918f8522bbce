import { WeftError } from "@weft/checkpoint";
import type { Embeddings, EmbedFunction, IndexConfig } from "./types.ts";
import { StoreInputError } from "./validate.ts";

/** Wraps a plain embedding function as an {@link Embeddings} object; objects pass through. */
export function toEmbeddings(embeddings: Embeddings | EmbedFunction): Embeddings {
  if (typeof embeddings !== "function") return embeddings;
  return {
    embedDocuments: (texts) => embeddings(texts),
    embedQuery: async (text) => {
      const [vector] = await embeddings([text]);
      if (!vector)
        throw new WeftError("INVALID_CONFIG", "The embedding function returned no vector.");
      return vector;
    },
  };
}

/** An index config with its embeddings normalized and its options checked. */
export interface ResolvedIndexConfig extends IndexConfig {
  embeddings: Embeddings;
  fields: string[];
}

/**
 * Checks an `index` option and normalizes it (function → `Embeddings`, default
 * `fields`). Throws `INVALID_CONFIG` for a bad `dims` or missing `embeddings`.
 */
export function resolveIndexConfig(index: IndexConfig): ResolvedIndexConfig {
  if (!Number.isInteger(index.dims) || index.dims <= 0) {
    throw new WeftError("INVALID_CONFIG", '"index.dims" must be a positive integer.', {
      details: { dims: index.dims },
    });
  }
  const ok =
    typeof index.embeddings === "function" ||
    (typeof index.embeddings === "object" &&
      index.embeddings !== null &&
      typeof index.embeddings.embedDocuments === "function" &&
      typeof index.embeddings.embedQuery === "function");
  if (!ok) {
    throw new WeftError(
      "INVALID_CONFIG",
      '"index.embeddings" must have embedDocuments() and embedQuery(), or be an async function of texts.',
    );
  }
  const fields = index.fields ?? ["$"];
  if (!Array.isArray(fields) || fields.some((field) => typeof field !== "string")) {
    throw new StoreInputError('"index.fields" must be an array of JSON paths.', { fields });
  }
  return { ...index, embeddings: toEmbeddings(index.embeddings), fields };
}

function checkVector(vector: unknown, dims: number, what: string): number[] {
  if (!Array.isArray(vector) && !ArrayBuffer.isView(vector)) {
    throw new WeftError("INVALID_CONFIG", `The embeddings returned no vector for ${what}.`);
  }
  const length = (vector as ArrayLike<number>).length;
  if (length !== dims) {
    throw new WeftError(
      "INVALID_CONFIG",
      `The embeddings returned a vector of ${length} numbers for ${what}; index.dims is ${dims}.`,
      { details: { expected: dims, actual: length } },
    );
  }
  return vector as number[];
}

/**
 * Embeds each distinct text once (one `embedDocuments` call) and checks every vector
 * has `dims` numbers. Returns text → vector.
 * @throws WeftError `INVALID_CONFIG` when the model returns the wrong count or length.
 */
export async function embedTexts(
  embeddings: Embeddings,
  texts: Iterable<string>,
  dims: number,
): Promise<Map<string, number[]>> {
  const distinct = [...new Set(texts)];
  const out = new Map<string, number[]>();
  if (distinct.length === 0) return out;
  const vectors = await embeddings.embedDocuments(distinct);
  if (!Array.isArray(vectors) || vectors.length !== distinct.length) {
    throw new WeftError(
      "INVALID_CONFIG",
      `The embeddings returned ${Array.isArray(vectors) ? vectors.length : "no"} vectors for ${distinct.length} texts.`,
    );
  }
  distinct.forEach((text, i) => {
    out.set(text, checkVector(vectors[i], dims, "a document"));
  });
  return out;
}

/** Embeds each distinct query once and checks the lengths. Returns query → vector. */
export async function embedQueries(
  embeddings: Embeddings,
  queries: Iterable<string>,
  dims: number,
): Promise<Map<string, number[]>> {
  const distinct = [...new Set(queries)];
  const vectors = await Promise.all(distinct.map((query) => embeddings.embedQuery(query)));
  return new Map(distinct.map((query, i) => [query, checkVector(vectors[i], dims, "a query")]));
}
