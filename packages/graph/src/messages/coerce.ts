import { GraphInputError } from "../errors.ts";
import { AIMessage } from "./ai-message.ts";
import { AIMessageChunk } from "./ai-message-chunk.ts";
import { type BaseMessage, isBaseMessage } from "./base-message.ts";
import { ChatMessage } from "./chat-message.ts";
import { HumanMessage } from "./human-message.ts";
import { RemoveMessage } from "./remove-message.ts";
import { SystemMessage } from "./system-message.ts";
import { ToolMessage } from "./tool-message.ts";
import type {
  ChatMessageFields,
  MessageContent,
  MessageShape,
  RemoveMessageFields,
  ToolMessageFields,
} from "./types.ts";

/** A message given as plain data: OpenAI-style `{role, content}` or Weft/core `{type, content}`. */
export interface MessageDict {
  role?: string;
  type?: string;
  content?: MessageContent | null;
  [key: string]: unknown;
}

/** Anything `coerceMessageLikeToMessage` turns into a message. */
export type MessageLike =
  | BaseMessage
  | MessageShape
  | string
  | readonly [role: string, content: MessageContent]
  | MessageDict;

type Fields = Record<string, any>;

// Serialized `@langchain/core` messages ({lc: 1, type: "constructor", id: [..., name]}):
// a closed map from class name to role, never a lookup by an arbitrary name.
const SERIALIZED_ROLES: Readonly<Record<string, string>> = {
  HumanMessage: "human",
  HumanMessageChunk: "human",
  AIMessage: "ai",
  AIMessageChunk: "ai_chunk",
  SystemMessage: "system",
  SystemMessageChunk: "system",
  ToolMessage: "tool",
  ToolMessageChunk: "tool",
  ChatMessage: "generic",
  ChatMessageChunk: "generic",
  RemoveMessage: "remove",
};

const TYPES = new Set(["human", "ai", "system", "tool", "remove", "generic"]);

function describe(value: unknown): string {
  if (value === null || typeof value !== "object") return `${typeof value} ${String(value)}`;
  try {
    const json = JSON.stringify(value);
    return json.length > 200 ? `${json.slice(0, 200)}...` : json;
  } catch {
    return Object.prototype.toString.call(value);
  }
}

function invalid(reason: string, received: unknown): GraphInputError {
  return new GraphInputError("INVALID_INPUT", `${reason}. Received: ${describe(received)}`, {
    received: describe(received),
  });
}

function build(role: string, fields: Fields, original: unknown): BaseMessage {
  const content = fields.content;
  if (
    content !== undefined &&
    content !== null &&
    typeof content !== "string" &&
    !Array.isArray(content)
  ) {
    throw invalid("Message content must be a string or an array of content blocks", original);
  }
  switch (role) {
    case "human":
    case "user":
      return new HumanMessage(fields);
    case "ai":
    case "assistant":
      return new AIMessage(fields);
    case "ai_chunk":
      return new AIMessageChunk(fields);
    case "system":
      return new SystemMessage(fields);
    case "developer":
      // OpenAI's developer role is a system message that remembers its original role.
      return new SystemMessage({
        ...fields,
        additional_kwargs: { ...fields.additional_kwargs, __openai_role__: "developer" },
      });
    case "tool":
      if (typeof fields.tool_call_id !== "string") {
        throw invalid("A tool message needs a string tool_call_id", original);
      }
      return new ToolMessage(fields as ToolMessageFields);
    case "generic":
      if (typeof fields.role !== "string")
        throw invalid("A generic message needs a string role", original);
      return new ChatMessage(fields as ChatMessageFields);
    case "remove":
      if (typeof fields.id !== "string")
        throw invalid("A remove message needs a string id", original);
      return new RemoveMessage(fields as RemoveMessageFields);
    default:
      throw invalid(
        `Cannot make a message with role "${role}": expected human/user, ai/assistant, system, developer, tool, remove or generic`,
        original,
      );
  }
}

function fromSerialized(value: Fields): BaseMessage | undefined {
  if (value.lc !== 1 || value.type !== "constructor" || !Array.isArray(value.id)) return undefined;
  const name = value.id[value.id.length - 1];
  const role = typeof name === "string" ? SERIALIZED_ROLES[name] : undefined;
  if (role === undefined) throw invalid("Unknown serialized message class", value);
  return build(role, { ...(value.kwargs ?? {}) }, value);
}

/**
 * Turns anything message-like into a message: a string (a human message), a `[role,
 * content]` tuple, a `{role, content, ...}` dict (roles user/human, assistant/ai,
 * system/developer, tool), a `{type: "human", ...}` dict (what `toJSON()` returns), or a
 * serialized `@langchain/core` message. Messages, Weft or core, are returned as they are.
 * Dict tool calls in OpenAI style (`{id, type: "function", function: {name, arguments}}`)
 * become `tool_calls`.
 *
 * Throws `GraphInputError` code `INVALID_INPUT` naming what it received for anything else.
 *
 * @example
 * coerceMessageLikeToMessage({ role: "user", content: "hi" }); // HumanMessage
 * coerceMessageLikeToMessage(["assistant", "hello"]); // AIMessage
 */
export function coerceMessageLikeToMessage(value: MessageLike): BaseMessage {
  if (typeof value === "string") return new HumanMessage(value);
  if (isBaseMessage(value)) return value;
  if (Array.isArray(value)) {
    const [role, content] = value as unknown[];
    if (value.length !== 2 || typeof role !== "string") {
      throw invalid("A message tuple must be [role, content]", value);
    }
    return build(role, { content }, value);
  }
  if (typeof value !== "object" || value === null) {
    throw invalid("Expected a message, a string, a [role, content] tuple or a message dict", value);
  }
  const dict = value as MessageDict;
  const serialized = fromSerialized(dict);
  if (serialized !== undefined) return serialized;
  if (typeof dict.type === "string" && TYPES.has(dict.type)) {
    const { type, ...fields } = dict;
    return build(type, fields, value);
  }
  if (typeof dict.role === "string") {
    const { role, ...fields } = dict;
    return build(role, fields, value);
  }
  throw invalid("Expected a message, a string, a [role, content] tuple or a message dict", value);
}
