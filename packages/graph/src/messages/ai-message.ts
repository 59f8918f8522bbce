import { resolveToolCalls, withToolCallBlocks } from "./ai-tool-calls.ts";
import { BaseMessage, hasMessageType, toFields } from "./base-message.ts";
import type {
  AIMessageFields,
  ContentBlock,
  InvalidToolCall,
  MessageContent,
  ToolCall,
  UsageMetadata,
} from "./types.ts";

/**
 * A reply from the model: text and/or tool calls, with token usage when the provider
 * reports it.
 *
 * @example
 * new AIMessage("Cherry blossoms bloom...");
 * new AIMessage({
 *   content: "",
 *   tool_calls: [{ id: "call_1", name: "get_weather", args: { city: "Paris" } }],
 * });
 */
export class AIMessage extends BaseMessage {
  readonly type = "ai" as const;
  /** The tools the model asked to call; empty when none. */
  tool_calls: ToolCall[];
  /** Tool calls whose arguments could not be parsed. */
  invalid_tool_calls: InvalidToolCall[];
  /** Token counts, when the provider reports them. */
  usage_metadata?: UsageMetadata;

  constructor(fields: MessageContent | AIMessageFields) {
    const all = toFields<AIMessageFields>(fields);
    super(all);
    const calls = resolveToolCalls(all);
    this.tool_calls = calls.tool_calls;
    this.invalid_tool_calls = calls.invalid_tool_calls;
    this.usage_metadata = all.usage_metadata;
  }

  /** The content blocks, plus a `tool_call` block for each tool call. */
  override get contentBlocks(): ContentBlock[] {
    return withToolCallBlocks(super.contentBlocks, this.tool_calls);
  }

  protected override extraFields(): Record<string, unknown> {
    return {
      tool_calls: this.tool_calls,
      invalid_tool_calls: this.invalid_tool_calls,
      usage_metadata: this.usage_metadata,
    };
  }

  /** True for any AI message or AI message chunk, Weft or `@langchain/core`. */
  static override isInstance(value: unknown): value is AIMessage {
    return hasMessageType(value, "ai");
  }
}
