import { AIMessage, type BaseMessage, ToolMessage } from "@weft/graph";

/** Counts the tokens of a message list; may be async (a provider's tokenizer). */
export type TokenCounter = (messages: BaseMessage[]) => number | Promise<number>;

const CHARS_PER_TOKEN = 4;

function textOf(message: BaseMessage): string {
  const { content } = message;
  if (typeof content === "string") return content;
  let text = "";
  for (const block of content as unknown[]) {
    if (typeof block === "string") text += block;
    else if (
      typeof block === "object" &&
      block !== null &&
      (block as { type?: unknown }).type === "text"
    ) {
      const value = (block as { text?: unknown }).text;
      if (typeof value === "string") text += value;
    }
  }
  return text;
}

/**
 * An estimate of the tokens in `messages`, with no tokenizer: about four characters per
 * token over each message's text, plus the JSON of an AI message's tool calls and a tool
 * message's call id (both are sent to the provider). `tools`, when given, adds the JSON of
 * their definitions. The default counter of the summarization and context-editing
 * middleware.
 *
 * @example
 * countTokensApproximately([new HumanMessage("12345678")]); // 2
 */
export function countTokensApproximately(
  messages: readonly BaseMessage[],
  tools?: readonly unknown[],
): number {
  let chars = 0;
  for (const tool of tools ?? []) chars += JSON.stringify(tool)?.length ?? 0;
  for (const message of messages) {
    chars += textOf(message).length;
    if (AIMessage.isInstance(message) && message.tool_calls?.length) {
      chars += JSON.stringify(message.tool_calls).length;
    }
    if (ToolMessage.isInstance(message)) chars += message.tool_call_id?.length ?? 0;
  }
  return Math.ceil(chars / CHARS_PER_TOKEN);
}
