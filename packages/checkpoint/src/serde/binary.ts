import { PathError } from "./path-error.ts";

type BinaryValue = ArrayBufferView | ArrayBuffer;

const CHUNK = 0x8000;

/** Base64 of `bytes` (web-standard `btoa`, in chunks to stay under argument limits). */
export function toBase64(bytes: Uint8Array): string {
  let binary = "";
  for (let i = 0; i < bytes.length; i += CHUNK) {
    binary += String.fromCharCode.apply(null, bytes.subarray(i, i + CHUNK) as unknown as number[]);
  }
  return btoa(binary);
}

/** Bytes of a base64 string. */
export function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

// The closed list of binary kinds: decoding builds only these, from fresh bytes.
const FROM_BYTES: ReadonlyMap<string, (bytes: Uint8Array) => BinaryValue> = new Map<
  string,
  (bytes: Uint8Array) => BinaryValue
>([
  ["Uint8Array", (b) => b],
  ["ArrayBuffer", (b) => b.buffer as ArrayBuffer],
  ["DataView", (b) => new DataView(b.buffer)],
  ["Int8Array", (b) => new Int8Array(b.buffer)],
  ["Uint8ClampedArray", (b) => new Uint8ClampedArray(b.buffer)],
  ["Int16Array", (b) => new Int16Array(b.buffer)],
  ["Uint16Array", (b) => new Uint16Array(b.buffer)],
  ["Int32Array", (b) => new Int32Array(b.buffer)],
  ["Uint32Array", (b) => new Uint32Array(b.buffer)],
  ["Float32Array", (b) => new Float32Array(b.buffer)],
  ["Float64Array", (b) => new Float64Array(b.buffer)],
  ["BigInt64Array", (b) => new BigInt64Array(b.buffer)],
  ["BigUint64Array", (b) => new BigUint64Array(b.buffer)],
]);

/**
 * The kind name and raw bytes of a typed array, DataView or ArrayBuffer; undefined for
 * anything else (a SharedArrayBuffer, a future view type). Multi-byte kinds are stored
 * in platform byte order, which is little-endian on every runtime Weft supports.
 */
export function binaryParts(value: object): { kind: string; bytes: Uint8Array } | undefined {
  if (ArrayBuffer.isView(value)) {
    const kind = (value as { [Symbol.toStringTag]?: string })[Symbol.toStringTag] ?? "";
    if (!FROM_BYTES.has(kind)) return undefined;
    return { kind, bytes: new Uint8Array(value.buffer, value.byteOffset, value.byteLength) };
  }
  if (value instanceof ArrayBuffer) return { kind: "ArrayBuffer", bytes: new Uint8Array(value) };
  return undefined;
}

/** Rebuilds a binary value of a known kind from base64. */
export function binaryFromBase64(kind: unknown, data: unknown): BinaryValue {
  const build = typeof kind === "string" ? FROM_BYTES.get(kind) : undefined;
  if (build === undefined) throw new PathError(`unknown binary kind ${JSON.stringify(kind)}`);
  if (typeof data !== "string") throw new PathError("binary data must be a base64 string");
  try {
    return build(fromBase64(data));
  } catch (error) {
    throw new PathError(`bad ${kind} payload`, error);
  }
}
