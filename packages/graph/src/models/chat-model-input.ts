import {
  type BaseMessage,
  coerceMessageLikeToMessage,
  isBaseMessage,
  type MessageLike,
} from "../messages/index.ts";

/**
 * What a chat model accepts: a string (one human message), a list of message-likes
 * (messages, `{ role, content }` dicts, `[role, content]` tuples, strings), or a prompt
 * value with `toChatMessages()`.
 */
export type ChatModelInput =
  | string
  | readonly (MessageLike | BaseMessage)[]
  | { toChatMessages(): readonly unknown[] };

/** The message list of a chat model input. @throws GraphInputError `INVALID_INPUT` for what is not message-like. */
export function toMessageList(input: ChatModelInput): BaseMessage[] {
  if (typeof input === "string") return [coerceMessageLikeToMessage(input)];
  if (Array.isArray(input)) return input.map((m) => coerceMessageLikeToMessage(m as MessageLike));
  if (isBaseMessage(input)) return [input];
  const prompt = input as { toChatMessages?: () => readonly unknown[] };
  if (typeof prompt.toChatMessages === "function") {
    return prompt.toChatMessages().map((m) => coerceMessageLikeToMessage(m as MessageLike));
  }
  return [coerceMessageLikeToMessage(input as MessageLike)];
}
