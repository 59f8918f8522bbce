/** The role a message plays; `"generic"` is a {@link ChatMessage} with a free-form role. */
export type MessageType = "human" | "ai" | "tool" | "system" | "remove" | "generic";

/** One block of multimodal content (`{type: "text", text}`, `{type: "image_url", ...}`...). */
export interface ContentBlock {
  type: string;
  [key: string]: unknown;
}

/** A message's payload: plain text or a list of provider-native / standard content blocks. */
export type MessageContent = string | ContentBlock[];

/** A request from the model to call a tool, as parsed from its output. */
export interface ToolCall {
  /** The id a {@link ToolMessage} answering this call carries in `tool_call_id`. */
  id?: string;
  name: string;
  args: Record<string, any>;
  type?: "tool_call";
}

/** A tool call whose arguments could not be parsed. */
export interface InvalidToolCall {
  id?: string;
  name?: string;
  /** The raw, unparsable argument text. */
  args?: string;
  error?: string;
  index?: string | number;
  type?: "invalid_tool_call";
}

/** A piece of a tool call received while streaming; pieces with the same `index` are joined. */
export interface ToolCallChunk {
  id?: string;
  name?: string;
  /** A fragment of the JSON argument text. */
  args?: string;
  index?: number;
  type?: "tool_call_chunk";
}

/** Token counts reported by the model provider. */
export interface UsageMetadata {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  input_token_details?: Record<string, number>;
  output_token_details?: Record<string, number>;
}

/** Fields every message constructor accepts. */
export interface BaseMessageFields {
  content?: MessageContent;
  /** Content given as standard blocks; used when `content` is absent. */
  contentBlocks?: ContentBlock[];
  id?: string;
  name?: string;
  /** Provider-specific extras sent with the message. @default {} */
  additional_kwargs?: Record<string, unknown>;
  /** Provider-specific facts about a response (model name, finish reason...). @default {} */
  response_metadata?: Record<string, unknown>;
}

/** Fields of {@link AIMessage}. */
export interface AIMessageFields extends BaseMessageFields {
  /** @default [] */
  tool_calls?: ToolCall[];
  /** @default [] */
  invalid_tool_calls?: InvalidToolCall[];
  usage_metadata?: UsageMetadata;
}

/** Fields of {@link AIMessageChunk}. */
export interface AIMessageChunkFields extends AIMessageFields {
  /** When non-empty, `tool_calls` and `invalid_tool_calls` are derived from these. @default [] */
  tool_call_chunks?: ToolCallChunk[];
}

/** Fields of {@link ToolMessage}. */
export interface ToolMessageFields extends BaseMessageFields {
  tool_call_id: string;
  /** Whether the tool succeeded. */
  status?: "success" | "error";
  /** Data for the application that is not sent to the model. */
  artifact?: unknown;
  metadata?: Record<string, unknown>;
}

/** Fields of {@link ChatMessage}. */
export interface ChatMessageFields extends BaseMessageFields {
  role: string;
}

/** Fields of {@link RemoveMessage}: the id of the message to delete. */
export interface RemoveMessageFields extends Omit<BaseMessageFields, "content" | "contentBlocks"> {
  id: string;
}

/** Plain data of a message: what `toJSON()` returns and what the coercion accepts back. */
export interface MessageData extends BaseMessageFields {
  type: MessageType;
  [key: string]: unknown;
}

/**
 * What `@langchain/core` and Weft messages have in common; code that must accept both
 * (reducers, coercion) types its input with this.
 */
export interface MessageShape {
  readonly type?: string;
  content: MessageContent | unknown[];
  id?: string;
  name?: string;
  _getType(): string;
}
