import { MISSING, type Slot } from "./missing.ts";

/** The property that marks an overwrite, also its wire form: `{ __overwrite__: value }`. */
export const OVERWRITE = "__overwrite__";

/** An overwrite as a plain object, the form it takes after serialization. */
export interface OverwriteValue<T> {
  [OVERWRITE]: T;
}

/**
 * Replaces the value of a reducer channel instead of folding into it. A node
 * returns it as the update of a key that has a reducer; the plain object
 * `{ __overwrite__: value }` means the same. Within one step, an overwrite
 * wins over every other write to the key; two overwrites of one key in the
 * same step are an error (code `INVALID_CONCURRENT_GRAPH_UPDATE`).
 *
 * @example
 * const State = Annotation.Root({
 *   items: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
 * });
 * const reset = () => ({ items: new Overwrite(["fresh start"]) });
 */
export class Overwrite<T = unknown> implements OverwriteValue<T> {
  /** Type tag shared with the peer library, so either side recognizes the other's instances. */
  readonly lg_name = "Overwrite";
  /** The replacement value. */
  readonly [OVERWRITE]: T;

  constructor(value: T) {
    this[OVERWRITE] = value;
  }

  /** The replacement value. */
  get value(): T {
    return this[OVERWRITE];
  }

  /** The wire form, `{ __overwrite__: value }`. */
  toJSON(): OverwriteValue<T> {
    return { [OVERWRITE]: this[OVERWRITE] };
  }

  /** True for an {@link Overwrite} or its plain-object form, from any installed copy. */
  static isInstance<T = unknown>(value: unknown): value is OverwriteValue<T> {
    return unwrapOverwrite(value) !== MISSING;
  }
}

/**
 * The replacement carried by `value` when it is an overwrite, else `MISSING`.
 * Also accepts `{ type: "__overwrite__", value }`, the shape a typed overwrite
 * takes after crossing a JSON boundary from another runtime. Returns a
 * sentinel rather than an object so the reducer path allocates nothing.
 */
export function unwrapOverwrite(value: unknown): Slot<unknown> {
  if (typeof value !== "object" || value === null) return MISSING;
  if (OVERWRITE in value) return (value as OverwriteValue<unknown>)[OVERWRITE];
  const tagged = value as { type?: unknown; value?: unknown };
  if (tagged.type === OVERWRITE && "value" in tagged) return tagged.value;
  return MISSING;
}
