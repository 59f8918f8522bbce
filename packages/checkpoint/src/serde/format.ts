/**
 * The Weft JSON format, version 1 (type string {@link WEFT_JSON_TYPE}).
 *
 * Plain JSON data is written as is. Anything JSON cannot say is written as a tagged
 * object `{"~w": tag, "v": data}`; a plain object that itself has a `"~w"` key is
 * escaped as `{"~w": "o", "v": object}` so it can never be mistaken for a tag.
 *
 * Built-in tags: `u` undefined, `num` NaN/Infinity/-Infinity/-0, `big` BigInt, `date`,
 * `map`, `set`, `re` RegExp, `err` Error, `bin` binary (`k` names the kind), `o` escaped
 * object, `lc` a LangChain message. Codec tags contain a dot (`weft.message`).
 */
export const WEFT_JSON_TYPE = "weft-json/1";

/** The key that marks a tagged object. */
export const TAG = "~w";

/** A tagged object as it appears in the JSON tree. */
export interface Tagged {
  "~w": string;
  v?: unknown;
  k?: string;
}

/** Builds a tagged object (a literal, so every tagged value shares one shape). */
export function tagged(tag: string, v: unknown): Tagged {
  return { "~w": tag, v };
}

export const UNDEFINED_TAG: Tagged = Object.freeze({ "~w": "u" }) as Tagged;
export const NAN_TAG: Tagged = Object.freeze(tagged("num", "NaN"));
export const INFINITY_TAG: Tagged = Object.freeze(tagged("num", "Infinity"));
export const NEG_INFINITY_TAG: Tagged = Object.freeze(tagged("num", "-Infinity"));
export const NEG_ZERO_TAG: Tagged = Object.freeze(tagged("num", "-0"));

/** Special numbers by their spelling in the `num` tag. */
export const SPECIAL_NUMBERS: ReadonlyMap<unknown, number> = new Map([
  ["NaN", Number.NaN],
  ["Infinity", Number.POSITIVE_INFINITY],
  ["-Infinity", Number.NEGATIVE_INFINITY],
  ["-0", -0],
]);
