import { InvalidGraphError } from "../errors.ts";
import { hasMessageType } from "../messages/base-message.ts";
import {
  type BaseMessage,
  coerceMessageLikeToMessage,
  type MessageLike,
  SystemMessage,
} from "../messages/index.ts";
import type { LangGraphRunnableConfig } from "../types.ts";

/**
 * The agent's prompt: a string (a system message put first), a `SystemMessage`, or a
 * function of the state (and config) returning the whole message list the model sees.
 */
export type AgentPrompt<State = any> =
  | string
  | SystemMessage
  | ((
      state: State,
      config: LangGraphRunnableConfig,
    ) => readonly MessageLike[] | Promise<readonly MessageLike[]>);

/** The messages the model receives for `state` under `prompt`. */
export async function promptMessages(
  prompt: AgentPrompt | undefined,
  state: { messages: readonly BaseMessage[] },
  config: LangGraphRunnableConfig,
): Promise<BaseMessage[]> {
  if (prompt === undefined || prompt === null) return [...state.messages];
  if (typeof prompt === "string") return [new SystemMessage(prompt), ...state.messages];
  if (hasMessageType(prompt, "system")) return [prompt as SystemMessage, ...state.messages];
  if (typeof prompt === "function") {
    const messages = await prompt(state, config);
    return messages.map((m) => coerceMessageLikeToMessage(m));
  }
  throw new InvalidGraphError(
    `createReactAgent: prompt must be a string, a SystemMessage or a function, got ${typeof prompt}.`,
  );
}
