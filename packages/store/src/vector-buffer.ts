import { DOT_KERNEL_WASM_BASE64 } from "./dot-kernel-wasm.ts";

/**
 * Floats the kernel sums per loop step. A vector's stride (floats from one vector to the
 * next) is a multiple of it, padded with zeros, so the kernel needs no tail loop.
 */
export const KERNEL_STEP = 8;

/** The kernel scores this many slots per step; slot lists are padded to a multiple of it. */
const KERNEL_GROUP = 4;

const PAGE = 65_536;

/** Where a {@link VectorIndex} keeps its floats, and the loop that scores them. */
export interface VectorBuffer {
  /** `"wasm"`: WebAssembly SIMD; `"js"`: the plain JavaScript loop. */
  readonly kernel: "wasm" | "js";
  /** The whole buffer as floats; a new view after {@link reserve} grew it. */
  readonly floats: Float32Array;
  /** Makes the buffer at least `bytes` long (contents kept); false when it cannot grow. */
  reserve(bytes: number): boolean;
  /**
   * Scores the vectors at the `count` slot numbers in `slots` against the query stored at
   * byte 0: the dot product of the query with the `stride` floats at
   * `vectorsAt + slot * stride * 4`, rounded to float32. `freeAt` is the first byte the
   * buffer may use as scratch. The result is a view, valid until the next call or growth.
   */
  scoreSlots(
    vectorsAt: number,
    stride: number,
    slots: Int32Array,
    count: number,
    freeAt: number,
  ): Float32Array;
}

let compiled: WebAssembly.Module | null | undefined;

/**
 * The compiled kernel, or null where WebAssembly or its SIMD instructions are missing
 * (or blocked, e.g. by a Content-Security-Policy): then the JavaScript loop scores.
 */
function kernelModule(): WebAssembly.Module | null {
  if (compiled !== undefined) return compiled;
  compiled = null;
  try {
    if (typeof WebAssembly === "object") {
      const bytes = decodeBase64(DOT_KERNEL_WASM_BASE64);
      if (WebAssembly.validate(bytes)) compiled = new WebAssembly.Module(bytes);
    }
  } catch {
    compiled = null;
  }
  return compiled;
}

/** True when this runtime scores with the WebAssembly SIMD kernel. */
export function wasmKernelAvailable(): boolean {
  return kernelModule() !== null;
}

/**
 * A buffer of at least `bytes` bytes: in WebAssembly memory when the kernel is available
 * and `kernel` is `"auto"` (growable up to `maxWasmBytes`), else a plain `ArrayBuffer`.
 */
export function createVectorBuffer(
  bytes: number,
  kernel: "auto" | "js",
  maxWasmBytes: number | undefined,
): VectorBuffer {
  const module = kernel === "auto" ? kernelModule() : null;
  if (module !== null) {
    const wasm = WasmVectorBuffer.create(module, bytes, maxWasmBytes);
    if (wasm !== undefined) return wasm;
  }
  return new JsVectorBuffer(bytes);
}

/**
 * Copies the first `usedBytes` of a buffer into a new JavaScript buffer of `bytes` bytes:
 * where a WebAssembly memory cannot grow any further, the index moves there and keeps
 * working, more slowly.
 */
export function moveToJs(from: VectorBuffer, bytes: number, usedBytes: number): VectorBuffer {
  const to = new JsVectorBuffer(bytes);
  to.floats.set(from.floats.subarray(0, usedBytes / 4));
  return to;
}

/** The kernel's export; every argument is a byte address or a count. */
type ScoreSlots = (
  query: number,
  vectors: number,
  strideBytes: number,
  slots: number,
  groups: number,
  out: number,
) => void;

class WasmVectorBuffer implements VectorBuffer {
  readonly kernel = "wasm";
  floats: Float32Array;
  readonly #memory: WebAssembly.Memory;
  readonly #score: ScoreSlots;
  #ints: Int32Array;

  private constructor(memory: WebAssembly.Memory, instance: WebAssembly.Instance) {
    this.#memory = memory;
    this.#score = instance.exports.scoreSlots as ScoreSlots;
    this.floats = new Float32Array(memory.buffer);
    this.#ints = new Int32Array(memory.buffer);
  }

  static create(
    module: WebAssembly.Module,
    bytes: number,
    maxBytes: number | undefined,
  ): WasmVectorBuffer | undefined {
    try {
      const initial = Math.ceil(bytes / PAGE);
      const descriptor: WebAssembly.MemoryDescriptor = { initial };
      if (maxBytes !== undefined)
        descriptor.maximum = Math.max(initial, Math.floor(maxBytes / PAGE));
      const memory = new WebAssembly.Memory(descriptor);
      return new WasmVectorBuffer(memory, new WebAssembly.Instance(module, { env: { memory } }));
    } catch {
      return undefined;
    }
  }

  reserve(bytes: number): boolean {
    const have = this.#memory.buffer.byteLength;
    if (bytes <= have) return true;
    try {
      // At least double, as an array would, so that growing one vector at a time stays cheap.
      this.#memory.grow(Math.max(Math.ceil((bytes - have) / PAGE), have / PAGE));
    } catch {
      try {
        this.#memory.grow(Math.ceil((bytes - have) / PAGE));
      } catch {
        return false;
      }
    }
    this.floats = new Float32Array(this.#memory.buffer);
    this.#ints = new Int32Array(this.#memory.buffer);
    return true;
  }

  scoreSlots(
    vectorsAt: number,
    stride: number,
    slots: Int32Array,
    count: number,
    freeAt: number,
  ): Float32Array {
    // Padded with slot 0 to whole groups; the padding's scores land past `count`.
    const groups = Math.ceil(count / KERNEL_GROUP);
    const padded = groups * KERNEL_GROUP;
    const slotsAt = freeAt;
    const scoresAt = slotsAt + padded * 4;
    if (!this.reserve(scoresAt + padded * 4)) {
      return scoreInJs(this.floats, vectorsAt, stride, slots, count, new Float32Array(count));
    }
    this.#ints.set(slots.subarray(0, count), slotsAt / 4);
    this.#ints.fill(0, slotsAt / 4 + count, slotsAt / 4 + padded);
    this.#score(0, vectorsAt, stride * 4, slotsAt, groups, scoresAt);
    return new Float32Array(this.#memory.buffer, scoresAt, count);
  }
}

class JsVectorBuffer implements VectorBuffer {
  readonly kernel = "js";
  floats: Float32Array;
  #scores = new Float32Array(0);

  constructor(bytes: number) {
    this.floats = new Float32Array(Math.ceil(bytes / 4));
  }

  reserve(bytes: number): boolean {
    if (bytes <= this.floats.byteLength) return true;
    const grown = new Float32Array(Math.ceil(Math.max(bytes, this.floats.byteLength * 2) / 4));
    grown.set(this.floats);
    this.floats = grown;
    return true;
  }

  scoreSlots(vectorsAt: number, stride: number, slots: Int32Array, count: number): Float32Array {
    if (this.#scores.length < count) this.#scores = new Float32Array(Math.max(count, 64));
    return scoreInJs(this.floats, vectorsAt, stride, slots, count, this.#scores).subarray(0, count);
  }
}

function scoreInJs(
  floats: Float32Array,
  vectorsAt: number,
  stride: number,
  slots: Int32Array,
  count: number,
  out: Float32Array,
): Float32Array {
  const base = vectorsAt / 4;
  for (let i = 0; i < count; i++)
    out[i] = dot(floats, 0, floats, base + slots[i]! * stride, stride);
  return out;
}

/**
 * Dot product of the `length` floats of `a` from `aAt` and of `b` from `bAt`, summed in
 * float64 (a product of two float32 is exact in float64): the exact score every ranking
 * ends on.
 */
export function dot(
  a: Float32Array,
  aAt: number,
  b: Float32Array,
  bAt: number,
  length: number,
): number {
  // Four independent sums let the CPU overlap the multiply-adds.
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = 0;
  for (; i + 3 < length; i += 4) {
    s0 += a[aAt + i]! * b[bAt + i]!;
    s1 += a[aAt + i + 1]! * b[bAt + i + 1]!;
    s2 += a[aAt + i + 2]! * b[bAt + i + 2]!;
    s3 += a[aAt + i + 3]! * b[bAt + i + 3]!;
  }
  for (; i < length; i++) s0 += a[aAt + i]! * b[bAt + i]!;
  return s0 + s1 + s2 + s3;
}

function decodeBase64(text: string): Uint8Array<ArrayBuffer> {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
