import { BaseMessage, hasMessageType } from "./base-message.ts";
import type { RemoveMessageFields } from "./types.ts";

/**
 * An instruction to the `addMessages` reducer: delete the message with this `id` (or,
 * with id `REMOVE_ALL_MESSAGES`, every message before it). Never kept in state.
 *
 * @example
 * return { messages: state.messages.slice(0, -2).map((m) => new RemoveMessage({ id: m.id! })) };
 */
export class RemoveMessage extends BaseMessage {
  readonly type = "remove" as const;
  declare id: string;

  constructor(fields: RemoveMessageFields) {
    super({ ...fields, content: [] });
  }

  /** True for any remove message, Weft or `@langchain/core`. */
  static override isInstance(value: unknown): value is RemoveMessage {
    return hasMessageType(value, "remove");
  }
}
