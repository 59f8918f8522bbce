import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  AIMessage,
  AIMessageChunk,
  MessagesValue,
  START,
  StateGraph,
  StateSchema,
  ToolMessage,
} from "../index.ts";
import { messageSinkOf } from "../runtime/message-stream.ts";

/** A minimal model: reports each word as a chunk to the run's message sink, like Weft's models do. */
async function fakeModelCall(words: string[], id: string, tags: string[] = []): Promise<AIMessage> {
  const sink = messageSinkOf();
  for (const word of words)
    sink?.chunk(id, new AIMessageChunk({ content: word, id }), { tags, ls_provider: "fake" });
  const message = new AIMessage({ content: words.join(""), id });
  sink?.end(id, message, { tags });
  return message;
}

describe("streamMode: messages", () => {
  const State = new StateSchema({ messages: MessagesValue, topic: z.string().optional() });

  it("yields token chunks with the task's metadata, and output messages nothing streamed", async () => {
    const graph = new StateGraph(State)
      .addNode("agent", async () => ({
        messages: [await fakeModelCall(["Hel", "lo"], "m1", ["joke"])],
      }))
      .addNode("tools", () => ({
        messages: [new ToolMessage({ content: "42", tool_call_id: "t1", id: "tm1" })],
      }))
      .addEdge(START, "agent")
      .addEdge("agent", "tools")
      .compile();
    const items: [any, any][] = [];
    for await (const item of await graph.stream({ messages: [] }, { streamMode: "messages" }))
      items.push(item);
    expect(items.map(([m]) => m.content)).toEqual(["Hel", "lo", "42"]);
    expect(items[0]![0]).toBeInstanceOf(AIMessageChunk);
    expect(items[0]![1]).toMatchObject({
      langgraph_node: "agent",
      langgraph_step: 1,
      tags: ["joke"],
      ls_provider: "fake",
    });
    expect(items[2]![1]).toMatchObject({ langgraph_node: "tools", langgraph_step: 2 });
  });

  it("a model call that did not stream is reported once as a whole message; nostream calls are hidden", async () => {
    const graph = new StateGraph(State)
      .addNode("agent", async () => {
        const sink = messageSinkOf();
        const whole = new AIMessage({ content: "whole", id: "w1" });
        sink?.end("call-1", whole);
        await fakeModelCall(["secret"], "hidden", ["nostream"]);
        return { messages: [whole] };
      })
      .addEdge(START, "agent")
      .compile();
    const items: [any, any][] = [];
    for await (const item of await graph.stream({ messages: [] }, { streamMode: "messages" }))
      items.push(item);
    expect(items.map(([m]) => m.content)).toEqual(["whole"]);
  });

  it("streams nothing to other modes and costs nothing when not requested", async () => {
    const graph = new StateGraph(State)
      .addNode("agent", async (_s, config) => {
        expect(messageSinkOf(config)).toBeUndefined();
        return { messages: [await fakeModelCall(["a"], "x")] };
      })
      .addEdge(START, "agent")
      .compile();
    const items: unknown[] = [];
    for await (const item of await graph.stream({ messages: [] }, { streamMode: "updates" }))
      items.push(item);
    expect(items).toHaveLength(1);
  });

  it('with several modes, yields ["messages", [chunk, metadata]]', async () => {
    const graph = new StateGraph(State)
      .addNode("agent", async () => ({ messages: [await fakeModelCall(["a", "b"], "y")] }))
      .addEdge(START, "agent")
      .compile();
    const modes: string[] = [];
    for await (const [mode] of await graph.stream(
      { messages: [] },
      { streamMode: ["messages", "updates"] },
    ))
      modes.push(mode);
    expect(modes).toEqual(["messages", "messages", "updates"]);
  });
});
