import { invalidOptions } from "./errors.ts";

/** Checks a call limit option: absent, or an integer >= 0. */
export function checkLimit(middleware: string, name: string, value: unknown): void {
  if (value === undefined) return;
  if (!Number.isInteger(value) || (value as number) < 0) {
    throw invalidOptions(middleware, `${name} must be an integer >= 0 (got ${String(value)})`);
  }
}

/** Checks the pair of limits every call-limit middleware takes. */
export function checkLimits(
  middleware: string,
  limits: { threadLimit?: number; runLimit?: number },
): void {
  checkLimit(middleware, "threadLimit", limits.threadLimit);
  checkLimit(middleware, "runLimit", limits.runLimit);
  if (limits.threadLimit === undefined && limits.runLimit === undefined) {
    throw invalidOptions(middleware, "give at least one of threadLimit or runLimit");
  }
  if (
    limits.threadLimit !== undefined &&
    limits.runLimit !== undefined &&
    limits.runLimit > limits.threadLimit
  ) {
    throw invalidOptions(
      middleware,
      `runLimit (${limits.runLimit}) cannot exceed threadLimit (${limits.threadLimit})`,
    );
  }
}

/** Checks `exitBehavior` against the values a middleware accepts. */
export function checkExitBehavior<T extends string>(
  middleware: string,
  value: T | undefined,
  allowed: readonly T[],
): void {
  if (value !== undefined && !allowed.includes(value)) {
    throw invalidOptions(
      middleware,
      `exitBehavior must be one of ${allowed.join(", ")} (got ${String(value)})`,
    );
  }
}
