import { EmptyChannelError } from "../errors.ts";
import { recordNames } from "./barrier-names.ts";
import { BaseChannel } from "./base.ts";

/**
 * Waits until every one of a set of names was written: the channel of an edge
 * that joins several nodes (`addEdge(["a", "b"], "c")`), where each source
 * writes its own name. It becomes available once all names were seen, in any
 * steps, and `consume()` (after the target ran) resets it. Its value is
 * `undefined`: only availability matters.
 *
 * @throws InvalidUpdateError code `INVALID_GRAPH_NODE_RETURN_VALUE` from
 * `update` for a name the barrier does not wait for.
 * @example
 * const barrier = new NamedBarrierValue(new Set(["a", "b"]));
 * barrier.update(["a"]); // true, not yet available
 * barrier.update(["b"]); // true
 * barrier.isAvailable(); // true
 * barrier.consume(); // true, and it waits for both again
 */
export class NamedBarrierValue<T> extends BaseChannel<void, T, T[]> {
  readonly kind = "NamedBarrierValue";
  /** The names to wait for. Shared by every channel made from this one, never mutated. */
  readonly names: ReadonlySet<T>;
  #seen = new Set<T>();

  constructor(names: ReadonlySet<T>) {
    super();
    this.names = names;
  }

  fromCheckpoint(snapshot?: T[]): this {
    const channel = new NamedBarrierValue<T>(this.names);
    if (snapshot !== undefined) channel.#seen = new Set(snapshot);
    return channel as this;
  }

  update(values: readonly T[]): boolean {
    return recordNames(this.kind, this.names, this.#seen, values);
  }

  override get(): void {
    if (!this.isAvailable()) {
      throw new EmptyChannelError(`${this.kind} channel is still waiting for some of its names`);
    }
  }

  override checkpoint(): T[] | undefined {
    return this.#seen.size === 0 ? undefined : [...this.#seen];
  }

  /** Only names from `names` ever enter `seen`, so equal sizes mean all were seen. */
  override isAvailable(): boolean {
    return this.#seen.size === this.names.size;
  }

  override consume(): boolean {
    if (!this.isAvailable()) return false;
    this.#seen = new Set();
    return true;
  }
}
