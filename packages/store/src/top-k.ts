/**
 * Keeps the `k` best (highest score) of a stream of candidates with a binary min-heap
 * over preallocated arrays: O(n log k), no allocation per candidate. Ties keep the
 * candidate with the smaller `order` (e.g. the older item), so results are stable.
 */
export class TopK<T> {
  readonly #k: number;
  readonly #scores: Float64Array;
  readonly #orders: Float64Array;
  readonly #values: (T | undefined)[];
  #size = 0;

  constructor(k: number) {
    this.#k = k;
    this.#scores = new Float64Array(k);
    this.#orders = new Float64Array(k);
    this.#values = new Array(k);
  }

  /** Number of candidates kept so far (at most k). */
  get size(): number {
    return this.#size;
  }

  /** Offers a candidate; kept if it beats the worst one kept. */
  push(score: number, order: number, value: T): void {
    if (this.#k === 0) return;
    if (this.#size < this.#k) {
      let i = this.#size++;
      while (i > 0) {
        const parent = (i - 1) >> 1;
        if (!this.#worse(score, order, this.#scores[parent]!, this.#orders[parent]!)) break;
        this.#move(parent, i);
        i = parent;
      }
      this.#set(i, score, order, value);
      return;
    }
    if (!this.#worse(this.#scores[0]!, this.#orders[0]!, score, order)) return;
    this.#siftDown(score, order, value);
  }

  /** The kept candidates, best first. Empties the heap. */
  drain(): { score: number; value: T }[] {
    const out = new Array<{ score: number; value: T }>(this.#size);
    for (let i = this.#size - 1; i >= 0; i--) {
      out[i] = { score: this.#scores[0]!, value: this.#values[0]! };
      const last = this.#size - 1;
      const score = this.#scores[last]!;
      const order = this.#orders[last]!;
      const value = this.#values[last]!;
      this.#values[last] = undefined;
      this.#size--;
      if (this.#size > 0) this.#siftDown(score, order, value);
    }
    return out;
  }

  /** True when (a) ranks below (b): lower score, or equal score and later order. */
  #worse(scoreA: number, orderA: number, scoreB: number, orderB: number): boolean {
    return scoreA < scoreB || (scoreA === scoreB && orderA > orderB);
  }

  #siftDown(score: number, order: number, value: T): void {
    let i = 0;
    const n = this.#size;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= n) break;
      const right = left + 1;
      let child = left;
      if (
        right < n &&
        this.#worse(
          this.#scores[right]!,
          this.#orders[right]!,
          this.#scores[left]!,
          this.#orders[left]!,
        )
      ) {
        child = right;
      }
      if (!this.#worse(this.#scores[child]!, this.#orders[child]!, score, order)) break;
      this.#move(child, i);
      i = child;
    }
    this.#set(i, score, order, value);
  }

  #move(from: number, to: number): void {
    this.#scores[to] = this.#scores[from]!;
    this.#orders[to] = this.#orders[from]!;
    this.#values[to] = this.#values[from];
  }

  #set(i: number, score: number, order: number, value: T): void {
    this.#scores[i] = score;
    this.#orders[i] = order;
    this.#values[i] = value;
  }
}
