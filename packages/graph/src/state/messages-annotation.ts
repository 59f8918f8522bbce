import { type BaseMessage, type Messages, messagesStateReducer } from "../messages/index.ts";
import { Annotation } from "./annotation.ts";

/**
 * A ready-made `Annotation.Root` with one `messages` field reduced by
 * {@link messagesStateReducer}, starting empty. Spread `MessagesAnnotation.spec` to add
 * fields.
 *
 * @example
 * const State = Annotation.Root({ ...MessagesAnnotation.spec, topic: Annotation<string>() });
 */
export const MessagesAnnotation = Annotation.Root({
  messages: Annotation<BaseMessage[], Messages>({
    reducer: messagesStateReducer,
    default: () => [],
  }),
});
