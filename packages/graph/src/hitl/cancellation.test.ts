import { describe, expect, it } from "vitest";
import { AIMessageChunk, MessagesValue, START, StateGraph, StateSchema } from "../index.ts";
import { ScriptedChatModel } from "../models/scripted-chat-model.ts";

describe("cancellation reaches a streaming model call inside a subgraph", () => {
  it("stops the model between tokens and ends the run with GRAPH_ABORTED", async () => {
    const words = Array.from({ length: 200 }, (_, i) => `w${i} `).join("");
    const model = new ScriptedChatModel({ replies: [words], tokenDelayMs: 5 });
    const State = new StateSchema({ messages: MessagesValue });
    let nodeSignal: AbortSignal | undefined;
    let produced = 0;
    const inner = new StateGraph(State)
      .addNode("write", async (state, runtime) => {
        nodeSignal = runtime.signal;
        let message: AIMessageChunk | undefined;
        for await (const chunk of await model.stream(state.messages)) {
          produced++;
          message = message ? message.concat(chunk) : chunk;
        }
        return { messages: [message!] };
      })
      .addEdge(START, "write")
      .compile();
    let afterRan = false;
    const graph = new StateGraph(State)
      .addNode("sub", inner)
      .addNode("after", () => {
        afterRan = true;
        return {};
      })
      .addEdge(START, "sub")
      .addEdge("sub", "after")
      .compile();

    const controller = new AbortController();
    const chunks: string[] = [];
    let caught: unknown;
    try {
      for await (const [namespace, [chunk]] of await graph.stream(
        { messages: [{ role: "user", content: "write" }] },
        { streamMode: "messages", subgraphs: true, signal: controller.signal },
      )) {
        expect(namespace[0]).toMatch(/^sub:/);
        expect(chunk).toBeInstanceOf(AIMessageChunk);
        chunks.push(String(chunk.content));
        if (chunks.length === 3) controller.abort(new Error("user pressed stop"));
      }
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: "GRAPH_ABORTED" });
    expect(nodeSignal?.aborted).toBe(true);
    // The model stopped at the abort: nothing close to the 200 tokens was produced, and the
    // stream ended right there (no tokens after the third, no later node).
    expect(chunks).toHaveLength(3);
    expect(model.calls).toHaveLength(1);
    expect(afterRan).toBe(false);
    // Give any stray timers a chance: no more tokens appear once the run ended.
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(chunks).toHaveLength(3);
    // The model itself stopped generating (it saw the run's signal without being passed it).
    expect(produced).toBeLessThanOrEqual(4);
  });
});
