import { BaseMessage, hasMessageType, toFields } from "./base-message.ts";
import type { ChatMessageFields, MessageContent } from "./types.ts";

/**
 * A message with a free-form `role` (type `"generic"`).
 *
 * @example
 * new ChatMessage("Checking the logs", "reviewer");
 * new ChatMessage({ content: "Checking the logs", role: "reviewer" });
 */
export class ChatMessage extends BaseMessage {
  readonly type = "generic" as const;
  /** The speaker's role, e.g. `"reviewer"`. */
  role: string;

  constructor(fields: MessageContent | ChatMessageFields, role?: string) {
    const all =
      typeof fields === "string" || Array.isArray(fields)
        ? { content: fields, role: role ?? "" }
        : toFields(fields);
    super(all);
    this.role = all.role;
  }

  protected override extraFields(): Record<string, unknown> {
    return { role: this.role };
  }

  /** True for any chat (generic-role) message, Weft or `@langchain/core`. */
  static override isInstance(value: unknown): value is ChatMessage {
    return hasMessageType(value, "generic");
  }
}
