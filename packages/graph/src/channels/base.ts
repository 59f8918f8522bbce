import { EmptyChannelError } from "../errors.ts";
import { MISSING, type Slot } from "./missing.ts";

/**
 * A channel holds one piece of graph state between supersteps and decides how
 * the writes of one step combine into its next value.
 *
 * Lifecycle, driven by the superstep loop:
 * 1. `fromCheckpoint(snapshot)` builds a fresh instance (never mutate a shared one).
 * 2. Each step, `update(writes)` receives every write made to it in that step
 *    (possibly none) and returns whether its value changed; a `true` bumps the
 *    channel's version, which re-triggers the nodes that listen to it.
 * 3. `consume()` runs after a node subscribed to the channel has run.
 * 4. `finish()` runs when the graph is about to stop (used by deferred nodes).
 * 5. `checkpoint()` returns the value to persist, or `undefined` when empty.
 */
export abstract class BaseChannel<Value = unknown, Update = unknown, Snapshot = unknown> {
  /** Kind of channel, for error messages and debugging. */
  abstract readonly kind: string;

  /** A new, independent channel holding `snapshot` (or empty). */
  abstract fromCheckpoint(snapshot?: Snapshot): this;

  /** Applies one step's writes. Returns true when the value changed. */
  abstract update(values: readonly Update[]): boolean;

  /**
   * Storage for channels that hold one value; the defaults of `get`,
   * `checkpoint` and `isAvailable` read it. Channels with another shape
   * (lists, barriers) override those three.
   */
  protected slot: Slot<Value> = MISSING;

  /** The current value. Throws `EmptyChannelError` when {@link isAvailable} is false. */
  get(): Value {
    if (this.slot === MISSING) throw new EmptyChannelError(`${this.kind} channel is empty`);
    return this.slot;
  }

  /** The value to persist, or `undefined` when the channel is empty. */
  checkpoint(): Snapshot | undefined {
    return this.slot === MISSING ? undefined : (this.slot as unknown as Snapshot);
  }

  /** True when the channel holds a value. */
  isAvailable(): boolean {
    return this.slot !== MISSING;
  }

  /** An independent channel with the same value (used to preview a task's writes). */
  copy(): this {
    return this.fromCheckpoint(this.checkpoint());
  }

  /** Called after a subscribed task ran. Returns true when the value changed. */
  consume(): boolean {
    return false;
  }

  /** Called when the graph would otherwise finish. Returns true when the value changed. */
  finish(): boolean {
    return false;
  }
}
