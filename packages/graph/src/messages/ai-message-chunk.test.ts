import { AIMessageChunk as CoreAIMessageChunk } from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { AIMessage } from "./ai-message.ts";
import { AIMessageChunk } from "./ai-message-chunk.ts";

function fold(chunks: AIMessageChunk[]): AIMessageChunk {
  return chunks.reduce((acc, c) => acc.concat(c));
}

describe("AIMessageChunk", () => {
  it("concatenates text and keeps the first id", () => {
    const full = fold([
      new AIMessageChunk({ content: "Hel", id: "run-1" }),
      new AIMessageChunk({ content: "lo", id: "run-2" }),
      new AIMessageChunk("!"),
    ]);
    expect([full.content, full.id]).toEqual(["Hello!", "run-1"]);
  });

  it("does not change the chunks it joins", () => {
    const a = new AIMessageChunk("a");
    a.concat(new AIMessageChunk("b"));
    expect(a.content).toBe("a");
  });

  it("merges tool call chunks by index and parses their arguments", () => {
    const full = fold([
      new AIMessageChunk({
        content: "",
        tool_call_chunks: [{ index: 0, id: "c1", name: "search", args: '{"q' }],
      }),
      new AIMessageChunk({ content: "", tool_call_chunks: [{ index: 0, args: '": "par' }] }),
      new AIMessageChunk({
        content: "",
        tool_call_chunks: [{ index: 1, id: "c2", name: "time", args: "" }],
      }),
      new AIMessageChunk({ content: "", tool_call_chunks: [{ index: 0, args: 'is"}' }] }),
    ]);
    expect(full.tool_call_chunks).toEqual([
      { index: 0, id: "c1", name: "search", args: '{"q": "paris"}' },
      { index: 1, id: "c2", name: "time", args: "" },
    ]);
    expect(full.tool_calls).toEqual([
      { id: "c1", name: "search", args: { q: "paris" }, type: "tool_call" },
      { id: "c2", name: "time", args: {}, type: "tool_call" },
    ]);
  });

  it("shows partial arguments while the JSON is still open", () => {
    const partial = new AIMessageChunk({
      content: "",
      tool_call_chunks: [{ index: 0, id: "c1", name: "search", args: '{"q": "par' }],
    });
    expect(partial.tool_calls[0]?.args).toEqual({ q: "par" });
  });

  it("reports malformed chunk arguments as invalid tool calls", () => {
    const m = new AIMessageChunk({
      content: "",
      tool_call_chunks: [{ index: 0, id: "c", name: "f", args: "{}}" }],
    });
    expect(m.tool_calls).toEqual([]);
    expect(m.invalid_tool_calls).toMatchObject([
      { id: "c", name: "f", args: "{}}", error: "Malformed args." },
    ]);
  });

  it("keeps whole tool calls when no chunks were streamed", () => {
    const full = new AIMessageChunk({
      content: "",
      tool_calls: [{ id: "a", name: "f", args: {} }],
    }).concat(new AIMessageChunk({ content: "", tool_calls: [{ id: "b", name: "g", args: {} }] }));
    expect(full.tool_calls.map((c) => c.id)).toEqual(["a", "b"]);
  });

  it("sums usage and merges metadata", () => {
    const full = new AIMessageChunk({
      content: "a",
      usage_metadata: { input_tokens: 5, output_tokens: 1, total_tokens: 6 },
      response_metadata: { model_name: "m" },
    }).concat(
      new AIMessageChunk({
        content: "b",
        usage_metadata: { input_tokens: 0, output_tokens: 2, total_tokens: 2 },
        response_metadata: { finish_reason: "stop" },
      }),
    );
    expect(full.usage_metadata).toEqual({ input_tokens: 5, output_tokens: 3, total_tokens: 8 });
    expect(full.response_metadata).toEqual({ model_name: "m", finish_reason: "stop" });
  });

  it("joins a core chunk", () => {
    const core = new CoreAIMessageChunk({
      content: "",
      tool_call_chunks: [
        { index: 0, id: "c1", name: "f", args: '{"a":1}', type: "tool_call_chunk" },
      ],
    });
    const full = new AIMessageChunk("x").concat(core);
    expect(full.tool_calls).toEqual([{ id: "c1", name: "f", args: { a: 1 }, type: "tool_call" }]);
  });

  it("is an AI message, and only chunks are chunks", () => {
    const chunk = new AIMessageChunk("x");
    expect(AIMessage.isInstance(chunk)).toBe(true);
    expect(AIMessageChunk.isInstance(chunk)).toBe(true);
    expect(AIMessageChunk.isInstance(new AIMessage("x"))).toBe(false);
    expect(AIMessageChunk.isInstance(new CoreAIMessageChunk("x"))).toBe(true);
  });

  it("round-trips through its plain data", () => {
    const m = new AIMessageChunk({
      content: "",
      tool_call_chunks: [{ index: 0, id: "c", name: "f", args: '{"a":' }],
    });
    const copy = new AIMessageChunk(m.toJSON());
    expect(copy.toJSON()).toEqual(m.toJSON());
  });
});
