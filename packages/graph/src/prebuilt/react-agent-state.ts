import { type BaseMessage, type Messages, messagesStateReducer } from "../messages/index.ts";
import { Annotation, type AnyStateLike, toStateDefinition } from "../state/index.ts";

/**
 * The default state of `createReactAgent`: the conversation (`messages`, reduced by
 * `addMessages`) and the `structuredResponse` filled when a `responseFormat` is set.
 */
export const createReactAgentAnnotation = () =>
  Annotation.Root({
    messages: Annotation<BaseMessage[], Messages>({
      reducer: messagesStateReducer,
      default: () => [],
    }),
    structuredResponse: Annotation<Record<string, any>>(),
  });

/** The default agent state type. */
export type ReactAgentState = ReturnType<typeof createReactAgentAnnotation>["State"];

/**
 * The input definition of the agent node when there is a `preModelHook`: the whole state
 * plus a private `llmInputMessages` channel. The hook writes the messages the model should
 * see there (replacing the previous value) without touching the history.
 */
export function withLlmInputMessages(state: AnyStateLike) {
  const definition = toStateDefinition(state);
  const spec = Object.fromEntries(definition.keys.map((key) => [key, definition.channels[key]!]));
  return Annotation.Root({
    ...spec,
    llmInputMessages: Annotation<BaseMessage[], Messages>({
      reducer: (_, update) => messagesStateReducer([], update),
      default: () => [],
    }),
  });
}

/** True when the state definition has a `messages` key. */
export function hasMessagesKey(state: AnyStateLike): boolean {
  return toStateDefinition(state).keys.includes("messages");
}
