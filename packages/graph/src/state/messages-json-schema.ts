import type { JSONSchema } from "./json-schema.ts";
import type { SchemaIo } from "./schema-json.ts";

/**
 * The JSON Schema keywords that mark a message-list field, as the peer's
 * `MessagesValue` sets them: Studio shows such a field as a chat.
 */
export const MESSAGES_JSON_EXTRA: Readonly<Record<string, unknown>> = {
  langgraph_type: "messages",
  description: "A list of chat messages",
};

/** True when a field's `jsonSchemaExtra` marks it as a message list. */
export function isMessagesExtra(extra: Record<string, unknown> | undefined): boolean {
  return extra?.langgraph_type === "messages";
}

/**
 * The JSON Schema of a message-list field: for `"output"` the stored list of message
 * objects (`{type, content, id, ...}`, as they travel on the wire), for `"input"`
 * what the messages reducer accepts (one message or a list; message objects,
 * `{role, content}` dicts, strings or `[role, content]` pairs). Fresh on every call.
 */
export function messagesJsonSchema(io: SchemaIo): JSONSchema {
  if (io === "output") return { type: "array", items: storedMessage() };
  return { anyOf: [...messageLike(), { type: "array", items: { anyOf: messageLike() } }] };
}

function storedMessage(): JSONSchema {
  return {
    type: "object",
    properties: {
      type: { type: "string" },
      content: content(),
      id: { type: "string" },
      name: { type: "string" },
    },
    required: ["type", "content"],
  };
}

function messageLike(): JSONSchema[] {
  return [
    { type: "string" },
    { type: "array", items: [{ type: "string" }, content()], minItems: 2, maxItems: 2 },
    {
      type: "object",
      properties: {
        role: { type: "string" },
        type: { type: "string" },
        content: { anyOf: [...(content().anyOf ?? []), { type: "null" }] },
        id: { type: "string" },
        name: { type: "string" },
      },
    },
  ];
}

/** Text, or a list of content blocks (`{type: "text", text}`, `{type: "image_url", ...}`). */
function content(): JSONSchema {
  return {
    anyOf: [
      { type: "string" },
      {
        type: "array",
        items: { type: "object", properties: { type: { type: "string" } }, required: ["type"] },
      },
    ],
  };
}
