import { BaseChannel } from "../channels/base.ts";

/**
 * A prototype channel whose fresh instances start from a default value instead of
 * empty. It only acts at `fromCheckpoint()`: with no snapshot it seeds the wrapped
 * channel with `factory()`, so the instances the loop works with are plain channels of
 * the wrapped kind (no per-step indirection) and keep all their rules, such as a
 * last-value channel rejecting two writes in one step.
 *
 * Only for channels whose snapshot is their value (`LastValue`).
 */
class InitialValueChannel<Value, Update, Snapshot> extends BaseChannel<Value, Update, Snapshot> {
  readonly kind: string;
  readonly #prototype: BaseChannel<Value, Update, Snapshot>;
  readonly #factory: () => Snapshot;
  /** Lets the prototype itself answer like a fresh instance. */
  readonly #seeded: BaseChannel<Value, Update, Snapshot>;

  constructor(prototype: BaseChannel<Value, Update, Snapshot>, factory: () => Snapshot) {
    super();
    this.kind = prototype.kind;
    this.#prototype = prototype;
    this.#factory = factory;
    this.#seeded = prototype.fromCheckpoint(factory());
  }

  fromCheckpoint(snapshot?: Snapshot): this {
    // The fresh instance is of the wrapped class, not of this one: see the class comment.
    return this.#prototype.fromCheckpoint(
      snapshot === undefined ? this.#factory() : snapshot,
    ) as unknown as this;
  }

  update(values: readonly Update[]): boolean {
    return this.#seeded.update(values);
  }

  override get(): Value {
    return this.#seeded.get();
  }

  override checkpoint(): Snapshot | undefined {
    return this.#seeded.checkpoint();
  }

  override isAvailable(): boolean {
    return this.#seeded.isAvailable();
  }

  override consume(): boolean {
    return this.#seeded.consume();
  }

  override finish(): boolean {
    return this.#seeded.finish();
  }
}

/**
 * Returns a prototype channel like `channel` whose fresh instances (from
 * `fromCheckpoint()` without a snapshot) already hold `factory()`.
 */
export function withInitialValue<Value, Update, Snapshot>(
  channel: BaseChannel<Value, Update, Snapshot>,
  factory: () => Snapshot,
): BaseChannel<Value, Update, Snapshot> {
  return new InitialValueChannel(channel, factory);
}
