import { AIMessage, type BaseMessage, type ToolCall, ToolMessage } from "@weft/graph";
import * as z from "zod";
import { createMiddleware } from "../create-middleware.ts";
import type { AgentMiddleware } from "../types.ts";
import { ToolCallLimitExceededError, toolCallLimitMessage } from "./errors.ts";
import { checkExitBehavior, checkLimits } from "./limits.ts";
import { lastAIMessage, pendingToolCalls } from "./tool-call-state.ts";

/** Options of {@link toolCallLimitMiddleware}. */
export interface ToolCallLimitConfig {
  /** The tool to limit; without it, the limit counts calls to every tool together. */
  toolName?: string;
  /** Most calls in one thread, over all its runs (needs a checkpointer to span runs). */
  threadLimit?: number;
  /** Most calls in one run. */
  runLimit?: number;
  /**
   * What happens to a call over the limit:
   * - `"continue"`: it is not run; an error `ToolMessage` tells the model to stop calling
   *   it, and the agent goes on;
   * - `"error"`: {@link ToolCallLimitExceededError} is thrown (code `TOOL_CALL_LIMIT_EXCEEDED`);
   * - `"end"`: the agent stops with an AI message saying so (any other call of that
   *   reply is answered as not run).
   * @default "continue"
   */
  exitBehavior?: "continue" | "error" | "end";
}

// Counts by tool name, `__all__` for a limit over every tool; several instances share them.
const ALL_TOOLS = "__all__";

const toolCallCounts = z.object({
  /** Tool calls run in this thread so far, by tool name (`__all__` for all tools). */
  threadToolCallCount: z.record(z.string(), z.number()).default({}),
  /** Tool calls run in the current run so far, by tool name (`__all__` for all tools). */
  runToolCallCount: z.record(z.string(), z.number()).default({}),
});

function refusal(toolName: string | undefined): string {
  return toolName
    ? `Tool call limit exceeded. Do not call '${toolName}' again.`
    : "Tool call limit exceeded. Do not make additional tool calls.";
}

function answer(call: ToolCall, content: string): ToolMessage {
  return new ToolMessage({
    content,
    tool_call_id: call.id ?? "",
    name: call.name,
    status: "error",
  });
}

/**
 * Caps the number of tool calls, for one tool (`toolName`) or for all, per thread and/or
 * per run. After each model reply its calls are counted in order; calls past a limit are
 * handled by `exitBehavior` (by default answered with an error `ToolMessage` instead of
 * running, so the model can finish without them). Counts live in state
 * (`threadToolCallCount`, `runToolCallCount`); add one middleware per limited tool.
 *
 * @throws WeftError `INVALID_CONFIG` without any limit, for a negative or fractional
 *   limit, when `runLimit` exceeds `threadLimit`, or for an unknown `exitBehavior`.
 * @example
 * middleware: [
 *   toolCallLimitMiddleware({ threadLimit: 20, runLimit: 10 }),
 *   toolCallLimitMiddleware({ toolName: "search", runLimit: 3 }),
 * ]
 */
export function toolCallLimitMiddleware(
  options: ToolCallLimitConfig,
): AgentMiddleware<typeof toolCallCounts, undefined> {
  const name = options?.toolName
    ? `ToolCallLimitMiddleware[${options.toolName}]`
    : "ToolCallLimitMiddleware";
  checkLimits(name, options ?? {});
  checkExitBehavior(name, options.exitBehavior, ["continue", "error", "end"]);
  const { toolName, threadLimit, runLimit } = options;
  const exitBehavior = options.exitBehavior ?? "continue";
  const key = toolName ?? ALL_TOOLS;

  return createMiddleware({
    name,
    stateSchema: toolCallCounts,
    beforeAgent: (state) => ({ runToolCallCount: { ...state.runToolCallCount, [key]: 0 } }),
    afterModel: {
      canJumpTo: ["end"],
      hook: (state) => {
        const last = lastAIMessage(state.messages);
        if (!last) return undefined;
        const pending = pendingToolCalls(state.messages, last.message, last.index);
        let threadCount = state.threadToolCallCount[key] ?? 0;
        let runCount = state.runToolCallCount[key] ?? 0;
        const blocked: ToolCall[] = [];
        let counted = 0;
        for (const call of pending) {
          if (toolName !== undefined && call.name !== toolName) continue;
          counted++;
          const over =
            (threadLimit !== undefined && threadCount + 1 > threadLimit) ||
            (runLimit !== undefined && runCount + 1 > runLimit);
          if (over) blocked.push(call);
          else {
            threadCount++;
            runCount++;
          }
        }
        if (counted === 0) return undefined;
        const counts = {
          threadToolCallCount: { ...state.threadToolCallCount, [key]: threadCount },
          runToolCallCount: { ...state.runToolCallCount, [key]: runCount },
        };
        if (blocked.length === 0) return counts;

        const attempted = {
          threadCount: threadCount + blocked.length,
          runCount: runCount + blocked.length,
        };
        const limits = { threadLimit, runLimit, toolName };
        if (exitBehavior === "error") throw new ToolCallLimitExceededError(attempted, limits);
        const answers: BaseMessage[] = blocked.map((call) => answer(call, refusal(toolName)));
        if (exitBehavior === "end") {
          // Ending leaves no call unanswered, so the thread stays valid for the next turn.
          const notRun = pending.filter((call) => !blocked.includes(call));
          const summary = toolCallLimitMessage(attempted, limits);
          answers.push(...notRun.map((call) => answer(call, `Tool call not run: ${summary}`)));
          answers.push(new AIMessage(summary));
          return { ...counts, messages: answers, jumpTo: "end" };
        }
        // No jump: the other calls run, then the model reads the refusals (straight away
        // when every call was refused).
        return { ...counts, messages: answers };
      },
    },
  });
}
