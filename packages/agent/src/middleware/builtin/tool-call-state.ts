import { AIMessage, type BaseMessage, type ToolCall, ToolMessage } from "@weft/graph";

/** The last AI message of the conversation and where it is, if any. */
export function lastAIMessage(
  messages: readonly BaseMessage[],
): { message: AIMessage; index: number } | undefined {
  for (let index = messages.length - 1; index >= 0; index--) {
    const message = messages[index];
    if (AIMessage.isInstance(message)) return { message, index };
  }
  return undefined;
}

/**
 * The tool calls of `message` (at `index` in `messages`) that no later `ToolMessage`
 * answers yet: the calls the tools node is about to run. Other middleware may already
 * have answered some (a rejected or refused call), and those are not pending.
 */
export function pendingToolCalls(
  messages: readonly BaseMessage[],
  message: AIMessage,
  index: number,
): ToolCall[] {
  const answered = new Set<string>();
  for (let i = index + 1; i < messages.length; i++) {
    const later = messages[i];
    if (ToolMessage.isInstance(later)) answered.add(later.tool_call_id);
  }
  return (message.tool_calls ?? []).filter((call) => !call.id || !answered.has(call.id));
}

/** A copy of an AI message (Weft or core) with other tool calls; id and metadata kept. */
export function withToolCalls(message: AIMessage, toolCalls: ToolCall[]): AIMessage {
  return new AIMessage({
    content: message.content,
    id: message.id,
    name: message.name,
    additional_kwargs: message.additional_kwargs,
    response_metadata: message.response_metadata,
    usage_metadata: message.usage_metadata,
    invalid_tool_calls: message.invalid_tool_calls,
    tool_calls: toolCalls,
  });
}
