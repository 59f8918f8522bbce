import { AIMessage } from "@weft/graph";
import * as z from "zod";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentMiddleware } from "../types.ts";
import {
  type CallLimitDetails,
  ModelCallLimitMiddlewareError,
  modelCallLimitMessage,
} from "./errors.ts";
import { checkExitBehavior, checkLimits } from "./limits.ts";

/** Options of {@link modelCallLimitMiddleware}. */
export interface ModelCallLimitMiddlewareConfig {
  /** Most model calls in one thread, over all its runs (needs a checkpointer to span runs). */
  threadLimit?: number;
  /** Most model calls in one run (one `invoke` or `stream`, resumes included). */
  runLimit?: number;
  /**
   * At the limit: `"end"` stops the agent with an AI message saying so; `"error"` throws
   * {@link ModelCallLimitMiddlewareError} (code `MODEL_CALL_LIMIT_EXCEEDED`).
   * @default "end"
   */
  exitBehavior?: "end" | "error";
}

const NAME = "ModelCallLimitMiddleware";

const modelCallCounts = z.object({
  /** Model calls made in this thread so far. */
  threadModelCallCount: z.number().default(0),
  /** Model calls made in the current run so far. */
  runModelCallCount: z.number().default(0),
});

/**
 * Caps the number of model calls, per thread and/or per run: a guard against runaway
 * loops and cost. Before each model call the counts (kept in state as
 * `threadModelCallCount` and `runModelCallCount`) are checked; at a limit the agent ends
 * with an explanatory AI message, or throws with `exitBehavior: "error"`.
 *
 * @throws WeftError `INVALID_CONFIG` without any limit, for a negative or fractional
 *   limit, or when `runLimit` exceeds `threadLimit`.
 * @example
 * createAgent({ model, tools, middleware: [modelCallLimitMiddleware({ threadLimit: 10, runLimit: 5 })] });
 */
export function modelCallLimitMiddleware(
  options: ModelCallLimitMiddlewareConfig,
): AgentMiddleware<typeof modelCallCounts, undefined> {
  checkLimits(NAME, options ?? {});
  checkExitBehavior(NAME, options.exitBehavior, ["end", "error"]);
  const { threadLimit, runLimit } = options;
  const exitBehavior = options.exitBehavior ?? "end";

  return createMiddleware({
    name: NAME,
    stateSchema: modelCallCounts,
    // A new run starts counting from zero, even when the previous one failed midway.
    beforeAgent: () => ({ runModelCallCount: 0 }),
    beforeModel: {
      canJumpTo: ["end"],
      hook: (state) => {
        let reached: CallLimitDetails | undefined;
        if (threadLimit !== undefined && state.threadModelCallCount >= threadLimit) {
          reached = { threadLimit, threadCount: state.threadModelCallCount };
        } else if (runLimit !== undefined && state.runModelCallCount >= runLimit) {
          reached = { runLimit, runCount: state.runModelCallCount };
        }
        if (!reached) return undefined;
        if (exitBehavior === "error") throw new ModelCallLimitMiddlewareError(reached);
        return { jumpTo: "end", messages: [new AIMessage(modelCallLimitMessage(reached))] };
      },
    },
    afterModel: (state) => ({
      threadModelCallCount: state.threadModelCallCount + 1,
      runModelCallCount: state.runModelCallCount + 1,
    }),
  });
}
