// A tiny WebAssembly binary encoder: just enough to write the store's scoring kernel by
// hand, so its bytes can be regenerated without a toolchain or a dependency.

/** Bytes of a WebAssembly module section or instruction sequence. */
export type Bytes = number[];

/** Unsigned LEB128. */
export function u32(value: number): Bytes {
  const out: Bytes = [];
  let rest = value >>> 0;
  do {
    let byte = rest & 0x7f;
    rest >>>= 7;
    if (rest !== 0) byte |= 0x80;
    out.push(byte);
  } while (rest !== 0);
  return out;
}

/** Signed LEB128 (for `i32.const`). */
export function s32(value: number): Bytes {
  const out: Bytes = [];
  let rest = value | 0;
  for (;;) {
    const byte = rest & 0x7f;
    rest >>= 7;
    const done = (rest === 0 && (byte & 0x40) === 0) || (rest === -1 && (byte & 0x40) !== 0);
    out.push(done ? byte : byte | 0x80);
    if (done) return out;
  }
}

/** A length-prefixed vector of already encoded entries. */
export function vec(entries: Bytes[]): Bytes {
  return [...u32(entries.length), ...entries.flat()];
}

/** A UTF-8 name. */
export function name(text: string): Bytes {
  return vec([...new TextEncoder().encode(text)].map((byte) => [byte]));
}

/** Value types. */
export const type = { i32: 0x7f, f32: 0x7d, v128: 0x7b } as const;

/** Section ids. */
const SECTION = { type: 1, import: 2, function: 3, export: 7, code: 10 } as const;

/** A function signature. */
export interface Signature {
  params: number[];
  results: number[];
}

/** A function: its signature index, extra locals (by type, in order) and its body. */
export interface FunctionDef {
  signature: number;
  locals: number[];
  body: Bytes;
  /** Exported under this name, if set. */
  export?: string;
}

/** A module whose only import is a memory (`env.memory`, any size). */
export interface ModuleDef {
  signatures: Signature[];
  functions: FunctionDef[];
}

function section(id: number, payload: Bytes): Bytes {
  return [id, ...u32(payload.length), ...payload];
}

/** Groups consecutive locals of one type, as the code section wants them. */
function localGroups(locals: number[]): Bytes[] {
  const groups: { count: number; type: number }[] = [];
  for (const local of locals) {
    const last = groups.at(-1);
    if (last?.type === local) last.count++;
    else groups.push({ count: 1, type: local });
  }
  return groups.map(({ count, type }) => [...u32(count), type]);
}

/** Encodes a whole module. */
export function encodeModule(module: ModuleDef): Uint8Array<ArrayBuffer> {
  const types = module.signatures.map(({ params, results }) => [
    0x60,
    ...vec(params.map((p) => [p])),
    ...vec(results.map((r) => [r])),
  ]);
  const memoryImport = [...name("env"), ...name("memory"), 0x02, 0x00, ...u32(0)];
  const exports = module.functions.flatMap((fn, index) =>
    fn.export === undefined ? [] : [[...name(fn.export), 0x00, ...u32(index)]],
  );
  const bodies = module.functions.map((fn) => {
    const body = [...vec(localGroups(fn.locals)), ...fn.body, op.end];
    return [...u32(body.length), ...body];
  });
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00],
    ...section(SECTION.type, vec(types)),
    ...section(SECTION.import, vec([memoryImport])),
    ...section(SECTION.function, vec(module.functions.map((fn) => u32(fn.signature)))),
    ...section(SECTION.export, vec(exports)),
    ...section(SECTION.code, vec(bodies)),
  ]);
}

const simd = (code: number): Bytes => [0xfd, ...u32(code)];
/** A memory access: alignment as a power of two, then a constant offset. */
const memarg = (alignLog2: number, offset: number): Bytes => [...u32(alignLog2), ...u32(offset)];
const EMPTY_BLOCK = 0x40;

/** The instructions the kernel uses, encoded. */
export const op = {
  end: 0x0b,
  block: (): Bytes => [0x02, EMPTY_BLOCK],
  loop: (): Bytes => [0x03, EMPTY_BLOCK],
  brIf: (depth: number): Bytes => [0x0d, ...u32(depth)],
  call: (index: number): Bytes => [0x10, ...u32(index)],
  localGet: (index: number): Bytes => [0x20, ...u32(index)],
  localSet: (index: number): Bytes => [0x21, ...u32(index)],
  localTee: (index: number): Bytes => [0x22, ...u32(index)],
  i32Load: (offset = 0): Bytes => [0x28, ...memarg(2, offset)],
  f32Store: (offset = 0): Bytes => [0x38, ...memarg(2, offset)],
  i32Const: (value: number): Bytes => [0x41, ...s32(value)],
  i32Eqz: 0x45,
  i32Add: 0x6a,
  i32Sub: 0x6b,
  i32Mul: 0x6c,
  f32Add: 0x92,
  v128Load: (offset = 0): Bytes => [...simd(0x00), ...memarg(4, offset)],
  f32x4ExtractLane: (lane: number): Bytes => [...simd(0x1f), lane],
  f32x4Add: simd(0xe4),
  f32x4Mul: simd(0xe6),
} as const;
