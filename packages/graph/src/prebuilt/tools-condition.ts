import { END } from "../constants.ts";

/**
 * A conditional edge for agent loops: `"tools"` when the last message asks for tool
 * calls, else `END`. Reads `state.messages`, or the state itself when it is a list.
 *
 * @example
 * graph.addConditionalEdges("agent", toolsCondition, ["tools", END]);
 */
export function toolsCondition(
  state: readonly unknown[] | { messages: readonly unknown[] },
): "tools" | typeof END {
  const messages = Array.isArray(state)
    ? state
    : (state as { messages: readonly unknown[] }).messages;
  const last = messages[messages.length - 1] as { tool_calls?: unknown[] } | undefined;
  return (last?.tool_calls?.length ?? 0) > 0 ? "tools" : END;
}
