import { BaseChannel } from "./base.ts";
import { concurrentUpdateError } from "./concurrent-update-error.ts";
import { MISSING } from "./missing.ts";

/** Options of an {@link UntrackedValue} channel. */
export interface UntrackedValueOptions<T> {
  /**
   * Reject a second write in the same step (true), or keep the last one.
   * @default true
   */
  guard?: boolean | undefined;
  /** Builds the value of every fresh channel; without it a fresh channel is empty. */
  initialValueFactory?: (() => T) | undefined;
}

/**
 * Holds the last value written, like a last-value channel, but is never
 * persisted: {@link checkpoint} always returns `undefined`, so the value lives
 * only within one run (caches, open handles, scratch data) and every run
 * starts from `initialValueFactory()` or empty.
 *
 * @throws InvalidUpdateError code `INVALID_CONCURRENT_GRAPH_UPDATE` from
 * `update` when guarded and a step brings more than one value.
 * @example
 * const channel = new UntrackedValue({ initialValueFactory: () => new Map<string, number>() });
 * channel.get().set("hits", 1);
 * channel.checkpoint(); // undefined
 */
export class UntrackedValue<T> extends BaseChannel<T, T, undefined> {
  readonly kind = "UntrackedValue";
  /** Whether more than one write in a step is an error. */
  readonly guard: boolean;
  /** Builds the value of every fresh channel, when there is one. */
  readonly initialValueFactory: (() => T) | undefined;

  constructor(options: UntrackedValueOptions<T> = {}) {
    super();
    this.guard = options.guard ?? true;
    this.initialValueFactory = options.initialValueFactory;
    this.slot = this.initialValueFactory === undefined ? MISSING : this.initialValueFactory();
  }

  /** A fresh channel: the snapshot is ignored, since nothing was persisted. */
  fromCheckpoint(_snapshot?: undefined): this {
    const { guard, initialValueFactory } = this;
    return new UntrackedValue<T>({ guard, initialValueFactory }) as this;
  }

  /** Unlike `fromCheckpoint`, keeps the value: it lives only in memory. */
  override copy(): this {
    const copy = this.fromCheckpoint();
    copy.slot = this.slot;
    return copy;
  }

  update(values: readonly T[]): boolean {
    const count = values.length;
    if (count === 0) return false;
    if (count > 1 && this.guard) {
      throw concurrentUpdateError(
        this.kind,
        count,
        "Write it from one node per step, or declare it with guard: false to keep any one of them.",
      );
    }
    this.slot = values[count - 1] as T;
    return true;
  }

  override checkpoint(): undefined {
    return undefined;
  }
}
