import { type ToolLike, ToolMessage } from "@weft/graph";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentMiddleware } from "../types.ts";
import { invalidOptions } from "./errors.ts";
import { type RetryOptions, retryPolicy, withRetries } from "./retry-policy.ts";

/**
 * What to do once retries are exhausted (or the error is not retryable): `"continue"`
 * answers the call with an error `ToolMessage` describing the failure, so the model can
 * go on; `"error"` rethrows the error; a function turns the error into the message text.
 * (`"raise"` and `"return_message"` are older names of `"error"` and `"continue"`.)
 */
export type ToolRetryOnFailure =
  | "continue"
  | "error"
  | "raise"
  | "return_message"
  | ((error: Error) => string);

/** Options of {@link toolRetryMiddleware}. */
export interface ToolRetryMiddlewareConfig extends RetryOptions {
  /** Only these tools (by name or tool) are retried; all by default. */
  tools?: readonly (string | ToolLike)[];
  /** See {@link ToolRetryOnFailure}. @default "continue" */
  onFailure?: ToolRetryOnFailure;
}

const NAME = "ToolRetryMiddleware";

/** `Tool 'x' failed after 3 attempts with TypeError: message` */
export function toolFailureMessage(toolName: string, error: Error, attempts: number): string {
  const kind = error.name && error.name !== "Error" ? error.name : error.constructor.name;
  return `Tool '${toolName}' failed after ${attempts} ${attempts === 1 ? "attempt" : "attempts"} with ${kind}: ${error.message}`;
}

/**
 * Retries failing tool calls with exponential backoff: up to `maxRetries` more attempts,
 * waiting `initialDelayMs * backoffFactor^n` (capped at `maxDelayMs`, ±25% jitter) between
 * them. Then `onFailure` decides: by default the call is answered with an error
 * `ToolMessage` so the model can adapt. Interrupts raised by a tool pass through untouched.
 *
 * @throws WeftError `INVALID_CONFIG` for negative delays or retries, or an unknown `onFailure`.
 * @example
 * toolRetryMiddleware({ maxRetries: 3, tools: ["search"], retryOn: [NetworkError] });
 */
export function toolRetryMiddleware(
  options: ToolRetryMiddlewareConfig = {},
): AgentMiddleware<undefined, undefined> {
  const policy = retryPolicy(NAME, options);
  const onFailure = options.onFailure ?? "continue";
  if (
    typeof onFailure !== "function" &&
    !["continue", "error", "raise", "return_message"].includes(onFailure)
  ) {
    throw invalidOptions(NAME, `unknown onFailure ${JSON.stringify(onFailure)}`);
  }
  const only = new Set(
    (options.tools ?? []).map((tool) => {
      const name = typeof tool === "string" ? tool : tool?.name;
      if (typeof name !== "string") throw invalidOptions(NAME, "tools must be names or tools");
      return name;
    }),
  );

  return createMiddleware({
    // Named after its tools, so that tools with different policies get one middleware each.
    name: only.size > 0 ? `${NAME}[${[...only].join(",")}]` : NAME,
    wrapToolCall: (request, handler) => {
      const toolName = request.tool?.name ?? request.toolCall.name;
      if (only.size > 0 && !only.has(toolName)) return handler(request);
      return withRetries(
        policy,
        () => handler(request),
        (error, attempts) => {
          if (onFailure === "error" || onFailure === "raise") throw error;
          const content =
            typeof onFailure === "function"
              ? onFailure(error)
              : toolFailureMessage(toolName, error, attempts);
          return new ToolMessage({
            content,
            tool_call_id: request.toolCall.id ?? "",
            name: toolName,
            status: "error",
          });
        },
        request.runtime.signal,
      );
    },
  });
}
