import { BaseMessage, hasMessageType } from "./base-message.ts";

/**
 * Instructions that prime the model's behaviour, usually first in the list.
 *
 * @example
 * new SystemMessage("You are a helpful assistant.");
 */
export class SystemMessage extends BaseMessage {
  readonly type = "system" as const;

  /** True for any system message, Weft or `@langchain/core`. */
  static override isInstance(value: unknown): value is SystemMessage {
    return hasMessageType(value, "system");
  }
}
