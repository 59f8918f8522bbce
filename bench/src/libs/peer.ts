import { AIMessage, HumanMessage, ToolMessage } from "@langchain/core/messages";
import {
  Annotation,
  END,
  InMemoryStore,
  MessagesDeltaValue,
  MessagesValue,
  Send,
  START,
  StateGraph,
  StateSchema,
} from "@langchain/langgraph";
import { emptyCheckpoint, uuid6 } from "@langchain/langgraph-checkpoint";
import type { BenchLib, OpenStore, StoreSetup } from "./bench-lib.ts";

/**
 * The peer's `InMemoryStore` for every backend: `@langchain/langgraph-checkpoint-sqlite`
 * has a saver but no store, so Weft's SQLite stores are compared with it.
 */
async function createStore({ index }: StoreSetup): Promise<OpenStore> {
  const store = new InMemoryStore({ index: index as any });
  return { store, implementation: "InMemoryStore", close: () => {} };
}

/** The scenarios' view of the peer (`@langchain/langgraph` with `@langchain/core` messages). */
export const peer: BenchLib = {
  name: "peer",
  StateGraph,
  Annotation,
  StateSchema,
  Send,
  START,
  END,
  messagesField: { default: MessagesValue, delta: MessagesDeltaValue },
  humanMessage: (content) => new HumanMessage(content),
  aiMessage: (content, toolCalls) => new AIMessage({ content, tool_calls: toolCalls }),
  toolMessage: (content, toolCallId) => new ToolMessage({ content, tool_call_id: toolCallId }),
  emptyCheckpoint,
  uuid6,
  createStore,
};
