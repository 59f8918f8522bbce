import { isGraphBubbleUp } from "@weft/graph";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentMiddleware } from "../types.ts";
import { invalidOptions } from "./errors.ts";
import { lazyModel, type ModelRef } from "./model-ref.ts";

/**
 * Tries other models when a model call fails: the agent's model first, then each of
 * `fallbackModels` in order, with the same request (messages, tools, system prompt). The
 * first reply wins; when every model fails, the last error is thrown. Interrupts and
 * cancellation are not treated as failures.
 *
 * @throws WeftError `INVALID_CONFIG` when no fallback model is given.
 * @example
 * createAgent({
 *   model: "openai:gpt-4o",
 *   tools,
 *   middleware: [modelFallbackMiddleware("openai:gpt-4o-mini", localModel)],
 * });
 */
export function modelFallbackMiddleware(
  ...fallbackModels: ModelRef[]
): AgentMiddleware<undefined, undefined> {
  if (fallbackModels.length === 0) {
    throw invalidOptions("ModelFallbackMiddleware", "give at least one fallback model");
  }
  const fallbacks = fallbackModels.map(lazyModel);
  return createMiddleware({
    name: "ModelFallbackMiddleware",
    wrapModelCall: async (request, handler) => {
      let lastError: unknown;
      for (let i = -1; i < fallbacks.length; i++) {
        try {
          return await handler(i < 0 ? request : { ...request, model: fallbacks[i]!() });
        } catch (error) {
          if (isGraphBubbleUp(error) || request.runtime.signal?.aborted) throw error;
          lastError = error;
        }
      }
      throw lastError;
    },
  });
}
