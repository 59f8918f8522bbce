import type { StreamMode } from "../types.ts";

/** One event produced by a run, before it is shaped for the caller. */
export interface StreamEvent {
  /** Checkpoint namespace path of the graph that produced it ([] for the root graph). */
  readonly ns: readonly string[];
  readonly mode: StreamMode;
  readonly payload: unknown;
}

/** Where the loop sends events. `modes` lets the loop skip building payloads nobody reads. */
export interface StreamSink {
  readonly modes: ReadonlySet<StreamMode>;
  push(event: StreamEvent): void;
}

/**
 * An unbounded single-consumer queue bridging the loop (producer) and the
 * caller's `for await` (consumer). Closing with an error rethrows it to the consumer.
 */
export class AsyncQueue<T> implements AsyncIterableIterator<T> {
  private readonly items: T[] = [];
  private head = 0;
  private waiting: ((result: IteratorResult<T>) => void) | undefined;
  private failWaiting: ((error: unknown) => void) | undefined;
  private done = false;
  private error: { value: unknown } | undefined;
  private readonly onReturn: () => void;

  /** `onReturn` runs when the consumer stops early (break, return, throw). */
  constructor(onReturn: () => void = () => {}) {
    this.onReturn = onReturn;
  }

  push(item: T): void {
    if (this.done) return;
    const resolve = this.waiting;
    if (resolve !== undefined) {
      this.waiting = undefined;
      this.failWaiting = undefined;
      resolve({ value: item, done: false });
    } else {
      this.items.push(item);
    }
  }

  close(error?: { value: unknown }): void {
    if (this.done) return;
    this.done = true;
    this.error = error;
    if (this.waiting !== undefined) {
      const resolve = this.waiting;
      const reject = this.failWaiting!;
      this.waiting = undefined;
      this.failWaiting = undefined;
      if (this.head < this.items.length) return; // unreachable: a waiter means the buffer is empty
      if (error) reject(error.value);
      else resolve({ value: undefined, done: true });
    }
  }

  next(): Promise<IteratorResult<T>> {
    if (this.head < this.items.length) {
      const value = this.items[this.head]!;
      this.items[this.head++] = undefined as T;
      if (this.head > 1024 && this.head * 2 > this.items.length) {
        this.items.splice(0, this.head);
        this.head = 0;
      }
      return Promise.resolve({ value, done: false });
    }
    if (this.done) {
      if (this.error) {
        const { value } = this.error;
        this.error = undefined;
        return Promise.reject(value);
      }
      return Promise.resolve({ value: undefined, done: true });
    }
    return new Promise((resolve, reject) => {
      this.waiting = resolve;
      this.failWaiting = reject;
    });
  }

  return(): Promise<IteratorResult<T>> {
    if (!this.done) {
      this.done = true;
      this.onReturn();
    }
    this.items.length = 0;
    this.head = 0;
    return Promise.resolve({ value: undefined, done: true });
  }

  [Symbol.asyncIterator](): AsyncIterableIterator<T> {
    return this;
  }
}
