import { type ParsedToolCalls, parseToolCalls } from "./tool-calls.ts";
import type { AIMessageFields, ContentBlock, ToolCall } from "./types.ts";

// What AIMessage and AIMessageChunk share, kept once here rather than in a class chain.

/**
 * The tool calls of a new AI message: the `tool_calls` given (OpenAI-style entries are
 * parsed too), else the raw OpenAI `additional_kwargs.tool_calls`, else none.
 */
export function resolveToolCalls(fields: AIMessageFields): ParsedToolCalls {
  const given = fields.invalid_tool_calls ?? [];
  const raw = fields.tool_calls ?? fields.additional_kwargs?.tool_calls;
  if (!Array.isArray(raw) || raw.length === 0) return { tool_calls: [], invalid_tool_calls: given };
  const parsed = parseToolCalls(raw);
  return {
    tool_calls: parsed.tool_calls,
    invalid_tool_calls:
      parsed.invalid_tool_calls.length > 0 ? [...given, ...parsed.invalid_tool_calls] : given,
  };
}

/** Content blocks plus a `tool_call` block for each call the content does not mention. */
export function withToolCallBlocks(
  blocks: ContentBlock[],
  calls: readonly ToolCall[],
): ContentBlock[] {
  for (const call of calls) {
    const present = blocks.some(
      (b) => b.type === "tool_call" && b.id === call.id && b.name === call.name,
    );
    if (!present) blocks.push({ type: "tool_call", id: call.id, name: call.name, args: call.args });
  }
  return blocks;
}
