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
import type { IndexConfig } from "@weft/store";
import type { BenchLib, OpenStore, StoreSetup } from "./bench-lib.ts";

/** `InMemoryStore`, or `SqliteStore` on a file with sqlite-vec or the exact scan. */
async function createStore({ backend, index, path }: StoreSetup): Promise<OpenStore> {
  const config = index as IndexConfig;
  if (backend === "memory") {
    const store = new (await import("@weft/store")).InMemoryStore({ index: config });
    return { store, implementation: "InMemoryStore", close: () => store.stop() };
  }
  const { SqliteStore } = await import("@weft/checkpoint-sqlite");
  const sqliteVec = backend === "sqlite-vec";
  const store = SqliteStore.fromConnString(path ?? ":memory:", { index: config, sqliteVec });
  return { store, implementation: "SqliteStore", close: () => store.close() };
}

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
  createStore,
};
