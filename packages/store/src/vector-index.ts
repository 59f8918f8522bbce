import { writeNormalized } from "./vector-math.ts";

/**
 * Unit-length vectors in one contiguous, growable `Float32Array`, addressed by slot.
 * Vectors are normalized on insert, so cosine similarity is a plain dot product; a
 * deleted slot is reused by the next insert. Scoring reads the buffer in place: no
 * allocation per vector.
 */
export class VectorIndex {
  /** Length of every vector. */
  readonly dims: number;
  #data: Float32Array;
  #capacity: number;
  #highWater = 0;
  #free: number[] = [];

  constructor(dims: number, initialCapacity = 64) {
    this.dims = dims;
    this.#capacity = Math.max(1, initialCapacity);
    this.#data = new Float32Array(this.#capacity * dims);
  }

  /** Number of vectors stored. */
  get size(): number {
    return this.#highWater - this.#free.length;
  }

  /** Number of slots allocated (stored + free + spare). */
  get capacity(): number {
    return this.#capacity;
  }

  /** Stores `vector` (normalized) and returns its slot. */
  add(vector: ArrayLike<number>): number {
    const slot = this.#allocate();
    writeNormalized(vector, this.#data, slot * this.dims);
    return slot;
  }

  /** Stores a copy of the vector at `slot` and returns the new slot. */
  duplicate(slot: number): number {
    const copy = this.#allocate();
    const d = this.dims;
    this.#data.copyWithin(copy * d, slot * d, slot * d + d);
    return copy;
  }

  /** Frees `slot` for reuse. */
  remove(slot: number): void {
    this.#data.fill(0, slot * this.dims, (slot + 1) * this.dims);
    this.#free.push(slot);
  }

  /** Dot product of the vector at `slot` with a unit-length `query`: its cosine similarity. */
  score(slot: number, query: Float32Array): number {
    const data = this.#data;
    const d = this.dims;
    const base = slot * d;
    // Four independent sums let the CPU overlap the multiply-adds.
    let s0 = 0;
    let s1 = 0;
    let s2 = 0;
    let s3 = 0;
    let i = 0;
    for (; i + 3 < d; i += 4) {
      s0 += data[base + i]! * query[i]!;
      s1 += data[base + i + 1]! * query[i + 1]!;
      s2 += data[base + i + 2]! * query[i + 2]!;
      s3 += data[base + i + 3]! * query[i + 3]!;
    }
    for (; i < d; i++) s0 += data[base + i]! * query[i]!;
    return s0 + s1 + s2 + s3;
  }

  /** A unit-length copy of `vector`, in the form {@link score} takes. */
  prepareQuery(vector: ArrayLike<number>): Float32Array {
    const out = new Float32Array(this.dims);
    writeNormalized(vector, out, 0);
    return out;
  }

  /** A copy of the stored (normalized) vector at `slot`. */
  read(slot: number): Float32Array {
    return this.#data.slice(slot * this.dims, (slot + 1) * this.dims);
  }

  #allocate(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    if (this.#highWater === this.#capacity) {
      this.#capacity *= 2;
      const grown = new Float32Array(this.#capacity * this.dims);
      grown.set(this.#data);
      this.#data = grown;
    }
    return this.#highWater++;
  }
}
