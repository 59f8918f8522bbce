import { describe, expect, it } from "vitest";
import { AIMessage } from "./ai-message.ts";

describe("AIMessage", () => {
  it("has no tool calls by default", () => {
    const m = new AIMessage("hello");
    expect([m.type, m.content, m.tool_calls, m.invalid_tool_calls]).toEqual([
      "ai",
      "hello",
      [],
      [],
    ]);
    expect(m.usage_metadata).toBeUndefined();
  });

  it("tags the tool calls it is given", () => {
    const m = new AIMessage({
      content: [],
      tool_calls: [{ name: "get_weather", args: { location: "SF" }, id: "call_123" }],
    });
    expect(m.tool_calls).toEqual([
      { name: "get_weather", args: { location: "SF" }, id: "call_123", type: "tool_call" },
    ]);
  });

  it("parses OpenAI-style tool calls, valid and not", () => {
    const m = new AIMessage({
      content: "",
      tool_calls: [
        { id: "a", type: "function", function: { name: "f", arguments: '{"x":1}' } },
        { id: "b", type: "function", function: { name: "g", arguments: "{oops" } },
      ] as never,
    });
    expect(m.tool_calls).toEqual([{ id: "a", name: "f", args: { x: 1 }, type: "tool_call" }]);
    expect(m.invalid_tool_calls).toMatchObject([{ id: "b", name: "g", args: "{oops" }]);
  });

  it("reads raw tool calls from additional_kwargs when none are given", () => {
    const m = new AIMessage({
      content: "",
      additional_kwargs: {
        tool_calls: [{ id: "a", type: "function", function: { name: "f", arguments: "{}" } }],
      },
    });
    expect(m.tool_calls).toEqual([{ id: "a", name: "f", args: {}, type: "tool_call" }]);
  });

  it("adds a tool_call block per call to contentBlocks", () => {
    const m = new AIMessage({
      content: "checking",
      tool_calls: [{ id: "c", name: "f", args: {} }],
    });
    expect(m.contentBlocks).toEqual([
      { type: "text", text: "checking" },
      { type: "tool_call", id: "c", name: "f", args: {} },
    ]);
  });

  it("keeps usage and tool calls in plain data", () => {
    const usage = { input_tokens: 8, output_tokens: 4, total_tokens: 12 };
    const data = new AIMessage({ content: "x", usage_metadata: usage }).toJSON();
    expect(data).toMatchObject({
      type: "ai",
      usage_metadata: usage,
      tool_calls: [],
      invalid_tool_calls: [],
    });
  });
});
