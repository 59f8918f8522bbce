import * as z from "zod";
import { type BaseMessage, type Messages, messagesStateReducer } from "../messages/index.ts";
import { type SchemaMeta, withLangGraph } from "./zod-meta.ts";

/**
 * Zod state metadata for a message list: the {@link messagesStateReducer} reducer and
 * an empty starting list.
 *
 * @example
 * const State = z.object({
 *   messages: z.custom<BaseMessage[]>().register(registry, MessagesZodMeta),
 * });
 */
export const MessagesZodMeta: SchemaMeta<BaseMessage[], Messages> = {
  reducer: { fn: messagesStateReducer },
  jsonSchemaExtra: { langgraph_type: "messages" },
  default: () => [],
};

/**
 * A ready-made zod-object state with one `messages` field (see {@link MessagesZodMeta}).
 * `.extend({...})` adds fields and keeps the reducer.
 *
 * @example
 * const State = MessagesZodState.extend({ query: z.string() });
 */
export const MessagesZodState = z.object({
  messages: withLangGraph(z.custom<BaseMessage[]>(), MessagesZodMeta),
});
