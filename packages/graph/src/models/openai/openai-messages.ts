import { type BaseMessage, messageTypeOf } from "../../messages/base-message.ts";

type Dict = Record<string, unknown>;

/** One message in Chat Completions wire format. */
export type OpenAIMessage = Dict & { role: string };

/**
 * Converts messages (Weft or `@langchain/core`) to Chat Completions messages: system
 * (or developer), user, assistant with `tool_calls`, tool with `tool_call_id`.
 * `RemoveMessage`s are dropped.
 */
export function toOpenAIMessages(messages: readonly BaseMessage[]): OpenAIMessage[] {
  const out: OpenAIMessage[] = [];
  for (const message of messages) {
    const converted = toOpenAIMessage(message);
    if (converted) out.push(converted);
  }
  return out;
}

function toOpenAIMessage(message: BaseMessage): OpenAIMessage | undefined {
  const m = message as BaseMessage & Dict;
  const type = messageTypeOf(message);
  const withName = (wire: OpenAIMessage): OpenAIMessage => {
    if (typeof m.name === "string" && m.name !== "" && wire.role !== "tool") wire.name = m.name;
    return wire;
  };
  switch (type) {
    case "system": {
      const role = m.additional_kwargs?.__openai_role__ === "developer" ? "developer" : "system";
      return withName({ role, content: textOrParts(m.content) });
    }
    case "human":
      return withName({ role: "user", content: userContent(m.content) });
    case "ai":
      return withName(assistantMessage(m));
    case "tool":
      return {
        role: "tool",
        tool_call_id: String(m.tool_call_id ?? ""),
        content: textOrParts(m.content),
      };
    case "generic":
      return withName({ role: String(m.role ?? "user"), content: textOrParts(m.content) });
    case "remove":
      return undefined;
    default:
      return withName({ role: "user", content: textOrParts(m.content) });
  }
}

function assistantMessage(m: BaseMessage & Dict): OpenAIMessage {
  const calls = Array.isArray(m.tool_calls) ? (m.tool_calls as Dict[]) : [];
  const text = textOrParts(m.content, true);
  const wire: OpenAIMessage = { role: "assistant", content: text };
  if (calls.length > 0) {
    wire.tool_calls = calls.map((call) => ({
      id: call.id,
      type: "function",
      function: { name: call.name, arguments: JSON.stringify(call.args ?? {}) },
    }));
    if (text === "") wire.content = null;
  }
  const refusal = (m.additional_kwargs as Dict | undefined)?.refusal;
  if (typeof refusal === "string") wire.refusal = refusal;
  return wire;
}

/** Text content as a string; block lists keep their text blocks (and, for users, images). */
function textOrParts(content: unknown, textOnly = false): string | Dict[] {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  const parts = content
    .map((block) => toPart(block as Dict))
    .filter((part): part is Dict => part !== undefined && (!textOnly || part.type === "text"));
  if (parts.every((part) => part.type === "text")) {
    return parts.map((part) => part.text as string).join("");
  }
  return parts;
}

function userContent(content: unknown): string | Dict[] {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content.map((block) => toPart(block as Dict)).filter((p): p is Dict => p !== undefined);
}

/** A content block as an OpenAI content part; tool-call blocks are carried by `tool_calls`. */
function toPart(block: Dict): Dict | undefined {
  if (typeof block === "string") return { type: "text", text: block };
  switch (block.type) {
    case "text":
      return { type: "text", text: String(block.text ?? "") };
    case "image_url":
      return { type: "image_url", image_url: block.image_url };
    case "image": {
      const url =
        typeof block.url === "string"
          ? block.url
          : typeof block.data === "string"
            ? `data:${block.mimeType ?? block.mime_type ?? "image/png"};base64,${block.data}`
            : undefined;
      return url ? { type: "image_url", image_url: { url } } : undefined;
    }
    case "tool_call":
    case "tool_use":
    case "reasoning":
      return undefined;
    default:
      return block;
  }
}
