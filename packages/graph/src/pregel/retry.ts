import { WeftError } from "@weft/checkpoint";
import { isGraphBubbleUp } from "../errors.ts";
import { sleep } from "../runtime/abort.ts";
import type { RetryPolicy } from "../types.ts";

const PROGRAMMING_ERRORS = ["TypeError", "SyntaxError", "ReferenceError", "RangeError"];

/**
 * The default `retryOn`: transient failures only. Programming errors, Weft's
 * own errors, aborts and client errors (HTTP 4xx except 408 and 429) are final.
 */
export function defaultRetryOn(error: unknown): boolean {
  if (WeftError.isInstance(error) || isGraphBubbleUp(error)) return false;
  if (!(error instanceof Error)) return true;
  if (error.name === "AbortError" || PROGRAMMING_ERRORS.includes(error.name)) return false;
  const status =
    (error as { status?: unknown }).status ??
    (error as { response?: { status?: unknown } }).response?.status;
  if (typeof status === "number" && status >= 400 && status < 500)
    return status === 408 || status === 429;
  return true;
}

/** Milliseconds to wait before retry number `attempt` (1-based). */
export function retryDelay(policy: RetryPolicy, attempt: number): number {
  const initial = policy.initialInterval ?? 500;
  const factor = policy.backoffFactor ?? 2;
  const max = policy.maxInterval ?? 128_000;
  const base = Math.min(initial * factor ** (attempt - 1), max);
  return policy.jitter === false ? base : base + Math.random() * Math.min(1000, base);
}

/** Runs `fn`, retrying per `policy` (no policy: a single attempt). */
export async function withRetry<T>(
  fn: () => T | Promise<T>,
  policy: RetryPolicy | undefined,
  signal: AbortSignal,
): Promise<T> {
  if (policy === undefined) return await fn();
  const maxAttempts = policy.maxAttempts ?? 3;
  const retryOn = policy.retryOn ?? defaultRetryOn;
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (error) {
      // Interrupts and parent commands are control flow, never retried whatever retryOn says.
      if (attempt >= maxAttempts || signal.aborted || isGraphBubbleUp(error) || !retryOn(error))
        throw error;
      if (policy.logWarning) console.warn(`Retrying after error (attempt ${attempt}):`, error);
      await sleep(retryDelay(policy, attempt), signal);
    }
  }
}
