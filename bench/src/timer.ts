/** Milliseconds since `start`, from the monotonic clock. */
export function since(start: number): number {
  return performance.now() - start;
}

/** Runs `fn` and returns how long it took in ms, with its result. */
export async function timed<T>(fn: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = performance.now();
  const result = await fn();
  return { ms: since(start), result };
}
