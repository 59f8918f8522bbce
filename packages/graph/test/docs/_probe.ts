import * as z from "zod";
import { StateGraph, StateSchema, MessagesValue, START, tool, AIMessage, MemorySaver, InMemoryStore, HashingEmbeddings } from "../../src/index.ts";

const State = new StateSchema({ result: z.string() });
try {
const g = new StateGraph(State).addNode("callArbitraryModel", async (state: any, config) => {
  config.writer?.({ custom_llm_chunk: `topic=${state.topic}` });
  return { result: "completed" };
}).addEdge(START, "callArbitraryModel").compile();
for await (const c of await g.stream({ topic: "cats" } as any, { streamMode: "custom" })) console.log("custom", c);
} catch (e) { console.log("ERR1", e); }

const S2 = new StateSchema({ messages: MessagesValue });
const g2 = new StateGraph(S2).addNode("callTool", (state) => {
  const m: any = state.messages.at(-1);
  console.log("msg", m.type, JSON.stringify(m.tool_calls), m.content);
  return {};
}).addEdge(START, "callTool").compile();
try {
await g2.invoke({ messages: [{ content: null, role: "assistant", tool_calls: [{ id: "1", function: { arguments: '{"place":"bedroom"}', name: "get_items" }, type: "function" }] }] } as any);
} catch (e) { console.log("ERR2", e); }

const store = new InMemoryStore({ index: { embeddings: new HashingEmbeddings({ dims: 1536 }), dims: 1536 } } as any);
await store.put(["user_123", "memories"], "1", { text: "I love pizza" });
await store.put(["user_123", "memories"], "2", { text: "I am a plumber" });
console.log(await store.search(["user_123", "memories"], { query: "I'm hungry", limit: 1 }));
const plain = new InMemoryStore();
await plain.put(["m", "1"], "a", { data: "User name is Bob" });
console.log(await plain.search(["m", "1"], { query: "what is my name?" }));
const cp = new MemorySaver();
console.log(typeof (cp as any).deleteThread);
