import { setTimeout as delay } from "node:timers/promises";
import { WeftError } from "@weft/checkpoint";
import { isGraphBubbleUp } from "@weft/graph";
import { invalidOptions } from "./errors.ts";

/** A class of errors, for `retryOn` lists. */
export type ErrorClass = abstract new (...args: any[]) => Error;

/** Retry and backoff options shared by the tool-retry and model-retry middleware. */
export interface RetryOptions {
  /** Retries after the first attempt (so `maxRetries + 1` attempts in all). @default 2 */
  maxRetries?: number;
  /**
   * Which errors to retry: a predicate, or a list of error classes (`instanceof`). By
   * default every error is retried except those that cannot succeed on a second try:
   * Weft errors with code `MODEL_AUTHENTICATION`, `MODEL_NOT_FOUND`, `INVALID_CONFIG` or
   * `INVALID_INPUT` (a tool called with bad arguments). Interrupts and cancellation are
   * never retried.
   */
  retryOn?: ((error: Error) => boolean) | readonly ErrorClass[];
  /** Each retry waits `backoffFactor` times longer than the one before; 0 keeps the delay constant. @default 2 */
  backoffFactor?: number;
  /** Delay before the first retry, in milliseconds. @default 1000 */
  initialDelayMs?: number;
  /** Upper bound of any delay, in milliseconds. @default 60000 */
  maxDelayMs?: number;
  /** Randomize each delay by ±25% so that many clients do not retry in step. @default true */
  jitter?: boolean;
  /**
   * Waits `ms` milliseconds (stopping early with an error when `signal` aborts). Inject a
   * fake clock in tests. @default a timer that honours the run's abort signal
   */
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/** {@link RetryOptions} with every default filled in. */
export interface RetryPolicy {
  maxRetries: number;
  shouldRetry: (error: Error) => boolean;
  backoffFactor: number;
  initialDelayMs: number;
  maxDelayMs: number;
  jitter: boolean;
  sleep: (ms: number, signal?: AbortSignal) => Promise<void>;
}

const FINAL_CODES = new Set([
  "MODEL_AUTHENTICATION",
  "MODEL_NOT_FOUND",
  "INVALID_CONFIG",
  "INVALID_INPUT",
]);

function retryableByDefault(error: Error): boolean {
  return !(WeftError.isInstance(error) && FINAL_CODES.has(error.code));
}

function nonNegative(
  middleware: string,
  name: string,
  value: number | undefined,
  fallback: number,
) {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isFinite(value) || value < 0) {
    throw invalidOptions(middleware, `${name} must be a number >= 0 (got ${String(value)})`);
  }
  return value;
}

/**
 * Validates retry options and fills in the defaults.
 * @throws WeftError `INVALID_CONFIG` for a negative or non-numeric option.
 */
export function retryPolicy(middleware: string, options: RetryOptions): RetryPolicy {
  const maxRetries = nonNegative(middleware, "maxRetries", options.maxRetries, 2);
  if (!Number.isInteger(maxRetries)) {
    throw invalidOptions(middleware, `maxRetries must be an integer (got ${maxRetries})`);
  }
  const { retryOn } = options;
  let shouldRetry: (error: Error) => boolean = retryableByDefault;
  if (typeof retryOn === "function") shouldRetry = retryOn;
  else if (Array.isArray(retryOn)) {
    const classes = retryOn as readonly ErrorClass[];
    shouldRetry = (error) => classes.some((cls) => error instanceof cls);
  } else if (retryOn !== undefined) {
    throw invalidOptions(middleware, "retryOn must be a function or a list of error classes");
  }
  return {
    maxRetries,
    shouldRetry,
    backoffFactor: nonNegative(middleware, "backoffFactor", options.backoffFactor, 2),
    initialDelayMs: nonNegative(middleware, "initialDelayMs", options.initialDelayMs, 1000),
    maxDelayMs: nonNegative(middleware, "maxDelayMs", options.maxDelayMs, 60_000),
    jitter: options.jitter ?? true,
    sleep: options.sleep ?? ((ms, signal) => delay(ms, undefined, { signal })),
  };
}

/**
 * The wait before retry number `retry` (0 for the first retry): exponential backoff capped
 * at `maxDelayMs`, optionally jittered, and never shorter than a `retryAfterMs` the error
 * carries (a provider's `Retry-After`).
 */
export function retryDelay(policy: RetryPolicy, retry: number, error?: unknown): number {
  let ms =
    policy.backoffFactor === 0
      ? policy.initialDelayMs
      : policy.initialDelayMs * policy.backoffFactor ** retry;
  ms = Math.min(ms, policy.maxDelayMs);
  if (policy.jitter && ms > 0) ms = Math.max(0, ms + (Math.random() * 2 - 1) * ms * 0.25);
  const retryAfter = (error as { retryAfterMs?: unknown } | undefined)?.retryAfterMs;
  return typeof retryAfter === "number" && retryAfter > ms ? retryAfter : ms;
}

/** `value` as an `Error` (wrapping thrown non-errors). */
export function asError(value: unknown): Error {
  return value instanceof Error ? value : new Error(String(value));
}

/**
 * Runs `attempt` until it succeeds, retrying per `policy`. Returns the result, or calls
 * `onGiveUp` with the last error and the attempts made (its return value becomes the
 * result; it may throw). Interrupts, other graph control signals and aborts are rethrown
 * at once.
 */
export async function withRetries<T>(
  policy: RetryPolicy,
  attempt: () => Promise<T>,
  onGiveUp: (error: Error, attempts: number) => T | Promise<T>,
  signal?: AbortSignal,
): Promise<T> {
  for (let retry = 0; ; retry++) {
    try {
      return await attempt();
    } catch (thrown) {
      if (isGraphBubbleUp(thrown) || signal?.aborted) throw thrown;
      const error = asError(thrown);
      if (retry >= policy.maxRetries || !policy.shouldRetry(error)) {
        return onGiveUp(error, retry + 1);
      }
      const ms = retryDelay(policy, retry, thrown);
      if (ms > 0) await policy.sleep(ms, signal);
    }
  }
}
