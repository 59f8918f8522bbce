import { FakeListChatModel } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import { createAgent } from "../src/index.ts";

// `@langchain/core` models are accepted as they are; their tokens reach the `messages`
// stream through the callback handler `@weft/graph/prebuilt` adds to the model call.
describe("createAgent with a @langchain/core chat model", () => {
  it("answers and streams the model's tokens in messages mode", async () => {
    const model = new FakeListChatModel({ responses: ["hello there, friend"] });
    const agent = createAgent({ model, tools: [] });
    const tokens: string[] = [];
    for await (const [chunk, metadata] of await agent.stream(
      { messages: [{ role: "user", content: "hi" }] },
      { streamMode: "messages" },
    )) {
      if (metadata.langgraph_node === "model_request" && typeof chunk.content === "string") {
        tokens.push(chunk.content);
      }
    }
    expect(tokens.length).toBeGreaterThan(1);
    expect(tokens.join("")).toBe("hello there, friend");
  });

  it("puts the core model's reply into the agent's state", async () => {
    const model = new FakeListChatModel({ responses: ["noted"] });
    const agent = createAgent({ model, tools: [] });
    const result = await agent.invoke({ messages: [{ role: "user", content: "remember this" }] });
    expect(result.messages.map((m) => m.text)).toEqual(["remember this", "noted"]);
  });
});
