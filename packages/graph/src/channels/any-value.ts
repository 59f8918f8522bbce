import { EmptyChannelError } from "../errors.ts";
import { BaseChannel } from "./base.ts";
import { MISSING, type Slot } from "./missing.ts";

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
  #value: Slot<T> = MISSING;

  fromCheckpoint(snapshot?: T): this {
    const channel = new AnyValue<T>();
    if (snapshot !== undefined) channel.#value = snapshot;
    return channel as this;
  }

  update(values: readonly T[]): boolean {
    if (values.length === 0) {
      if (this.#value === MISSING) return false;
      this.#value = MISSING;
      return true;
    }
    this.#value = values[values.length - 1] as T;
    return true;
  }

  get(): T {
    if (this.#value === MISSING) throw new EmptyChannelError(`${this.kind} channel is empty`);
    return this.#value;
  }

  checkpoint(): T | undefined {
    return this.#value === MISSING ? undefined : this.#value;
  }

  isAvailable(): boolean {
    return this.#value !== MISSING;
  }
}
