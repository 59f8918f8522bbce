// Vector scoring shared by every store backend: one definition of the score.

/**
 * Cosine similarity of two vectors of equal length, in [-1, 1]; `0` when either is the
 * zero vector. This is the `score` of a search result.
 */
export function cosineSimilarity(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let dot = 0;
  let normA = 0;
  let normB = 0;
  for (let i = 0; i < a.length; i++) {
    const x = a[i]!;
    const y = b[i]!;
    dot += x * y;
    normA += x * x;
    normB += y * y;
  }
  if (normA === 0 || normB === 0) return 0;
  return dot / Math.sqrt(normA * normB);
}

/**
 * Writes `vector` scaled to unit length into `out` at `offset` (zeros stay zeros), so
 * that cosine similarity becomes a dot product.
 */
export function writeNormalized(
  vector: ArrayLike<number>,
  out: Float32Array,
  offset: number,
): void {
  let norm = 0;
  for (let i = 0; i < vector.length; i++) norm += vector[i]! * vector[i]!;
  const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0;
  for (let i = 0; i < vector.length; i++) out[offset + i] = vector[i]! * scale;
}
