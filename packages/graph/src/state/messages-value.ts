import { type BaseMessage, type Messages, messagesStateReducer } from "../messages/index.ts";
import { ReducedValue } from "./reduced-value.ts";
import type { StandardSchemaV1 } from "./standard-schema.ts";

/** The stored list: anything given is kept (the reducer coerces); absent → `[]`. */
const messageListSchema: StandardSchemaV1<BaseMessage[] | undefined, BaseMessage[]> = {
  "~standard": {
    validate: (value) => ({ value: value === undefined ? [] : (value as BaseMessage[]) }),
  },
};

/** One update: checked by the reducer itself, which names what it could not coerce. */
const messagesInputSchema: StandardSchemaV1<Messages> = {
  "~standard": { validate: (value) => ({ value: value as Messages }) },
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
