import { AIMessage } from "@weft/graph";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentMiddleware } from "../types.ts";
import { invalidOptions } from "./errors.ts";
import { type RetryOptions, retryPolicy, withRetries } from "./retry-policy.ts";

/** Options of {@link modelRetryMiddleware}. */
export interface ModelRetryMiddlewareConfig extends RetryOptions {
  /**
   * Once retries are exhausted (or the error is not retryable): `"continue"` ends the turn
   * with an AI message describing the failure; `"error"` rethrows; a function turns the
   * error into that message's text.
   * @default "continue"
   */
  onFailure?: "continue" | "error" | ((error: Error) => string);
}

const NAME = "ModelRetryMiddleware";

/**
 * Retries failing model calls with exponential backoff (same options as
 * {@link toolRetryMiddleware}); afterwards `onFailure` decides between an explanatory AI
 * message (the default) and rethrowing.
 *
 * @throws WeftError `INVALID_CONFIG` for negative delays or retries, or an unknown `onFailure`.
 * @example
 * modelRetryMiddleware({ maxRetries: 3, initialDelayMs: 500, onFailure: "error" });
 */
export function modelRetryMiddleware(
  options: ModelRetryMiddlewareConfig = {},
): AgentMiddleware<undefined, undefined> {
  const policy = retryPolicy(NAME, options);
  const onFailure = options.onFailure ?? "continue";
  if (typeof onFailure !== "function" && onFailure !== "continue" && onFailure !== "error") {
    throw invalidOptions(NAME, `unknown onFailure ${JSON.stringify(onFailure)}`);
  }
  return createMiddleware({
    name: NAME,
    wrapModelCall: (request, handler) =>
      withRetries(
        policy,
        () => handler(request),
        (error, attempts) => {
          if (onFailure === "error") throw error;
          const content =
            typeof onFailure === "function"
              ? onFailure(error)
              : `Model call failed after ${attempts} ${attempts === 1 ? "attempt" : "attempts"} with ${error.name}: ${error.message}`;
          return new AIMessage({ content });
        },
        request.runtime.signal,
      ),
  });
}
