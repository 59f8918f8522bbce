import { describe, expect, it } from "vitest";
import { ToolMessage } from "./tool-message.ts";

describe("ToolMessage", () => {
  it("takes fields", () => {
    const artifact = { document_id: "doc_123", page: 0 };
    const m = new ToolMessage({
      content: "It was the best of times",
      tool_call_id: "call_123",
      name: "search_books",
      status: "success",
      artifact,
    });
    expect([m.type, m.tool_call_id, m.name, m.status, m.artifact]).toEqual([
      "tool",
      "call_123",
      "search_books",
      "success",
      artifact,
    ]);
  });

  it("takes content, tool_call_id and name positionally", () => {
    const m = new ToolMessage("Sunny, 72F", "call_1", "get_weather");
    expect([m.content, m.tool_call_id, m.name]).toEqual(["Sunny, 72F", "call_1", "get_weather"]);
  });

  it("keeps its own fields in plain data", () => {
    const data = new ToolMessage({ content: "boom", tool_call_id: "c", status: "error" }).toJSON();
    expect(data).toMatchObject({ type: "tool", tool_call_id: "c", status: "error" });
    expect(Object.keys(data)).not.toContain("artifact");
  });
});
