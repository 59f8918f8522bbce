import { describe, expect, it } from "vitest";
import { collapseToolCallChunks, parseToolCalls } from "./tool-calls.ts";

describe("parseToolCalls", () => {
  it("reads Weft-style and OpenAI-style calls", () => {
    expect(
      parseToolCalls([
        { id: "a", name: "f", args: { x: 1 } },
        { id: "b", type: "function", function: { name: "g", arguments: '{"y":2}' } },
        { id: "c", type: "function", function: { name: "h", arguments: { z: 3 } } },
      ]),
    ).toEqual({
      tool_calls: [
        { id: "a", name: "f", args: { x: 1 }, type: "tool_call" },
        { id: "b", name: "g", args: { y: 2 }, type: "tool_call" },
        { id: "c", name: "h", args: { z: 3 }, type: "tool_call" },
      ],
      invalid_tool_calls: [],
    });
  });

  it("reports OpenAI calls whose arguments are not a JSON object", () => {
    const parsed = parseToolCalls([
      { id: "b", type: "function", function: { name: "g", arguments: "[1]" } },
    ]);
    expect(parsed.tool_calls).toEqual([]);
    expect(parsed.invalid_tool_calls).toEqual([
      { id: "b", name: "g", args: "[1]", error: "Malformed args.", type: "invalid_tool_call" },
    ]);
  });
});

describe("collapseToolCallChunks", () => {
  it("joins chunks by index and by id", () => {
    const parsed = collapseToolCallChunks([
      { index: 0, id: "a", name: "f", args: '{"x"' },
      { id: "b", name: "g", args: "{}" },
      { index: 0, args: ": 1}" },
    ]);
    expect(parsed.tool_calls).toEqual([
      { id: "a", name: "f", args: { x: 1 }, type: "tool_call" },
      { id: "b", name: "g", args: {}, type: "tool_call" },
    ]);
  });

  it("treats a call without an id as invalid", () => {
    const parsed = collapseToolCallChunks([{ index: 2, name: "f", args: "{}" }]);
    expect(parsed.tool_calls).toEqual([]);
    expect(parsed.invalid_tool_calls).toMatchObject([{ name: "f", args: "{}", index: 2 }]);
  });
});
