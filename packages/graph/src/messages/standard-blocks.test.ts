import { describe, expect, it } from "vitest";
import { AIMessage, HumanMessage } from "./index.ts";

describe("contentBlocks: provider blocks read as standard ones", () => {
  it("Anthropic thinking becomes reasoning; tool calls are appended (docs example)", () => {
    const message = new AIMessage({
      content: [
        { type: "thinking", thinking: "Let me add.", signature: "WaUj" },
        { type: "text", text: "4", id: "msg_abc123" },
        { type: "tool_use", id: "t1", name: "calc", input: { a: 2 } },
      ],
      tool_calls: [{ id: "t1", name: "calc", args: { a: 2 } }],
      response_metadata: { model_provider: "anthropic" },
    });
    expect(message.contentBlocks).toEqual([
      { type: "reasoning", reasoning: "Let me add.", signature: "WaUj" },
      { type: "text", text: "4", id: "msg_abc123" },
      { type: "tool_call", id: "t1", name: "calc", args: { a: 2 } },
    ]);
    // The stored content is left as the provider sent it.
    expect((message.content as { type: string }[])[0]!.type).toBe("thinking");
  });

  it("OpenAI reasoning summaries become one reasoning block each (docs example)", () => {
    const message = new AIMessage({
      content: [
        {
          type: "reasoning",
          id: "rs_abc123",
          summary: [
            { type: "summary_text", text: "summary 1" },
            { type: "summary_text", text: "summary 2" },
          ],
        },
        { type: "text", text: "..." },
      ],
      response_metadata: { model_provider: "openai" },
    });
    expect(message.contentBlocks.filter((b) => b.type === "reasoning")).toEqual([
      { type: "reasoning", reasoning: "summary 1", id: "rs_abc123" },
      { type: "reasoning", reasoning: "summary 2", id: "rs_abc123" },
    ]);
  });

  it("image_url, Anthropic sources and input_audio become multimodal blocks", () => {
    const message = new HumanMessage({
      content: [
        { type: "image_url", image_url: { url: "https://example.com/cat.png" } },
        { type: "image_url", image_url: "data:image/png;base64,iVBORw0" },
        { type: "image", source: { type: "base64", media_type: "image/jpeg", data: "/9j/" } },
        { type: "document", source: { type: "url", url: "https://example.com/a.pdf" } },
        { type: "input_audio", input_audio: { data: "UklGR", format: "wav" } },
        { type: "image", url: "https://example.com/standard.png" },
        { type: "something_else", x: 1 },
      ],
    });
    expect(message.contentBlocks).toEqual([
      { type: "image", url: "https://example.com/cat.png" },
      { type: "image", data: "iVBORw0", mimeType: "image/png" },
      { type: "image", data: "/9j/", mimeType: "image/jpeg" },
      { type: "file", url: "https://example.com/a.pdf" },
      { type: "audio", data: "UklGR", mimeType: "audio/wav" },
      { type: "image", url: "https://example.com/standard.png" },
      { type: "non_standard", value: { type: "something_else", x: 1 } },
    ]);
  });
});
