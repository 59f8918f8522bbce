// Test doubles the store cases share: a manual clock and deterministic embedders.

import type { Embeddings } from "@weft/store";

/** A clock the test moves by hand; starts at 2025-01-01T00:00:00Z. */
export class ManualClock {
  ms = Date.UTC(2025, 0, 1);
  readonly now = (): number => this.ms;

  /** Moves the clock forward. */
  advance(ms: number): void {
    this.ms += ms;
  }

  /** Moves the clock forward by minutes (the unit of TTLs). */
  advanceMinutes(minutes: number): void {
    this.ms += minutes * 60_000;
  }
}

/**
 * A deterministic pseudo-random unit vector per text: equal texts get equal vectors,
 * different texts almost surely different scores, so rankings have no ties and a
 * brute-force reference is unambiguous.
 */
export function randomVector(text: string, dims: number): number[] {
  let state = 2166136261;
  for (let i = 0; i < text.length; i++) {
    state ^= text.charCodeAt(i);
    state = Math.imul(state, 16777619);
  }
  const out = new Array<number>(dims);
  for (let i = 0; i < dims; i++) {
    // xorshift32
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    out[i] = ((state >>> 0) / 0xffffffff) * 2 - 1;
  }
  const norm = Math.sqrt(out.reduce((sum, x) => sum + x * x, 0));
  return out.map((x) => x / norm);
}

/** Embeddings that record every text they embed, so cases can count (re-)embedding. */
export class RecordingEmbeddings implements Embeddings {
  readonly documents: string[] = [];
  readonly queries: string[] = [];
  failNext: Error | undefined;
  readonly #dims: number;

  constructor(dims: number) {
    this.#dims = dims;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    if (this.failNext) {
      const error = this.failNext;
      this.failNext = undefined;
      throw error;
    }
    this.documents.push(...texts);
    return texts.map((text) => randomVector(text, this.#dims));
  }

  async embedQuery(text: string): Promise<number[]> {
    this.queries.push(text);
    return randomVector(text, this.#dims);
  }

  /** Forgets what was recorded. */
  reset(): void {
    this.documents.length = 0;
    this.queries.length = 0;
  }
}

/** Cosine similarity in float64, the reference the store's scores are checked against. */
export function referenceCosine(a: readonly number[], b: readonly number[]): number {
  let dot = 0;
  let na = 0;
  let nb = 0;
  for (let i = 0; i < a.length; i++) {
    dot += a[i]! * b[i]!;
    na += a[i]! * a[i]!;
    nb += b[i]! * b[i]!;
  }
  return na === 0 || nb === 0 ? 0 : dot / Math.sqrt(na * nb);
}
