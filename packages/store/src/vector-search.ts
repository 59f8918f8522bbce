import { TopK } from "./top-k.ts";
import type { VectorIndex } from "./vector-index.ts";

/**
 * One exact vector search over a {@link VectorIndex}: collect the candidates (each with
 * one or more vectors, scored by its best), then take the top `k`.
 *
 * The ranking is exact: the fast kernel scores every candidate vector in float32, which
 * finds the `k`-th best approximate score `t`; every candidate within twice the kernel's
 * error bound of `t` is then scored again exactly (float64 sums) and only those exact
 * scores rank. A candidate of the true top `k` cannot fall below that cut-off, so the
 * result equals a full exact scan, ties included (smaller `order` first).
 *
 * @example
 * const search = new VectorSearch<Doc>(index, queryVector);
 * for (const doc of docs) for (const slot of doc.slots) search.add(doc, doc.seq, slot);
 * const best = search.top(10); // [{ score, value }], best first
 */
export class VectorSearch<T> {
  readonly #index: VectorIndex;
  readonly #query: Float32Array;
  #slots = new Int32Array(256);
  #slotCount = 0;
  /** Per candidate: its value, its tie-break order, and the end of its run of slots. */
  readonly #values: T[] = [];
  #orders = new Float64Array(64);
  #ends = new Int32Array(64);
  #last: T | undefined;
  #best: Float64Array | undefined;

  /** Starts a search of `index` for `query` (any length-`dims` vector; it is normalized). */
  constructor(index: VectorIndex, query: ArrayLike<number>) {
    this.#index = index;
    this.#query = index.prepareQuery(query);
  }

  /** Number of candidates offered so far. */
  get size(): number {
    return this.#values.length;
  }

  /**
   * Offers the vector at `slot` for the candidate `value`. Consecutive calls with the same
   * `value` add vectors to one candidate, which scores as its best vector; `order` breaks
   * ties between candidates (smaller first).
   */
  add(value: T, order: number, slot: number): void {
    this.#best = undefined;
    if (this.#slotCount === this.#slots.length) this.#slots = grow(this.#slots);
    this.#slots[this.#slotCount++] = slot;
    let candidate = this.#values.length;
    if (candidate === 0 || value !== this.#last) {
      if (candidate === this.#ends.length) {
        this.#ends = grow(this.#ends);
        this.#orders = grow(this.#orders);
      }
      this.#values.push(value);
      this.#last = value;
      this.#orders[candidate] = order;
    } else {
      candidate--;
    }
    this.#ends[candidate] = this.#slotCount;
  }

  /**
   * The `k` best candidates, best first, with their exact scores (cosine similarity).
   * May be called again with a larger `k` (to look further down the ranking): the
   * vectors are scored by the kernel once, on the first call; candidates offered after a call
   * make the next call score again.
   */
  top(k: number): { score: number; value: T }[] {
    const count = this.#values.length;
    if (k <= 0 || count === 0) return [];
    const best = this.#approximateBest();
    const ends = this.#ends;
    const slots = this.#slots;
    const orders = this.#orders;
    const values = this.#values;

    // The k-th best approximate score bounds from below what can still make the top k.
    let kth = Number.NEGATIVE_INFINITY;
    if (count > k) {
      const firstPass = new TopK<number>(k);
      for (let c = 0; c < count; c++) firstPass.push(best[c]!, c, c);
      kth = firstPass.drain().at(-1)!.score;
    }
    const cutoff = kth - 2 * this.#index.approximationError;

    // Exact scores for the candidates above the cut-off only.
    const index = this.#index;
    const query = this.#query;
    const exact = new TopK<T>(k);
    let start = 0;
    for (let c = 0; c < count; c++) {
      const end = ends[c]!;
      if (best[c]! >= cutoff) {
        let score = Number.NEGATIVE_INFINITY;
        for (let i = start; i < end; i++) {
          const s = index.score(slots[i]!, query);
          if (s > score) score = s;
        }
        exact.push(score, orders[c]!, values[c]!);
      }
      start = end;
    }
    return exact.drain();
  }

  /** Each candidate's best approximate score, from one pass of the kernel. */
  #approximateBest(): Float64Array {
    if (this.#best !== undefined) return this.#best;
    const count = this.#values.length;
    const approx = this.#index.scoreMany(this.#query, this.#slots, this.#slotCount);
    const ends = this.#ends;
    const best = new Float64Array(count);
    let start = 0;
    for (let c = 0; c < count; c++) {
      const end = ends[c]!;
      let score = Number.NEGATIVE_INFINITY;
      for (let i = start; i < end; i++) if (approx[i]! > score) score = approx[i]!;
      best[c] = score;
      start = end;
    }
    this.#best = best;
    return best;
  }
}

/** A typed array four times as long with the same contents. */
function grow<A extends Int32Array | Float64Array>(array: A): A {
  const grown = new (array.constructor as new (length: number) => A)(array.length * 4);
  grown.set(array);
  return grown;
}
