/** Milliseconds between the Gregorian epoch (1582-10-15, the UUID epoch) and the Unix epoch. */
const GREGORIAN_OFFSET_MS = 12_219_292_800_000;
/** UUID timestamps count 100 ns ticks: 10,000 per millisecond. */
const TICKS_PER_MS = 10_000;
const TWO_POW_24 = 0x1000000;

function randomBits(count: 16 | 32): number {
  const words = crypto.getRandomValues(new Uint32Array(1));
  return count === 32 ? words[0]! : words[0]! & 0xffff;
}

function hex(value: number, width: number): string {
  return value.toString(16).padStart(width, "0");
}

// One random node and clock sequence per process, as RFC 9562 allows for v6.
const NODE = hex(randomBits(16) | 0x0100, 4) + hex(randomBits(32), 8);
const DEFAULT_CLOCKSEQ = randomBits(16);

let lastMs = -1;
let lastTick = 0;

/**
 * A time-ordered UUID (RFC 9562 version 6). Ids from one process sort as strings in
 * the order they were made, even many per millisecond: the sub-millisecond ticks act
 * as a counter, and a clock that steps back never makes ids go back.
 *
 * @param clockseq 14-bit clock sequence; Weft passes the superstep number (any integer, masked).
 * @example
 * const id = uuid6(); // "1f0c3a52-8b4e-6e20-8b3a-01a9c2f7d3e4"
 */
export function uuid6(clockseq?: number): string {
  const now = Date.now();
  if (now > lastMs) {
    lastMs = now;
    lastTick = 0;
  } else if (++lastTick === TICKS_PER_MS) {
    // More than 10,000 ids in one millisecond: borrow from the next one.
    lastMs += 1;
    lastTick = 0;
  }
  // 60-bit tick count, split so no intermediate exceeds 2^53.
  const ms = lastMs + GREGORIAN_OFFSET_MS;
  const low = (ms % TWO_POW_24) * TICKS_PER_MS + lastTick;
  const high = Math.floor(ms / TWO_POW_24) * TICKS_PER_MS + Math.floor(low / TWO_POW_24);
  const ticks = hex(high, 9) + hex(low % TWO_POW_24, 6);
  const seq = ((clockseq ?? DEFAULT_CLOCKSEQ) & 0x3fff) | 0x8000;
  return `${ticks.slice(0, 8)}-${ticks.slice(8, 12)}-6${ticks.slice(12)}-${hex(seq, 4)}-${NODE}`;
}

function rotl(x: number, r: number): number {
  return (x << r) | (x >>> (32 - r));
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * A uuid-formatted id (RFC 9562 version 8) that depends only on `parts`: the same parts
 * always give the same id, different parts give different ids with 128-bit hash odds.
 * Not cryptographic; built for speed (the engine derives every task id with it).
 *
 * @example
 * deterministicId(checkpointId, "", "3", "agent", "pull"); // stable task id
 */
export function deterministicId(...parts: string[]): string {
  // A 4-lane MurmurHash3-style mix over UTF-16 code units. Each part is prefixed by its
  // length, so ("ab") and ("a", "b") hash differently.
  let h1 = 0x9e3779b9;
  let h2 = 0x85ebca77;
  let h3 = 0xc2b2ae3d;
  let h4 = 0x27d4eb2f;
  let units = 0;
  for (let p = 0; p < parts.length; p++) {
    const part = parts[p]!;
    for (let i = -1; i < part.length; i++) {
      let k = i < 0 ? part.length | 0x10000 : part.charCodeAt(i);
      switch (units++ & 3) {
        case 0:
          k = Math.imul(rotl(Math.imul(k, 0x239b961b), 15), 0xab0e9789);
          h1 = Math.imul(rotl(h1 ^ k, 19) + h2, 5) + 0x561ccd1b;
          break;
        case 1:
          k = Math.imul(rotl(Math.imul(k, 0xab0e9789), 16), 0x38b34ae5);
          h2 = Math.imul(rotl(h2 ^ k, 17) + h3, 5) + 0x0bcaa747;
          break;
        case 2:
          k = Math.imul(rotl(Math.imul(k, 0x38b34ae5), 17), 0xa1e38b93);
          h3 = Math.imul(rotl(h3 ^ k, 15) + h4, 5) + 0x96cd1c35;
          break;
        default:
          k = Math.imul(rotl(Math.imul(k, 0xa1e38b93), 18), 0x239b961b);
          h4 = Math.imul(rotl(h4 ^ k, 13) + h1, 5) + 0x32ac3b17;
      }
    }
  }
  h1 ^= units;
  h2 ^= units;
  h3 ^= units;
  h4 ^= units;
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  h1 = fmix(h1);
  h2 = fmix(h2);
  h3 = fmix(h3);
  h4 = fmix(h4);
  h1 = (h1 + h2 + h3 + h4) | 0;
  h2 = (h2 + h1) | 0;
  h3 = (h3 + h1) | 0;
  h4 = (h4 + h1) | 0;
  // Version nibble 8 (custom) and variant bits 10.
  h2 = (h2 & 0xffff0fff) | 0x00008000;
  h3 = (h3 & 0x3fffffff) | 0x80000000;
  const a = hex(h1 >>> 0, 8);
  const b = hex(h2 >>> 0, 8);
  const c = hex(h3 >>> 0, 8);
  const d = hex(h4 >>> 0, 8);
  return `${a}-${b.slice(0, 4)}-${b.slice(4)}-${c.slice(0, 4)}-${c.slice(4)}${d}`;
}
