import {
  type BaseMessage,
  coerceMessageLikeToMessage,
  type MessageLike,
  type Messages,
  messagesStateReducer,
} from "../messages/index.ts";
import { ReducedValue } from "./reduced-value.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

/** The stored list: anything given is kept (the reducer coerces); absent → `[]`. */
const messageListSchema: StandardSchemaV1<BaseMessage[] | undefined, BaseMessage[]> = {
  "~standard": {
    validate: (value) => ({ value: value === undefined ? [] : (value as BaseMessage[]) }),
  },
};

/**
 * One update (a message-like or a list of them), checked when it arrives as graph input
 * so a message that cannot be read fails before anything is saved. Node updates are not
 * parsed; the reducer coerces them.
 */
const messagesInputSchema: StandardSchemaV1<Messages> = {
  "~standard": {
    validate: (value) => {
      // The same reading as the reducer's: an array is a list, null adds nothing.
      const list =
        value === null || value === undefined ? [] : Array.isArray(value) ? value : [value];
      const issues: { message: string; path: number[] }[] = [];
      list.forEach((item, index) => {
        try {
          coerceMessageLikeToMessage(item as MessageLike);
        } catch (error) {
          issues.push({
            message: error instanceof Error ? error.message : String(error),
            path: [index],
          });
        }
      });
      return issues.length > 0 ? { issues } : { value: value as Messages };
    },
  },
};

/**
 * A {@link StateSchema} field holding the conversation: starts as `[]`, and updates
 * (one message or a list; message objects, dicts, strings or tuples) go through
 * {@link messagesStateReducer}: new ids are appended, known ids replaced,
 * `RemoveMessage` deletes.
 *
 * @example
 * const State = new StateSchema({ messages: MessagesValue, summary: z.string().optional() });
 * const reply: typeof State.Node = (state) => ({ messages: [new AIMessage("hi")] });
 */
export const MessagesValue: ReducedValue<BaseMessage[], Messages> = new ReducedValue(
  messageListSchema,
  {
    inputSchema: messagesInputSchema,
    reducer: messagesStateReducer,
    jsonSchemaExtra: { langgraph_type: "messages", description: "A list of chat messages" },
  },
);
