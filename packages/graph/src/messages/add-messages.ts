import { GraphInputError } from "../errors.ts";
import { type BaseMessage, messageTypeOf } from "./base-message.ts";
import { coerceMessageLikeToMessage, type MessageLike } from "./coerce.ts";

/**
 * The id of a `RemoveMessage` that clears the list: `addMessages` drops every message
 * before it and keeps only what follows it in the same update.
 *
 * @example
 * return { messages: [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), ...kept] };
 */
export const REMOVE_ALL_MESSAGES = "__remove_all__";

/** One message-like value or a list of them: what `addMessages` accepts on either side. */
export type Messages = MessageLike | readonly MessageLike[];

function toList(value: Messages | null | undefined): readonly MessageLike[] {
  if (value === undefined || value === null) return [];
  return Array.isArray(value) ? (value as readonly MessageLike[]) : [value as MessageLike];
}

// Like the peer, the id is written onto the message itself, so the caller's object and
// the state agree on it. Core messages keep a copy of their fields in `lc_kwargs`.
function ensureId(message: BaseMessage): string {
  if (message.id === undefined || message.id === null) {
    message.id = crypto.randomUUID();
    const kwargs = (message as { lc_kwargs?: Record<string, unknown> }).lc_kwargs;
    if (typeof kwargs === "object" && kwargs !== null) kwargs.id = message.id;
  }
  return message.id;
}

function isRemove(message: BaseMessage): boolean {
  return messageTypeOf(message) === "remove";
}

/**
 * The reducer of message lists (`MessagesValue`, `MessagesAnnotation`): appends `right` to
 * `left`, matching by id.
 * - Both sides may be one message-like value or a list; each is coerced to a message
 *   (see `coerceMessageLikeToMessage`). Messages without an id get a fresh UUID.
 * - A message whose id is already in the list replaces it in place.
 * - A `RemoveMessage` deletes the message with its id, and is not kept.
 * - A `RemoveMessage` with id {@link REMOVE_ALL_MESSAGES} drops everything before it
 *   (`left` and earlier messages of `right`).
 *
 * Returns a new list; `left` is not changed. Runs in one pass over `left`.
 *
 * Throws `GraphInputError` code `INVALID_INPUT` when a `RemoveMessage` names an id that is
 * not in the list, or when a value cannot be coerced to a message.
 *
 * @example
 * const state = addMessages([new HumanMessage({ content: "hi", id: "1" })], new AIMessage("hello"));
 * addMessages(state, new RemoveMessage({ id: "1" })); // [AIMessage "hello"]
 */
export function addMessages(left: Messages, right: Messages): BaseMessage[] {
  const updates = toList(right).map(coerceMessageLikeToMessage);
  let start = 0;
  for (let i = 0; i < updates.length; i += 1) {
    const message = updates[i]!;
    if (ensureId(message) === REMOVE_ALL_MESSAGES && isRemove(message)) start = i + 1;
  }
  // Only ids touched by the update are indexed: one cheap set lookup per existing
  // message instead of a map entry for each, since `left` grows with the conversation.
  const touched = new Set<string>();
  for (let i = start; i < updates.length; i += 1) touched.add(updates[i]!.id!);

  const merged: (BaseMessage | undefined)[] = [];
  const position = new Map<string, number>();
  for (const item of start > 0 ? [] : toList(left)) {
    const message = coerceMessageLikeToMessage(item);
    const id = ensureId(message);
    if (touched.has(id)) position.set(id, merged.length);
    merged.push(message);
  }

  let removed = false;
  for (let i = start; i < updates.length; i += 1) {
    const message = updates[i]!;
    const id = message.id!;
    const at = position.get(id);
    if (isRemove(message)) {
      if (at === undefined) {
        throw new GraphInputError(
          "INVALID_INPUT",
          `Attempting to delete a message with an ID that doesn't exist ('${id}')`,
          { id },
        );
      }
      merged[at] = undefined;
      removed = true;
    } else if (at !== undefined) {
      merged[at] = message;
    } else {
      position.set(id, merged.length);
      merged.push(message);
    }
  }
  return removed ? merged.filter((m) => m !== undefined) : (merged as BaseMessage[]);
}

/** Alias of {@link addMessages}, under the name `@langchain/langgraph` exports. */
export const messagesStateReducer: (left: Messages, right: Messages) => BaseMessage[] = addMessages;
