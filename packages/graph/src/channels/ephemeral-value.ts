import { BaseChannel } from "./base.ts";
import { concurrentUpdateError } from "./concurrent-update-error.ts";
import { MISSING } from "./missing.ts";

/**
 * Holds a value for exactly one step after it was written: the next step
 * without a write to it (`update([])`) clears it. The superstep loop uses
 * these for graph input and for the edges that trigger nodes.
 *
 * With `guard` (the default) a step may bring at most one value; without it
 * the last value of the step wins.
 *
 * @throws InvalidUpdateError code `INVALID_CONCURRENT_GRAPH_UPDATE` from
 * `update` when guarded and a step brings more than one value.
 * @example
 * const channel = new EphemeralValue<string>();
 * channel.update(["hi"]); // true
 * channel.update([]); // true: cleared
 * channel.isAvailable(); // false
 */
export class EphemeralValue<T> extends BaseChannel<T, T, T> {
  readonly kind = "EphemeralValue";
  /** Whether more than one write in a step is an error. */
  readonly guard: boolean;

  /** @param guard Reject a second write in the same step. @default true */
  constructor(guard = true) {
    super();
    this.guard = guard;
  }

  fromCheckpoint(snapshot?: T): this {
    const channel = new EphemeralValue<T>(this.guard);
    if (snapshot !== undefined) channel.slot = snapshot;
    return channel as this;
  }

  update(values: readonly T[]): boolean {
    const count = values.length;
    if (count === 0) {
      if (this.slot === MISSING) return false;
      this.slot = MISSING;
      return true;
    }
    if (count > 1 && this.guard) {
      throw concurrentUpdateError(
        this.kind,
        count,
        "Write it from one node per step, or create it with guard: false.",
      );
    }
    this.slot = values[count - 1] as T;
    return true;
  }
}
