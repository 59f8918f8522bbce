export {
  addMessages,
  type Messages,
  messagesStateReducer,
  REMOVE_ALL_MESSAGES,
} from "./add-messages.ts";
export { AIMessage } from "./ai-message.ts";
export { AIMessageChunk, type AIMessageChunkLike } from "./ai-message-chunk.ts";
export { BaseMessage, isBaseMessage, isWeftMessage } from "./base-message.ts";
export { ChatMessage } from "./chat-message.ts";
export { coerceMessageLikeToMessage, type MessageDict, type MessageLike } from "./coerce.ts";
export { HumanMessage } from "./human-message.ts";
export { parsePartialJson } from "./parse-partial-json.ts";
export { RemoveMessage } from "./remove-message.ts";
export { type EncodedMessage, messageCodec } from "./serde.ts";
export { SystemMessage } from "./system-message.ts";
export { collapseToolCallChunks, type ParsedToolCalls, parseToolCalls } from "./tool-calls.ts";
export { ToolMessage } from "./tool-message.ts";
export type {
  AIMessageChunkFields,
  AIMessageFields,
  BaseMessageFields,
  ChatMessageFields,
  ContentBlock,
  InvalidToolCall,
  MessageContent,
  MessageData,
  MessageShape,
  MessageType,
  RemoveMessageFields,
  ToolCall,
  ToolCallChunk,
  ToolMessageFields,
  UsageMetadata,
} from "./types.ts";
