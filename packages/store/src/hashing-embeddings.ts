import { WeftError } from "@weft/checkpoint";
import type { Embeddings } from "./types.ts";

/** Options of {@link HashingEmbeddings}. */
export interface HashingEmbeddingsOptions {
  /** Vector length. @default 384 */
  dims?: number;
  /**
   * Also hash character n-grams of each word (with `^`/`$` word boundaries) at half
   * weight, so `"pizza"` and `"pizzas"` overlap. `false` hashes whole words only.
   * @default 3
   */
  charNGrams?: number | false;
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * Local, deterministic embeddings by feature hashing: every lower-cased word (and,
 * by default, every character trigram of it) is hashed to one of `dims` positions
 * with a hashed sign, repeated features are damped (`1 + log tf`), and the vector is
 * L2-normalized. No model, no network, microseconds per text, same output on every
 * machine.
 *
 * **It is lexical, not semantic.** Two texts score high when they share words or word
 * pieces; synonyms and paraphrases ("I'm hungry" vs "I love pizza") score near zero.
 * Use it for tests, examples, offline demos and keyword-like recall; use a real model
 * (e.g. {@link OpenAIEmbeddings}) for meaning.
 *
 * @example
 * const store = new InMemoryStore({ index: { embeddings: new HashingEmbeddings(), dims: 384 } });
 */
export class HashingEmbeddings implements Embeddings {
  /** Vector length. */
  readonly dims: number;
  readonly #nGram: number;

  constructor(options: HashingEmbeddingsOptions = {}) {
    this.dims = options.dims ?? 384;
    if (!Number.isInteger(this.dims) || this.dims <= 0) {
      throw new WeftError("INVALID_CONFIG", "HashingEmbeddings: dims must be a positive integer.", {
        details: { dims: this.dims },
      });
    }
    const nGram = options.charNGrams ?? 3;
    this.#nGram = nGram === false ? 0 : nGram;
  }

  async embedDocuments(texts: string[]): Promise<number[][]> {
    return texts.map((text) => this.embed(text));
  }

  async embedQuery(text: string): Promise<number[]> {
    return this.embed(text);
  }

  /** The vector of one text, synchronously. */
  embed(text: string): number[] {
    const counts = new Map<number, number>();
    const add = (hash: number, weight: number) => {
      counts.set(hash, (counts.get(hash) ?? 0) + weight);
    };
    for (const match of text.toLowerCase().matchAll(WORD)) {
      const word = match[0];
      add(fnv1a(word, 0, word.length, 0x811c9dc5), 1);
      const n = this.#nGram;
      if (n > 0) {
        const padded = `^${word}$`;
        if (padded.length <= n) continue;
        for (let i = 0; i + n <= padded.length; i++) add(fnv1a(padded, i, i + n, 0x050c5d1f), 0.5);
      }
    }
    const vector = new Array<number>(this.dims).fill(0);
    for (const [hash, tf] of counts) {
      const weight = tf <= 1 ? tf : 1 + Math.log(tf);
      const mixed = mix(hash);
      const position = mixed % this.dims;
      vector[position]! += (mixed & 0x80000000) === 0 ? weight : -weight;
    }
    let norm = 0;
    for (const x of vector) norm += x * x;
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let i = 0; i < vector.length; i++) vector[i]! *= scale;
    }
    return vector;
  }
}

/** 32-bit FNV-1a over the UTF-16 code units of `text[start, end)`. */
function fnv1a(text: string, start: number, end: number, seed: number): number {
  let hash = seed;
  for (let i = start; i < end; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

/** Murmur3's finalizer: spreads every input bit over the output (position and sign). */
function mix(hash: number): number {
  let h = hash;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
