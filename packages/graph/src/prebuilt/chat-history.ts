import { WeftError } from "@weft/checkpoint";
import { hasMessageType } from "../messages/base-message.ts";
import type { ToolCall } from "../messages/index.ts";

/**
 * Checks that every tool call of an AI message has its `ToolMessage` before the model is
 * called again: a model API rejects such a history, so fail early and say why.
 *
 * @throws WeftError `INVALID_CHAT_HISTORY` listing the unanswered calls.
 */
export function validateChatHistory(messages: readonly unknown[]): void {
  const answered = new Set<string>();
  for (const message of messages) {
    if (hasMessageType(message, "tool")) {
      answered.add((message as { tool_call_id: string }).tool_call_id);
    }
  }
  const missing: ToolCall[] = [];
  for (const message of messages) {
    if (!hasMessageType(message, "ai")) continue;
    for (const call of (message as { tool_calls?: ToolCall[] }).tool_calls ?? []) {
      if (call.id != null && !answered.has(call.id)) missing.push(call);
    }
  }
  if (missing.length === 0) return;
  throw new WeftError(
    "INVALID_CHAT_HISTORY",
    `Found AIMessages with tool_calls that do not have a corresponding ToolMessage: ${missing
      .map((call) => `${call.name} (${call.id})`)
      .join(
        ", ",
      )}. Every tool call must be answered by a ToolMessage with its tool_call_id before the model runs again.\nFor troubleshooting, see the error reference for code INVALID_CHAT_HISTORY.`,
    { details: { toolCalls: missing } },
  );
}
