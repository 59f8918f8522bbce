import { FakeListChatModel } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import type { ModelCallMeta } from "../runtime/message-stream.ts";
import { hasMessagesHandler, langchainCallbacksFor } from "./langchain-callbacks.ts";

function recordingSink() {
  const events: { kind: string; callId: string; content: unknown; meta?: ModelCallMeta }[] = [];
  return {
    events,
    sink: {
      chunk: (callId: string, chunk: unknown, meta?: ModelCallMeta) =>
        events.push({
          kind: "chunk",
          callId,
          content: (chunk as { content: unknown }).content,
          meta,
        }),
      end: (callId: string, message: unknown, meta?: ModelCallMeta) =>
        events.push({
          kind: "end",
          callId,
          content: (message as { content: unknown }).content,
          meta,
        }),
    },
  };
}

describe("langchainCallbacksFor", () => {
  it("makes a @langchain/core model stream its tokens to the sink, even on invoke", async () => {
    const { events, sink } = recordingSink();
    const model = new FakeListChatModel({ responses: ["hey!"], tags: ["joke"] });
    const handler = langchainCallbacksFor(sink, { tags: ["run"] });
    const reply = await model.invoke("hi", { callbacks: [handler], tags: ["call"] });
    expect(reply.content).toBe("hey!");
    expect(events.filter((e) => e.kind === "chunk").map((e) => e.content)).toEqual([
      "h",
      "e",
      "y",
      "!",
    ]);
    expect(events.at(-1)).toMatchObject({ kind: "end", content: "hey!" });
    expect(new Set(events.map((e) => e.callId)).size).toBe(1);
    const meta = events[0]!.meta!;
    expect(meta.tags).toEqual(expect.arrayContaining(["run", "call", "joke"]));
    expect(meta.ls_provider).toBeDefined();
    expect(meta.ls_model_type).toBe("chat");
  });

  it("skips calls tagged nostream", async () => {
    const { events, sink } = recordingSink();
    const model = new FakeListChatModel({ responses: ["quiet"] });
    await model.invoke("hi", { callbacks: [langchainCallbacksFor(sink)], tags: ["nostream"] });
    expect(events).toEqual([]);
  });

  it("is recognized in a callbacks list, so it is added only once", () => {
    const { sink } = recordingSink();
    expect(hasMessagesHandler([langchainCallbacksFor(sink)])).toBe(true);
    expect(hasMessagesHandler([{ handleLLMNewToken() {} }])).toBe(false);
    expect(hasMessagesHandler(undefined)).toBe(false);
  });
});

describe("@langchain/core models called in a node without a config", () => {
  it("stream their tokens to the messages mode and see the run's abort signal", async () => {
    const { START, StateGraph, StateSchema, MessagesValue } = await import("../index.ts");
    const model = new FakeListChatModel({ responses: ["hello there"] });
    const State = new StateSchema({ messages: MessagesValue });
    const graph = new StateGraph(State)
      .addNode("agent", async (state) => ({
        messages: [await model.invoke(state.messages as never)],
      }))
      .addEdge(START, "agent")
      .compile();
    const tokens: string[] = [];
    for await (const [chunk, metadata] of await graph.stream(
      { messages: [{ role: "user", content: "hi" }] },
      { streamMode: "messages" },
    )) {
      expect(metadata.langgraph_node).toBe("agent");
      tokens.push(String(chunk.content));
    }
    expect(tokens.join("")).toBe("hello there");
    expect(tokens.length).toBeGreaterThan(1);

    const slow = new FakeListChatModel({ responses: ["a b c d e f g h i j"], sleep: 20 });
    const cancelled = new StateGraph(State)
      .addNode("agent", async (state) => ({
        messages: [await slow.invoke(state.messages as never)],
      }))
      .addEdge(START, "agent")
      .compile();
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const [chunk] of await cancelled.stream(
        { messages: [{ role: "user", content: "hi" }] },
        { streamMode: "messages", signal: controller.signal },
      )) {
        seen.push(String(chunk.content));
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ code: "GRAPH_ABORTED" });
    expect(seen).toHaveLength(2);
  });
});
