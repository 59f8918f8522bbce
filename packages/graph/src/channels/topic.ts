import { EmptyChannelError } from "../errors.ts";
import { BaseChannel } from "./base.ts";

/** Options of a {@link Topic}. */
export interface TopicOptions {
  /**
   * Keep values across steps (true), or hold only the values of the last step that wrote.
   * @default false
   */
  accumulate?: boolean;
  /**
   * Drop a value already received once (compared with `===`), in this or any earlier step.
   * @default false
   */
  unique?: boolean;
}

/**
 * Persisted form of a {@link Topic}: its values, plus the values seen so far
 * when it is `unique` and does not accumulate (they can no longer be derived
 * from the values).
 */
export type TopicSnapshot<T> = T[] | { values: T[]; seen: T[] };

/**
 * A pub/sub list: every write of a step is appended (a write that is an array
 * contributes its items). Without `accumulate` each step starts from an empty
 * list, so a step without writes clears it. The superstep loop uses one for
 * `Send` packets.
 *
 * Arrays handed out by `get()` and `checkpoint()` are never mutated later: the
 * channel copies its list before the next append instead (copy on write), so
 * a step that only reads copies nothing.
 *
 * @example
 * const topic = new Topic<string>({ accumulate: true });
 * topic.update(["a", ["b", "c"]]);
 * topic.update(["d"]);
 * topic.get(); // ["a", "b", "c", "d"]
 */
export class Topic<T> extends BaseChannel<T[], T | readonly T[], TopicSnapshot<T>> {
  readonly kind = "Topic";
  /** Whether values persist across steps. */
  readonly accumulate: boolean;
  /** Whether repeated values are dropped. */
  readonly unique: boolean;
  #values: T[] = [];
  /** True when `#values` was handed out and must be copied before the next append. */
  #shared = false;
  #seen: Set<T> | undefined;

  constructor(options: TopicOptions = {}) {
    super();
    this.accumulate = options.accumulate ?? false;
    this.unique = options.unique ?? false;
    if (this.unique) this.#seen = new Set();
  }

  fromCheckpoint(snapshot?: TopicSnapshot<T>): this {
    const channel = new Topic<T>({ accumulate: this.accumulate, unique: this.unique });
    if (snapshot === undefined) return channel as this;
    const values = Array.isArray(snapshot) ? snapshot : snapshot.values;
    channel.#values = values;
    channel.#shared = true;
    if (channel.#seen !== undefined) {
      channel.#seen = new Set(Array.isArray(snapshot) ? values : snapshot.seen);
    }
    return channel as this;
  }

  update(writes: readonly (T | readonly T[])[]): boolean {
    let changed = false;
    if (!this.accumulate && this.#values.length > 0) {
      this.#values = [];
      this.#shared = false;
      changed = true;
    }
    for (const write of writes) {
      if (Array.isArray(write)) {
        for (const value of write as readonly T[]) changed = this.#append(value) || changed;
      } else {
        changed = this.#append(write as T) || changed;
      }
    }
    return changed;
  }

  #append(value: T): boolean {
    const seen = this.#seen;
    if (seen !== undefined) {
      if (seen.has(value)) return false;
      seen.add(value);
    }
    if (this.#shared) {
      this.#values = this.#values.slice();
      this.#shared = false;
    }
    this.#values.push(value);
    return true;
  }

  override get(): T[] {
    if (this.#values.length === 0) throw new EmptyChannelError(`${this.kind} channel is empty`);
    this.#shared = true;
    return this.#values;
  }

  override checkpoint(): TopicSnapshot<T> | undefined {
    const seen = this.#seen;
    if (seen !== undefined && !this.accumulate) {
      if (seen.size === 0) return undefined;
      this.#shared = true;
      return { values: this.#values, seen: [...seen] };
    }
    if (this.#values.length === 0) return undefined;
    this.#shared = true;
    return this.#values;
  }

  override isAvailable(): boolean {
    return this.#values.length > 0;
  }
}
