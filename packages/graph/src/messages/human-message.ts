import { BaseMessage, hasMessageType } from "./base-message.ts";

/**
 * A message from the user.
 *
 * @example
 * new HumanMessage("What is the weather in Paris?");
 * new HumanMessage({ content: "Hello!", name: "alice", id: "msg_123" });
 */
export class HumanMessage extends BaseMessage {
  readonly type = "human" as const;

  /** True for any human message, Weft or `@langchain/core`. */
  static override isInstance(value: unknown): value is HumanMessage {
    return hasMessageType(value, "human");
  }
}
