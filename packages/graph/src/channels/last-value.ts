import { BaseChannel } from "./base.ts";
import { concurrentUpdateError, USE_A_REDUCER } from "./concurrent-update-error.ts";

/**
 * Holds the last value written to it: the channel of a state key without a
 * reducer. It accepts at most one write per step, because two parallel writes
 * have no defined order.
 *
 * The channel does not know which state key it serves unless told: pass `key`
 * to name it in the concurrency error. Without it the superstep loop, which
 * knows the key, rethrows the error with the key added (the cheaper default:
 * nothing is stored per channel).
 *
 * A written `undefined` counts as a value while the run lasts, but it is not
 * persisted: {@link checkpoint} returns `undefined` for "empty".
 *
 * @throws InvalidUpdateError code `INVALID_CONCURRENT_GRAPH_UPDATE` from
 * `update` when a step brings more than one value.
 * @example
 * const channel = new LastValue<number>("count");
 * channel.update([1]); // true
 * channel.get(); // 1
 * channel.update([2, 3]); // throws INVALID_CONCURRENT_GRAPH_UPDATE
 */
export class LastValue<T> extends BaseChannel<T, T, T> {
  readonly kind = "LastValue";
  /** The state key this channel serves, used in error messages. */
  readonly key: string | undefined;

  constructor(key?: string) {
    super();
    this.key = key;
  }

  fromCheckpoint(snapshot?: T): this {
    const channel = new LastValue<T>(this.key);
    if (snapshot !== undefined) channel.slot = snapshot;
    return channel as this;
  }

  update(values: readonly T[]): boolean {
    if (values.length === 0) return false;
    if (values.length > 1) {
      throw concurrentUpdateError(this.kind, values.length, USE_A_REDUCER, this.key);
    }
    this.slot = values[0] as T;
    return true;
  }
}
