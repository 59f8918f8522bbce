import { SystemMessage } from "@weft/graph";
import { createMiddleware } from "./create-middleware.ts";
import type { AgentBuiltInState, AgentMiddleware, PromiseOrValue, Runtime } from "./types.ts";

/** Builds the system prompt of one model call from the state and the run's context. */
export type DynamicSystemPromptFn<TContext> = (
  state: AgentBuiltInState & Record<string, unknown>,
  runtime: Runtime<TContext>,
) => PromiseOrValue<string | SystemMessage>;

/**
 * A middleware that computes the system prompt before each model call and appends it to
 * the agent's own `systemPrompt` (if any), keeping content blocks other middleware added.
 *
 * @throws TypeError from the model call when `fn` returns neither a string nor a `SystemMessage`.
 * @example
 * const agent = createAgent({
 *   model: "openai:gpt-4.1",
 *   contextSchema,
 *   middleware: [
 *     dynamicSystemPromptMiddleware<{ userRole: string }>((state, runtime) =>
 *       runtime.context.userRole === "expert" ? "Be technical." : "Explain simply."),
 *   ],
 * });
 */
export function dynamicSystemPromptMiddleware<TContext = Record<string, unknown>>(
  fn: DynamicSystemPromptFn<TContext>,
): AgentMiddleware<undefined, undefined, TContext> {
  return createMiddleware({
    name: "DynamicSystemPromptMiddleware",
    wrapModelCall: async (request, handler) => {
      const prompt = await fn(
        request.state as AgentBuiltInState & Record<string, unknown>,
        request.runtime as unknown as Runtime<TContext>,
      );
      if (typeof prompt !== "string" && !SystemMessage.isInstance(prompt)) {
        throw new TypeError(
          "dynamicSystemPromptMiddleware function must return a string or SystemMessage",
        );
      }
      return handler({ ...request, systemMessage: request.systemMessage.concat(prompt) });
    },
  }) as unknown as AgentMiddleware<undefined, undefined, TContext>;
}
