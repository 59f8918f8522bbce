/**
 * Marks an empty value slot. A sentinel rather than `undefined` because
 * `undefined` is a value a node may legitimately write, and rather than a
 * `[value]` wrapper because that would allocate on every write.
 */
export const MISSING: unique symbol = Symbol("weft.channel.missing");

/** A value slot that may be empty. */
export type Slot<T> = T | typeof MISSING;
