import { registerSerdeCodec, type SerdeCodec } from "@weft/checkpoint";
import { WeftError } from "../errors.ts";
import { AIMessage } from "./ai-message.ts";
import { AIMessageChunk } from "./ai-message-chunk.ts";
import { type BaseMessage, isWeftMessage } from "./base-message.ts";
import { ChatMessage } from "./chat-message.ts";
import { HumanMessage } from "./human-message.ts";
import { RemoveMessage } from "./remove-message.ts";
import { SystemMessage } from "./system-message.ts";
import { ToolMessage } from "./tool-message.ts";
import type { ChatMessageFields, RemoveMessageFields, ToolMessageFields } from "./types.ts";

type Fields = Record<string, any>;

// The closed set of classes a checkpoint may name. Decoding picks a factory from this
// table by key; nothing in the payload is ever used as a constructor or function name.
const FACTORIES: Readonly<Record<string, (fields: Fields) => BaseMessage>> = {
  human: (fields) => new HumanMessage(fields),
  ai: (fields) => new AIMessage(fields),
  ai_chunk: (fields) => new AIMessageChunk(fields),
  tool: (fields) => new ToolMessage(fields as ToolMessageFields),
  system: (fields) => new SystemMessage(fields),
  generic: (fields) => new ChatMessage(fields as ChatMessageFields),
  remove: (fields) => new RemoveMessage(fields as RemoveMessageFields),
};

/** How a Weft message is stored: its class key and its constructor fields. */
export interface EncodedMessage {
  kind: string;
  fields: Fields;
}

function kindOf(message: BaseMessage): string {
  // By role and shape rather than prototype, so subclasses and messages from another
  // installed copy of Weft encode too.
  return message.type === "ai" && AIMessageChunk.isInstance(message) ? "ai_chunk" : message.type;
}

function isRecord(value: unknown): value is Fields {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * The checkpoint serializer codec (tag `"weft.message"`) for Weft's own message classes;
 * registered with `@weft/checkpoint` when this module loads. `@langchain/core` messages
 * are encoded by the serializer's own `lc` codec, not this one.
 *
 * Decoding throws `WeftError` code `SERIALIZATION_ERROR` for an unknown class key or a
 * malformed payload.
 */
export const messageCodec: SerdeCodec<BaseMessage> = {
  tag: "weft.message",
  test: isWeftMessage,
  encode(message): EncodedMessage {
    return { kind: kindOf(message), fields: message.toDict().data };
  },
  decode(data) {
    const kind = isRecord(data) ? data.kind : undefined;
    const factory =
      typeof kind === "string" && Object.hasOwn(FACTORIES, kind) ? FACTORIES[kind] : undefined;
    if (factory === undefined || !isRecord((data as EncodedMessage).fields)) {
      throw new WeftError(
        "SERIALIZATION_ERROR",
        `Cannot decode a message of kind ${JSON.stringify(kind)}`,
        {
          details: { kind },
        },
      );
    }
    return factory((data as EncodedMessage).fields);
  },
};

registerSerdeCodec(messageCodec);
