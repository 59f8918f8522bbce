import { END } from "../constants.ts";
import { hasMessageType } from "../messages/base-message.ts";
import type { BaseMessage, ToolCall } from "../messages/index.ts";

/** Ids of the tool calls a `ToolMessage` already answers. */
function answeredIds(messages: readonly BaseMessage[]): Set<string> {
  const answered = new Set<string>();
  for (const m of messages) {
    if (hasMessageType(m, "tool")) {
      answered.add((m as unknown as { tool_call_id: string }).tool_call_id);
    }
  }
  return answered;
}

/**
 * The tool calls to run next: those of the last message when it is an AI message; with
 * `skipAnswered` (after a post-model hook, which may have answered some), those of the
 * last AI message that no `ToolMessage` answers yet.
 */
export function pendingToolCalls(
  messages: readonly BaseMessage[],
  skipAnswered: boolean,
): ToolCall[] {
  if (!skipAnswered) {
    const last = messages[messages.length - 1];
    if (!hasMessageType(last, "ai")) return [];
    return (last as { tool_calls?: ToolCall[] }).tool_calls ?? [];
  }
  const answered = answeredIds(messages);
  for (let i = messages.length - 1; i >= 0; i--) {
    const m = messages[i];
    if (hasMessageType(m, "ai")) {
      const calls = (m as { tool_calls?: ToolCall[] }).tool_calls ?? [];
      return calls.filter((call) => call.id == null || !answered.has(call.id));
    }
  }
  return [];
}

/**
 * The edge after the tools node when some tools return directly: `END` if one of the
 * latest tool messages comes from such a tool, else back to `entry`.
 */
export function returnDirectRouter(returnDirect: ReadonlySet<string>, entry: string) {
  return (state: { messages: BaseMessage[] }): string => {
    for (let i = state.messages.length - 1; i >= 0; i--) {
      const message = state.messages[i] as { name?: string };
      if (!hasMessageType(message, "tool")) break;
      if (message.name !== undefined && returnDirect.has(message.name)) return END;
    }
    return entry;
  };
}
