import { emptyCheckpoint, uuid6 } from "@weft/checkpoint";
import {
  AIMessage,
  Annotation,
  END,
  HumanMessage,
  MessagesValue,
  Send,
  START,
  StateGraph,
  StateSchema,
  ToolMessage,
} from "@weft/graph";
import type { BenchLib } from "./bench-lib.ts";

/** The scenarios' view of Weft (`@weft/graph` and `@weft/checkpoint`). */
export const weft: BenchLib = {
  name: "weft",
  StateGraph,
  Annotation,
  StateSchema,
  Send,
  START,
  END,
  // Weft has one messages field; the `delta` rows compare it with the peer's opt-in one.
  messagesField: { default: MessagesValue, delta: MessagesValue },
  humanMessage: (content) => new HumanMessage(content),
  aiMessage: (content, toolCalls) => new AIMessage({ content, tool_calls: toolCalls }),
  toolMessage: (content, toolCallId) => new ToolMessage({ content, tool_call_id: toolCallId }),
  emptyCheckpoint,
  uuid6,
};
