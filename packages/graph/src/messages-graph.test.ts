import {
  AIMessage as CoreAIMessage,
  HumanMessage as CoreHumanMessage,
} from "@langchain/core/messages";
import { MemorySaver } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { START } from "./constants.ts";
import { StateGraph } from "./graph/state-graph.ts";
import { AIMessage, HumanMessage, RemoveMessage, ToolMessage } from "./messages/index.ts";
import { MessagesValue, StateSchema } from "./state/index.ts";

const State = new StateSchema({ messages: MessagesValue });

describe("messages in a graph", () => {
  it("appends, coerces and persists messages across invocations", async () => {
    const graph = new StateGraph(State)
      .addNode("agent", (state) => {
        const last = state.messages.at(-1)!;
        return {
          messages: [
            new AIMessage({
              content: `echo: ${last.content}`,
              tool_calls: [{ id: "c1", name: "t", args: { q: 1 } }],
            }),
            new ToolMessage({ content: "tool result", tool_call_id: "c1" }),
          ],
        };
      })
      .addEdge(START, "agent")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "m" } };
    await graph.invoke({ messages: [{ role: "user", content: "hi" }] }, config);
    const result = await graph.invoke({ messages: "again" }, config);
    expect(result.messages.map((m: any) => [m.type, m.content])).toEqual([
      ["human", "hi"],
      ["ai", "echo: hi"],
      ["tool", "tool result"],
      ["human", "again"],
      ["ai", "echo: again"],
      ["tool", "tool result"],
    ]);
    // restored from the checkpoint as real message classes, ids assigned
    const state = await graph.getState(config);
    const ai = state.values.messages[1] as AIMessage;
    expect(ai).toBeInstanceOf(AIMessage);
    expect(ai.tool_calls[0]).toMatchObject({ id: "c1", name: "t", args: { q: 1 } });
    expect(state.values.messages.every((m: any) => typeof m.id === "string")).toBe(true);
  });

  it("replaces by id and removes with RemoveMessage", async () => {
    const graph = new StateGraph(State)
      .addNode("edit", (state) => ({
        messages: [
          new HumanMessage({ id: state.messages[0]!.id, content: "edited" }),
          new RemoveMessage({ id: state.messages[1]!.id! }),
        ],
      }))
      .addEdge(START, "edit")
      .compile();
    const result = await graph.invoke({
      messages: [
        new HumanMessage({ id: "1", content: "first" }),
        new AIMessage({ id: "2", content: "second" }),
      ],
    });
    expect(result.messages.map((m: any) => [m.id, m.content])).toEqual([["1", "edited"]]);
  });

  it("keeps @langchain/core messages as they are, through a checkpoint too", async () => {
    const graph = new StateGraph(State)
      .addNode("agent", () => ({ messages: [new CoreAIMessage("from core")] }))
      .addEdge(START, "agent")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "core" } };
    const result = await graph.invoke({ messages: [new CoreHumanMessage("hello")] }, config);
    expect(result.messages[0]).toBeInstanceOf(CoreHumanMessage);
    expect(result.messages[1]).toBeInstanceOf(CoreAIMessage);
    const state = await graph.getState(config);
    expect(state.values.messages[1]).toBeInstanceOf(CoreAIMessage);
    expect(state.values.messages[1]!.content).toBe("from core");
  });
});

describe("messages input validation", () => {
  it("rejects a message that cannot be read before anything is saved", async () => {
    const saver = new MemorySaver();
    const graph = new StateGraph(State)
      .addNode("agent", () => ({}))
      .addEdge(START, "agent")
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "bad-msg" } };
    await expect(graph.invoke({ messages: [{ nope: 1 } as never] }, config)).rejects.toMatchObject({
      code: "INVALID_INPUT",
      message: expect.stringContaining("messages.0"),
    });
    expect(await saver.getTuple(config)).toBeUndefined();
    // a valid input afterwards runs normally
    const result = await graph.invoke({ messages: [{ role: "user", content: "ok" }] }, config);
    expect(result.messages).toHaveLength(1);
  });
});
