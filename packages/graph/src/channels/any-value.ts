import { BaseChannel } from "./base.ts";
import { MISSING } from "./missing.ts";

/**
 * Holds the last value of the last step that wrote it. Several writes in one
 * step are allowed because they are assumed equal (the last one is kept), and
 * a step without writes clears it.
 *
 * @example
 * const channel = new AnyValue<string>();
 * channel.update(["same", "same"]); // true
 * channel.get(); // "same"
 * channel.update([]); // true: cleared
 */
export class AnyValue<T> extends BaseChannel<T, T, T> {
  readonly kind = "AnyValue";

  fromCheckpoint(snapshot?: T): this {
    const channel = new AnyValue<T>();
    if (snapshot !== undefined) channel.slot = snapshot;
    return channel as this;
  }

  update(values: readonly T[]): boolean {
    if (values.length === 0) {
      if (this.slot === MISSING) return false;
      this.slot = MISSING;
      return true;
    }
    this.slot = values[values.length - 1] as T;
    return true;
  }
}
