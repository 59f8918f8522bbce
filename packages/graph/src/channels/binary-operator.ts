import { BaseChannel } from "./base.ts";
import { concurrentUpdateError } from "./concurrent-update-error.ts";
import { MISSING } from "./missing.ts";
import { type OverwriteValue, unwrapOverwrite } from "./overwrite.ts";

/** Folds one update into the current value. Must return a new value, not mutate `current`. */
export type BinaryOperator<V, U = V> = (current: V, update: U) => V;

/**
 * Folds every write into its value with a reducer: the channel of a state key
 * that has one (`Annotation({ reducer })`, `ReducedValue`, messages lists).
 * Writes are applied in order, so parallel nodes may all write it in one step.
 *
 * - With `initialValueFactory`, the channel starts from its result (a fresh
 *   value for every fresh channel) and is readable before any write.
 * - Without it, the first write ever becomes the value as is.
 * - An {@link Overwrite} (or `{ __overwrite__: value }`) replaces the value
 *   instead; it wins over every other write of the same step.
 *
 * The reducer must not mutate its first argument: the value may be shared
 * with a checkpoint that was already taken.
 *
 * @throws InvalidUpdateError code `INVALID_CONCURRENT_GRAPH_UPDATE` from
 * `update` when one step brings two overwrites.
 * @example
 * const channel = new BinaryOperatorAggregate((a: number[], b: number[]) => a.concat(b), () => []);
 * channel.update([[1], [2]]); // true
 * channel.get(); // [1, 2]
 */
export class BinaryOperatorAggregate<V, U = V> extends BaseChannel<V, U | OverwriteValue<V>, V> {
  readonly kind = "BinaryOperatorAggregate";
  /** Folds one update into the value. */
  readonly reducer: BinaryOperator<V, U>;
  /** Builds the starting value of a fresh channel, when there is one. */
  readonly initialValueFactory: (() => V) | undefined;

  constructor(reducer: BinaryOperator<V, U>, initialValueFactory?: () => V) {
    super();
    this.reducer = reducer;
    this.initialValueFactory = initialValueFactory;
    this.slot = initialValueFactory === undefined ? MISSING : initialValueFactory();
  }

  fromCheckpoint(snapshot?: V): this {
    const channel = new BinaryOperatorAggregate(this.reducer, this.initialValueFactory);
    if (snapshot !== undefined) channel.slot = snapshot;
    return channel as this;
  }

  update(values: readonly (U | OverwriteValue<V>)[]): boolean {
    const count = values.length;
    if (count === 0) return false;
    let value = this.slot;
    let overwritten = false;
    for (let i = 0; i < count; i++) {
      const write = values[i];
      const replacement = unwrapOverwrite(write);
      if (replacement !== MISSING) {
        if (overwritten) {
          const overwrites = values.filter((v) => unwrapOverwrite(v) !== MISSING).length;
          throw concurrentUpdateError(
            this.kind,
            overwrites,
            "Write at most one Overwrite per key and step.",
            undefined,
            "Overwrite",
          );
        }
        overwritten = true;
        value = replacement as V;
      } else if (!overwritten) {
        // The first write into an empty channel has nothing to fold into.
        value = value === MISSING ? (write as unknown as V) : this.reducer(value, write as U);
      }
    }
    this.slot = value;
    return true;
  }
}
