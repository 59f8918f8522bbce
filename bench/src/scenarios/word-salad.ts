/**
 * Deterministic filler text for the store benchmark: the same seed gives the same words
 * on every machine and in both libraries' processes, so both stores index the same texts.
 */

/** mulberry32: a small, fast, seedable PRNG with 32 bits of state. Returns [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

const ONSETS = ["b", "d", "f", "g", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z", "sh", "tr"];
const VOWELS = ["a", "e", "i", "o", "u", "ai", "ou"];

/** `count` distinct made-up words of two to four syllables. */
export function vocabulary(count: number, random: () => number): string[] {
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)]!;
  const words = new Set<string>();
  while (words.size < count) {
    const syllables = 2 + Math.floor(random() * 3);
    let word = "";
    for (let s = 0; s < syllables; s++) word += pick(ONSETS) + pick(VOWELS);
    words.add(word);
  }
  return [...words];
}

/** A generator of word salads: `words` words drawn uniformly from one vocabulary. */
export function saladMaker(seed: number, vocabularySize = 2_000): (words: number) => string {
  const random = seededRandom(seed);
  const vocab = vocabulary(vocabularySize, random);
  return (words) =>
    Array.from({ length: words }, () => vocab[Math.floor(random() * vocab.length)]).join(" ");
}
