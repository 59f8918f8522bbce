import { EmptyChannelError } from "../errors.ts";
import { BaseChannel } from "./base.ts";
import { MISSING, type Slot } from "./missing.ts";

/** Persisted form of a {@link LastValueAfterFinish}. */
export interface LastValueAfterFinishSnapshot<T> {
  /** The last value written. */
  value: T;
  /** Whether the graph reached its end since the value was written. */
  finished: boolean;
}

/**
 * Holds the last value written, but makes it readable only once the graph
 * would otherwise finish (`finish()`); reading it (`consume()`) empties it
 * again. It triggers deferred nodes, which run after everything else is done.
 * Several writes in one step are fine: the last one wins.
 *
 * @example
 * const channel = new LastValueAfterFinish<string>();
 * channel.update(["go"]);
 * channel.isAvailable(); // false
 * channel.finish(); // true
 * channel.get(); // "go"
 * channel.consume(); // true, and the channel is empty again
 */
export class LastValueAfterFinish<T> extends BaseChannel<T, T, LastValueAfterFinishSnapshot<T>> {
  readonly kind = "LastValueAfterFinish";
  #value: Slot<T> = MISSING;
  #finished = false;

  fromCheckpoint(snapshot?: LastValueAfterFinishSnapshot<T>): this {
    const channel = new LastValueAfterFinish<T>();
    if (snapshot !== undefined) {
      channel.#value = snapshot.value;
      channel.#finished = snapshot.finished;
    }
    return channel as this;
  }

  update(values: readonly T[]): boolean {
    if (values.length === 0) return false;
    // A new write means more work happened: wait for the next finish again.
    this.#finished = false;
    this.#value = values[values.length - 1] as T;
    return true;
  }

  override get(): T {
    if (!this.#finished || this.#value === MISSING) {
      throw new EmptyChannelError(`${this.kind} channel is empty or not finished`);
    }
    return this.#value;
  }

  override checkpoint(): LastValueAfterFinishSnapshot<T> | undefined {
    if (this.#value === MISSING) return undefined;
    return { value: this.#value, finished: this.#finished };
  }

  override isAvailable(): boolean {
    return this.#finished && this.#value !== MISSING;
  }

  override consume(): boolean {
    if (!this.#finished) return false;
    this.#finished = false;
    this.#value = MISSING;
    return true;
  }

  override finish(): boolean {
    if (this.#finished || this.#value === MISSING) return false;
    this.#finished = true;
    return true;
  }
}
