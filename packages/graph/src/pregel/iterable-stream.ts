import type { AsyncQueue } from "./stream.ts";

/**
 * What `stream()` returns: an async iterator (`for await`) that is also a web
 * `ReadableStream` (`getReader()`, `pipeThrough()`, `cancel()`, `new Response(stream)`),
 * like the peer's `IterableReadableStream`. Use one side or the other, not both.
 * Stopping either way (`break`, `cancel()`) cancels the run.
 */
export type IterableReadableStream<T> = ReadableStream<T> & AsyncIterableIterator<T>;

/** Wraps a queue: `for await` reads the queue directly; the stream side pulls from it. */
export function toIterableStream<T>(queue: AsyncQueue<T>): IterableReadableStream<T> {
  const stream = new ReadableStream<T>(
    {
      async pull(controller) {
        try {
          const result = await queue.next();
          if (result.done) controller.close();
          else controller.enqueue(result.value);
        } catch (error) {
          controller.error(error);
        }
      },
      cancel() {
        void queue.return();
      },
    },
    { highWaterMark: 0 },
  );
  return Object.assign(stream, {
    next: () => queue.next(),
    return: () => queue.return(),
    [Symbol.asyncIterator]() {
      return this as unknown as AsyncIterableIterator<T>;
    },
  }) as IterableReadableStream<T>;
}
