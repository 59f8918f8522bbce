// The store's scoring kernel, written with the encoder in ./wasm-encoder.ts.
//
// `scoreSlots` scores four vectors per step so that the memory reads of four vectors are
// in flight together: a filtered search reads vectors scattered over the buffer, and one
// vector at a time leaves the CPU waiting on each one's first cache misses.
import { type Bytes, encodeModule, op, type } from "./wasm-encoder.ts";

/** Floats per loop step: two `f32x4` accumulators per vector. Vector strides are a multiple of it. */
export const FLOATS_PER_STEP = 8;
const BYTES_PER_STEP = FLOATS_PER_STEP * 4;
/** Vectors scored together. */
export const VECTORS_PER_CALL = 4;

/**
 * `dot4(query, v0, v1, v2, v3, bytes, out)`: the dot products of four float32 arrays of
 * `bytes` bytes (a non-zero multiple of {@link BYTES_PER_STEP}) with the query, stored as
 * four f32 at `out`. Each vector has two `f32x4` accumulators (even and odd halves of a
 * step), summed at the end as `((a + b)[0] + (a + b)[1]) + ((a + b)[2] + (a + b)[3])`.
 */
function dot4Body(): Bytes {
  const query = 0;
  const vector = (j: number) => 1 + j;
  const [bytes, out] = [5, 6];
  const acc = (j: number, half: number) => 7 + 2 * j + half;
  const queryHalf = (half: number) => 15 + half;
  const body: Bytes = [...op.loop()];
  for (let half = 0; half < 2; half++) {
    body.push(...op.localGet(query), ...op.v128Load(16 * half), ...op.localSet(queryHalf(half)));
  }
  for (let j = 0; j < VECTORS_PER_CALL; j++) {
    for (let half = 0; half < 2; half++) {
      body.push(
        ...op.localGet(acc(j, half)),
        ...op.localGet(vector(j)),
        ...op.v128Load(16 * half),
        ...op.localGet(queryHalf(half)),
        ...op.f32x4Mul,
        ...op.f32x4Add,
        ...op.localSet(acc(j, half)),
      );
    }
  }
  for (const pointer of [query, vector(0), vector(1), vector(2), vector(3)]) {
    body.push(
      ...op.localGet(pointer),
      ...op.i32Const(BYTES_PER_STEP),
      op.i32Add,
      ...op.localSet(pointer),
    );
  }
  body.push(
    ...op.localGet(bytes),
    ...op.i32Const(BYTES_PER_STEP),
    op.i32Sub,
    ...op.localTee(bytes),
    ...op.brIf(0),
    op.end,
  );
  for (let j = 0; j < VECTORS_PER_CALL; j++) {
    const sum = acc(j, 0);
    body.push(
      ...op.localGet(sum),
      ...op.localGet(acc(j, 1)),
      ...op.f32x4Add,
      ...op.localSet(sum),
      ...op.localGet(out),
      ...op.localGet(sum),
      ...op.f32x4ExtractLane(0),
      ...op.localGet(sum),
      ...op.f32x4ExtractLane(1),
      op.f32Add,
      ...op.localGet(sum),
      ...op.f32x4ExtractLane(2),
      ...op.localGet(sum),
      ...op.f32x4ExtractLane(3),
      op.f32Add,
      op.f32Add,
      ...op.f32Store(4 * j),
    );
  }
  return body;
}

/**
 * `scoreSlots(query, base, stride, slots, groups, out)`: for `groups` groups of four slot
 * numbers (i32) at `slots`, writes the dot products of the vectors at
 * `base + slot * stride` with the query to consecutive f32 at `out`.
 */
function scoreSlotsBody(): Bytes {
  const [query, base, stride, slots, groups, out] = [0, 1, 2, 3, 4, 5];
  const body: Bytes = [
    ...op.block(),
    ...op.localGet(groups),
    op.i32Eqz,
    ...op.brIf(0),
    ...op.loop(),
    ...op.localGet(query),
  ];
  for (let j = 0; j < VECTORS_PER_CALL; j++) {
    body.push(
      ...op.localGet(slots),
      ...op.i32Load(4 * j),
      ...op.localGet(stride),
      op.i32Mul,
      ...op.localGet(base),
      op.i32Add,
    );
  }
  body.push(
    ...op.localGet(stride),
    ...op.localGet(out),
    ...op.call(0),
    ...op.localGet(slots),
    ...op.i32Const(4 * VECTORS_PER_CALL),
    op.i32Add,
    ...op.localSet(slots),
    ...op.localGet(out),
    ...op.i32Const(4 * VECTORS_PER_CALL),
    op.i32Add,
    ...op.localSet(out),
    ...op.localGet(groups),
    ...op.i32Const(1),
    op.i32Sub,
    ...op.localTee(groups),
    ...op.brIf(0),
    op.end,
    op.end,
  );
  return body;
}

/** The kernel module's bytes. */
export function dotKernelBytes(): Uint8Array<ArrayBuffer> {
  const { i32, v128 } = type;
  return encodeModule({
    signatures: [
      { params: [i32, i32, i32, i32, i32, i32, i32], results: [] },
      { params: [i32, i32, i32, i32, i32, i32], results: [] },
    ],
    functions: [
      { signature: 0, locals: Array(2 * VECTORS_PER_CALL + 2).fill(v128), body: dot4Body() },
      { signature: 1, locals: [], body: scoreSlotsBody(), export: "scoreSlots" },
    ],
  });
}
