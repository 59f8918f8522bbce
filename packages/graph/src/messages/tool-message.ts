import { BaseMessage, hasMessageType, toFields } from "./base-message.ts";
import type { MessageContent, ToolMessageFields } from "./types.ts";

/**
 * The result of one tool call, sent back to the model. `tool_call_id` must match the `id`
 * of the call in the preceding `AIMessage`.
 *
 * @example
 * new ToolMessage({ content: "Sunny, 72F", tool_call_id: "call_123", name: "get_weather" });
 * new ToolMessage("Sunny, 72F", "call_123", "get_weather");
 */
export class ToolMessage extends BaseMessage {
  readonly type = "tool" as const;
  /** The id of the tool call this message answers. */
  tool_call_id: string;
  /** Whether the tool succeeded. */
  status?: "success" | "error";
  /** Data for the application that is not sent to the model. */
  artifact?: unknown;
  /** Extra facts about the tool run. */
  metadata?: Record<string, unknown>;

  constructor(fields: MessageContent | ToolMessageFields, tool_call_id?: string, name?: string) {
    const all: ToolMessageFields =
      typeof fields === "string" || Array.isArray(fields)
        ? { content: fields, tool_call_id: tool_call_id ?? "", name }
        : toFields(fields);
    super(all);
    this.tool_call_id = all.tool_call_id;
    this.status = all.status;
    this.artifact = all.artifact;
    this.metadata = all.metadata;
  }

  protected override extraFields(): Record<string, unknown> {
    return {
      tool_call_id: this.tool_call_id,
      status: this.status,
      artifact: this.artifact,
      metadata: this.metadata,
    };
  }

  /** True for any tool message, Weft or `@langchain/core`. */
  static override isInstance(value: unknown): value is ToolMessage {
    return hasMessageType(value, "tool");
  }
}
