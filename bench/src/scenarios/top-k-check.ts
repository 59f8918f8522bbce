/**
 * Checks a store's search results against an exact ranking computed by the benchmark
 * itself, so that a fast but wrong search (a bad index, a lost item, a filter that leaks)
 * fails the case instead of being timed.
 */

/** Cosine similarity in float64; 0 when either vector is all zeros. */
export function cosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na > 0 && nb > 0 ? dot / Math.sqrt(na * nb) : 0;
}

/** The `k`-th largest of `scores` over the `candidates` (indexes); -Infinity if fewer. */
export function kthScore(scores: Float64Array, candidates: readonly number[], k: number): number {
  const sorted = candidates.map((i) => scores[i]!).sort((a, b) => b - a);
  return sorted[k - 1] ?? Number.NEGATIVE_INFINITY;
}

/** What a search should have returned, for {@link checkTopK}. */
export interface ExpectedTop {
  /** Exact score of every item for the query, by item index. */
  scores: Float64Array;
  /** The items the search may return (all, or those passing the filter). */
  candidates: ReadonlySet<number>;
  limit: number;
  /** Score of the `limit`-th best candidate. */
  kth: number;
}

/**
 * Describes what is wrong with `indexes` (the returned items, best first) as the top
 * `limit` of the candidates, or returns undefined. Scores may differ from the exact ones
 * by `tolerance` (stores keep float32 vectors), so near-ties may come in either order.
 */
export function checkTopK(
  indexes: readonly number[],
  expected: ExpectedTop,
  tolerance = 1e-5,
): string | undefined {
  const { scores, candidates, limit, kth } = expected;
  const wanted = Math.min(limit, candidates.size);
  if (indexes.length !== wanted) return `${indexes.length} results, expected ${wanted}`;
  if (new Set(indexes).size !== indexes.length) return "an item came back twice";
  let previous = Number.POSITIVE_INFINITY;
  for (const [rank, index] of indexes.entries()) {
    if (!candidates.has(index)) return `result ${rank} (item ${index}) is not a candidate`;
    const score = scores[index]!;
    if (score < kth - tolerance) {
      return `result ${rank} (item ${index}) scores ${score.toFixed(6)}, below the top ${wanted} (${kth.toFixed(6)})`;
    }
    if (score > previous + tolerance) return `result ${rank} ranks above a better one`;
    previous = score;
  }
  return undefined;
}
