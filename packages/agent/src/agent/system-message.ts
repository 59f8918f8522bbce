import { type ContentBlock, type MessageContent, SystemMessage } from "@weft/graph";

/**
 * The `systemMessage` of a `ModelRequest`: a `SystemMessage` that also has `concat`, so
 * middleware can extend the prompt while keeping the content blocks (and their cache
 * control) other middleware added.
 *
 * @example
 * wrapModelCall: (request, handler) =>
 *   handler({ ...request, systemMessage: request.systemMessage.concat("Answer in French.") })
 */
export class AgentSystemMessage extends SystemMessage {
  // Message classes answer `instanceof` by role (any system message would pass); this one
  // has a method the others lack, so it checks its prototype chain.
  static override [Symbol.hasInstance](value: unknown): boolean {
    return Function.prototype[Symbol.hasInstance].call(AgentSystemMessage, value);
  }

  /** A new system message: this one's content followed by `other`'s, as text blocks. */
  concat(other: string | { content: MessageContent }): AgentSystemMessage {
    const extra = typeof other === "string" ? [textBlock(other)] : blocksOf(other.content);
    const own = blocksOf(this.content);
    return new AgentSystemMessage({ content: [...own, ...extra] });
  }
}

/** The system message of a request built from a prompt, a message, or nothing. */
export function toAgentSystemMessage(prompt: string | { content: MessageContent } | undefined) {
  if (prompt === undefined) return new AgentSystemMessage({ content: "" });
  if (typeof prompt === "string") return new AgentSystemMessage({ content: prompt });
  if (prompt instanceof AgentSystemMessage) return prompt;
  return new AgentSystemMessage({ content: prompt.content });
}

/** True when the message says nothing (then the model gets no system message). */
export function isEmptySystemMessage(message: { content: MessageContent }): boolean {
  return blocksOf(message.content).every((b) => b.type === "text" && b.text === "");
}

function textBlock(text: string): ContentBlock {
  return { type: "text", text };
}

function blocksOf(content: MessageContent): ContentBlock[] {
  if (typeof content === "string") return content === "" ? [] : [textBlock(content)];
  return [...content];
}
