import { resolveToolCalls, withToolCallBlocks } from "./ai-tool-calls.ts";
import { BaseMessage, hasMessageType, toFields } from "./base-message.ts";
import { mergeContent, mergeDicts, mergeLists, mergeUsage } from "./merge.ts";
import { collapseToolCallChunks } from "./tool-calls.ts";
import type {
  AIMessageChunkFields,
  ContentBlock,
  InvalidToolCall,
  MessageContent,
  ToolCall,
  ToolCallChunk,
  UsageMetadata,
} from "./types.ts";

/** What `concat` reads from the other chunk; a `@langchain/core` chunk fits too. */
export interface AIMessageChunkLike {
  content: MessageContent;
  id?: string;
  additional_kwargs?: Record<string, unknown>;
  response_metadata?: Record<string, unknown>;
  tool_calls?: ToolCall[];
  tool_call_chunks?: ToolCallChunk[];
  usage_metadata?: UsageMetadata;
}

/**
 * A piece of a streamed AI reply. `concat` joins pieces: text concatenates, tool-call
 * chunks with the same `index` merge, and `tool_calls` are parsed from the joined chunks
 * (partially while their JSON is still open).
 *
 * @example
 * let full: AIMessageChunk | undefined;
 * for await (const chunk of stream) full = full ? full.concat(chunk) : chunk;
 */
export class AIMessageChunk extends BaseMessage {
  readonly type = "ai" as const;
  /** Tool calls parsed from `tool_call_chunks` (or given directly when there are none). */
  tool_calls: ToolCall[];
  /** Tool calls whose arguments could not be parsed. */
  invalid_tool_calls: InvalidToolCall[];
  /** The raw streamed pieces of tool calls. */
  tool_call_chunks: ToolCallChunk[];
  /** Token counts, when the provider reports them. */
  usage_metadata?: UsageMetadata;

  constructor(fields: MessageContent | AIMessageChunkFields) {
    const all = toFields<AIMessageChunkFields>(fields);
    super(all);
    this.tool_call_chunks = all.tool_call_chunks ?? [];
    const calls =
      this.tool_call_chunks.length > 0
        ? collapseToolCallChunks(this.tool_call_chunks)
        : resolveToolCalls(all);
    this.tool_calls = calls.tool_calls;
    this.invalid_tool_calls = calls.invalid_tool_calls;
    this.usage_metadata = all.usage_metadata;
  }

  /** A new chunk holding this one followed by `other`; neither is changed. */
  concat(other: AIMessageChunkLike): AIMessageChunk {
    const chunks = mergeLists(this.tool_call_chunks, other.tool_call_chunks ?? []);
    return new AIMessageChunk({
      content: mergeContent(this.content, other.content),
      id: this.id ?? other.id,
      additional_kwargs: mergeDicts(this.additional_kwargs, other.additional_kwargs),
      response_metadata: mergeDicts(this.response_metadata, other.response_metadata),
      tool_call_chunks: chunks,
      // Without chunks, tool calls arrived whole: keep them all.
      tool_calls: chunks.length > 0 ? [] : mergeLists(this.tool_calls, other.tool_calls ?? []),
      usage_metadata: mergeUsage(this.usage_metadata, other.usage_metadata),
    });
  }

  /** The content blocks, plus a `tool_call` block for each tool call. */
  override get contentBlocks(): ContentBlock[] {
    return withToolCallBlocks(super.contentBlocks, this.tool_calls);
  }

  protected override extraFields(): Record<string, unknown> {
    return {
      tool_calls: this.tool_calls,
      invalid_tool_calls: this.invalid_tool_calls,
      tool_call_chunks: this.tool_call_chunks,
      usage_metadata: this.usage_metadata,
    };
  }

  /** True for any AI message chunk (an AI message with `tool_call_chunks`), Weft or core. */
  static override isInstance(value: unknown): value is AIMessageChunk {
    return (
      hasMessageType(value, "ai") &&
      Array.isArray((value as { tool_call_chunks?: unknown }).tool_call_chunks) &&
      typeof (value as { concat?: unknown }).concat === "function"
    );
  }
}
