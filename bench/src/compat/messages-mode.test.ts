import { FakeListChatModel } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import { collect, onBoth } from "./harness.ts";

describe("streamMode messages behaves the same on both libraries", () => {
  it("a @langchain/core model invoked in a node streams its tokens with the node's metadata", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const model = new FakeListChatModel({ responses: ["Why did the chicken cross"] });
      const S = lib.Annotation.Root({ topic: lib.Annotation(), joke: lib.Annotation() });
      const graph = new lib.StateGraph(S)
        .addNode("callModel", async (state: any) => {
          const reply = await model.invoke([
            { role: "user", content: `joke about ${state.topic}` },
          ]);
          return { joke: reply.content };
        })
        .addEdge(lib.START, "callModel")
        .compile();
      const items = await collect(graph.stream({ topic: "ice cream" }, { streamMode: "messages" }));
      return items.map(([chunk, metadata]: any) => ({
        content: chunk.content,
        node: metadata.langgraph_node,
        step: metadata.langgraph_step,
      }));
    });
    expect(weft).toEqual(peer);
    expect((weft as any[]).map((i) => i.content).join("")).toBe("Why did the chicken cross");
  });
});
