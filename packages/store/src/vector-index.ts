import {
  createVectorBuffer,
  dot,
  KERNEL_STEP,
  moveToJs,
  type VectorBuffer,
} from "./vector-buffer.ts";
import { writeNormalized } from "./vector-math.ts";

/** Options of {@link VectorIndex}. */
export interface VectorIndexOptions {
  /**
   * `"auto"` scores with the WebAssembly SIMD kernel where the runtime has it, else with
   * the JavaScript loop; `"js"` always uses the loop. Results are the same either way.
   * @default "auto"
   */
  kernel?: "auto" | "js";
  /**
   * Most bytes the WebAssembly memory may take; past it the index moves its vectors to a
   * plain `ArrayBuffer` and scores with the JavaScript loop.
   * @default the engine's limit (4 GiB)
   */
  maxWasmBytes?: number;
}

/**
 * Unit-length vectors in one contiguous, growable buffer, addressed by slot. Vectors are
 * normalized on insert, so cosine similarity is a plain dot product; a deleted slot is
 * reused by the next insert.
 *
 * The buffer is WebAssembly memory where the runtime supports WebAssembly SIMD: a whole
 * candidate list is scored in one call by a `f32x4` kernel ({@link scoreMany}), reading
 * the vectors in place. {@link score} gives the exact score (float64 sums), which final
 * rankings use; {@link VectorSearch} combines both.
 */
export class VectorIndex {
  /** Length of every vector. */
  readonly dims: number;
  /**
   * Largest difference between a {@link scoreMany} score and the {@link score} of the same
   * slot: float32 rounding over the kernel's sums, with a safety factor of two.
   */
  readonly approximationError: number;
  readonly #stride: number;
  #buffer: VectorBuffer;
  #capacity: number;
  #highWater = 0;
  #free: number[] = [];

  constructor(dims: number, initialCapacity = 64, options: VectorIndexOptions = {}) {
    this.dims = dims;
    this.#stride = Math.max(KERNEL_STEP, Math.ceil(dims / KERNEL_STEP) * KERNEL_STEP);
    // Per vector the kernel keeps 8 partial sums (two f32x4 accumulators), each adding
    // stride / 8 products, then three levels of pairwise sums: with the product itself,
    // every term goes through at most stride / 8 + 4 float32 roundings.
    const roundings = this.#stride / KERNEL_STEP + 6;
    this.approximationError = 2 * roundings * 2 ** -24 * 1.01 + 1e-12;
    this.#capacity = Math.max(1, initialCapacity);
    this.#buffer = createVectorBuffer(
      this.#bytesFor(this.#capacity),
      options.kernel ?? "auto",
      options.maxWasmBytes,
    );
  }

  /** Number of vectors stored. */
  get size(): number {
    return this.#highWater - this.#free.length;
  }

  /** Number of slots allocated (stored + free + spare). */
  get capacity(): number {
    return this.#capacity;
  }

  /** Which loop {@link scoreMany} runs: `"wasm"` (SIMD) or `"js"`. */
  get kernel(): "wasm" | "js" {
    return this.#buffer.kernel;
  }

  /** Stores `vector` (normalized) and returns its slot. */
  add(vector: ArrayLike<number>): number {
    const slot = this.#allocate();
    writeNormalized(vector, this.#buffer.floats, this.#offset(slot));
    return slot;
  }

  /** Stores a copy of the vector at `slot` and returns the new slot. */
  duplicate(slot: number): number {
    const copy = this.#allocate();
    const from = this.#offset(slot);
    this.#buffer.floats.copyWithin(this.#offset(copy), from, from + this.dims);
    return copy;
  }

  /** Frees `slot` for reuse. */
  remove(slot: number): void {
    const at = this.#offset(slot);
    this.#buffer.floats.fill(0, at, at + this.dims);
    this.#free.push(slot);
  }

  /**
   * Exact dot product of the vector at `slot` with a unit-length `query` (from
   * {@link prepareQuery}): its cosine similarity, summed in float64.
   */
  score(slot: number, query: Float32Array): number {
    return dot(this.#buffer.floats, this.#offset(slot), query, 0, this.dims);
  }

  /**
   * Scores the first `count` slots listed in `slots` against `query` in one pass: float32
   * scores, each within {@link approximationError} of {@link score}. The result is a view
   * that the next call (or insert) may overwrite.
   */
  scoreMany(query: Float32Array, slots: Int32Array, count: number): Float32Array {
    const floats = this.#buffer.floats;
    floats.set(query.subarray(0, this.dims), 0);
    return this.#buffer.scoreSlots(this.#stride * 4, this.#stride, slots, count, this.#end());
  }

  /** A unit-length copy of `vector`, in the form {@link score} takes. */
  prepareQuery(vector: ArrayLike<number>): Float32Array {
    const out = new Float32Array(this.dims);
    writeNormalized(vector, out, 0);
    return out;
  }

  /** A copy of the stored (normalized) vector at `slot`. */
  read(slot: number): Float32Array {
    const at = this.#offset(slot);
    return this.#buffer.floats.slice(at, at + this.dims);
  }

  /** Float index of a slot's vector: the query's stride comes first. */
  #offset(slot: number): number {
    return (slot + 1) * this.#stride;
  }

  /** Bytes holding the query and `capacity` vectors. */
  #bytesFor(capacity: number): number {
    return (capacity + 1) * this.#stride * 4;
  }

  /** First byte after the vectors: scratch space for a search. */
  #end(): number {
    return this.#bytesFor(this.#capacity);
  }

  #allocate(): number {
    const reused = this.#free.pop();
    if (reused !== undefined) return reused;
    if (this.#highWater === this.#capacity) this.#grow();
    return this.#highWater++;
  }

  #grow(): void {
    const used = this.#bytesFor(this.#capacity);
    const capacity = this.#capacity * 2;
    const bytes = this.#bytesFor(capacity);
    if (!this.#buffer.reserve(bytes)) this.#buffer = moveToJs(this.#buffer, bytes, used);
    this.#capacity = capacity;
  }
}
