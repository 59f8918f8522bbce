// Vectors as Redis stores them: float32, little-endian, scaled to unit length — the
// layout RediSearch's FLOAT32 vector fields read, so an index module can use them as is.

import { WeftError } from "@weft/checkpoint";
import { writeNormalized } from "@weft/store";

/** The unit-length float32 form of `vector` as the bytes stored in Redis. */
export function toBlob(vector: ArrayLike<number>): Buffer {
  const floats = new Float32Array(vector.length);
  writeNormalized(vector, floats, 0);
  const blob = Buffer.alloc(floats.length * 4);
  for (let i = 0; i < floats.length; i++) blob.writeFloatLE(floats[i]!, i * 4);
  return blob;
}

/**
 * A query vector in the form {@link dotBlob} takes: unit length, rounded to float32 as the
 * stored vectors are, so scores equal those of `InMemoryStore`.
 */
export function prepareQuery(vector: ArrayLike<number>): Float32Array {
  const query = new Float32Array(vector.length);
  writeNormalized(vector, query, 0);
  return query;
}

/**
 * Cosine similarity of a prepared query with a stored vector, summed in float64.
 * @throws WeftError `INVALID_CONFIG` when the stored vector has another length.
 */
export function dotBlob(query: Float32Array, blob: Buffer): number {
  checkLength(blob, query.length);
  let sum = 0;
  for (let i = 0; i < query.length; i++) sum += query[i]! * blob.readFloatLE(i * 4);
  return sum;
}

/**
 * A stored vector as floats.
 * @throws WeftError `INVALID_CONFIG` when it does not have `dims` floats.
 */
export function blobToFloats(blob: Buffer, dims: number): Float32Array {
  checkLength(blob, dims);
  const out = new Float32Array(dims);
  for (let i = 0; i < dims; i++) out[i] = blob.readFloatLE(i * 4);
  return out;
}

/**
 * Vectors of another length mean the keys were written with another embedding model,
 * past the check `setup` makes (e.g. the meta key was deleted by hand).
 */
function checkLength(blob: Buffer, dims: number): void {
  if (blob.length !== dims * 4) {
    throw new WeftError(
      "INVALID_CONFIG",
      `A stored vector has ${blob.length / 4} dimensions but index.dims is ${dims}.`,
      { details: { stored: blob.length / 4, dims } },
    );
  }
}
