import { EmptyChannelError } from "../errors.ts";
import { recordNames } from "./barrier-names.ts";
import { BaseChannel } from "./base.ts";

/** Persisted form of a {@link NamedBarrierValueAfterFinish}. */
export interface NamedBarrierValueAfterFinishSnapshot<T> {
  /** The names written so far. */
  seen: T[];
  /** Whether the graph reached its end since all names were seen. */
  finished: boolean;
}

/**
 * A {@link NamedBarrierValue} for a deferred target node: it becomes available
 * only once every name was written AND the graph would otherwise finish
 * (`finish()`). `consume()` then resets it.
 *
 * @throws InvalidUpdateError code `INVALID_GRAPH_NODE_RETURN_VALUE` from
 * `update` for a name the barrier does not wait for.
 * @example
 * const barrier = new NamedBarrierValueAfterFinish(new Set(["a", "b"]));
 * barrier.update(["a", "b"]);
 * barrier.isAvailable(); // false
 * barrier.finish(); // true
 * barrier.isAvailable(); // true
 */
export class NamedBarrierValueAfterFinish<T> extends BaseChannel<
  void,
  T,
  NamedBarrierValueAfterFinishSnapshot<T>
> {
  readonly kind = "NamedBarrierValueAfterFinish";
  /** The names to wait for. Shared by every channel made from this one, never mutated. */
  readonly names: ReadonlySet<T>;
  #seen = new Set<T>();
  #finished = false;

  constructor(names: ReadonlySet<T>) {
    super();
    this.names = names;
  }

  fromCheckpoint(snapshot?: NamedBarrierValueAfterFinishSnapshot<T>): this {
    const channel = new NamedBarrierValueAfterFinish<T>(this.names);
    if (snapshot !== undefined) {
      channel.#seen = new Set(snapshot.seen);
      channel.#finished = snapshot.finished;
    }
    return channel as this;
  }

  update(values: readonly T[]): boolean {
    return recordNames(this.kind, this.names, this.#seen, values);
  }

  override get(): void {
    if (!this.isAvailable()) {
      throw new EmptyChannelError(`${this.kind} channel is waiting for its names or for the end`);
    }
  }

  override checkpoint(): NamedBarrierValueAfterFinishSnapshot<T> | undefined {
    if (this.#seen.size === 0 && !this.#finished) return undefined;
    return { seen: [...this.#seen], finished: this.#finished };
  }

  override isAvailable(): boolean {
    return this.#finished && this.#seen.size === this.names.size;
  }

  override consume(): boolean {
    if (!this.isAvailable()) return false;
    this.#seen = new Set();
    this.#finished = false;
    return true;
  }

  override finish(): boolean {
    if (this.#finished || this.#seen.size !== this.names.size) return false;
    this.#finished = true;
    return true;
  }
}
