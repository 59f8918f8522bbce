import {
  AIMessage as CoreAIMessage,
  HumanMessage as CoreHumanMessage,
} from "@langchain/core/messages";
import { describe, expect, it } from "vitest";
import { WeftError } from "../errors.ts";
import { AIMessage } from "./ai-message.ts";
import { AIMessageChunk } from "./ai-message-chunk.ts";
import { ChatMessage } from "./chat-message.ts";
import { coerceMessageLikeToMessage as coerce } from "./coerce.ts";
import { HumanMessage } from "./human-message.ts";
import { RemoveMessage } from "./remove-message.ts";
import { SystemMessage } from "./system-message.ts";
import { ToolMessage } from "./tool-message.ts";

function invalidInput(fn: () => unknown): WeftError {
  try {
    fn();
  } catch (error) {
    expect(WeftError.hasCode(error, "INVALID_INPUT")).toBe(true);
    return error as WeftError;
  }
  throw new Error("expected INVALID_INPUT");
}

describe("coerceMessageLikeToMessage", () => {
  it("makes a human message from a string", () => {
    const m = coerce("hi");
    expect(m).toBeInstanceOf(HumanMessage);
    expect(m.content).toBe("hi");
  });

  it("returns Weft and core messages as they are", () => {
    const weft = new AIMessage("x");
    const core = new CoreHumanMessage("y");
    expect(coerce(weft)).toBe(weft);
    expect(coerce(core)).toBe(core);
  });

  it.each([
    ["user", HumanMessage],
    ["human", HumanMessage],
    ["assistant", AIMessage],
    ["ai", AIMessage],
    ["system", SystemMessage],
  ] as const)("reads the %s role from tuples and dicts", (role, Cls) => {
    const fromTuple = coerce([role, "text"]);
    const fromDict = coerce({ role, content: "text", id: "m1", name: "n" });
    expect(Object.getPrototypeOf(fromTuple)).toBe(Cls.prototype);
    expect(Object.getPrototypeOf(fromDict)).toBe(Cls.prototype);
    expect([fromDict.content, fromDict.id, fromDict.name]).toEqual(["text", "m1", "n"]);
  });

  it("makes a system message that remembers the developer role", () => {
    const m = coerce({ role: "developer", content: "rules", additional_kwargs: { k: 1 } });
    expect(m).toBeInstanceOf(SystemMessage);
    expect(m.additional_kwargs).toEqual({ k: 1, __openai_role__: "developer" });
  });

  it("makes tool messages from dicts with a tool_call_id", () => {
    const m = coerce({ role: "tool", content: "72F", tool_call_id: "c1", name: "weather" });
    expect(m).toBeInstanceOf(ToolMessage);
    expect((m as ToolMessage).tool_call_id).toBe("c1");
    invalidInput(() => coerce({ role: "tool", content: "72F" }));
  });

  it("reads {type, ...} dicts, such as toJSON() output", () => {
    const messages = [
      new HumanMessage({ content: "a", id: "1" }),
      new AIMessage({ content: "b", tool_calls: [{ id: "c", name: "f", args: {} }] }),
      new ToolMessage({ content: "r", tool_call_id: "c", artifact: { x: 1 } }),
      new SystemMessage("s"),
      new ChatMessage("g", "critic"),
      new RemoveMessage({ id: "1" }),
    ];
    for (const m of messages) {
      const copy = coerce(JSON.parse(JSON.stringify(m)));
      expect(Object.getPrototypeOf(copy)).toBe(Object.getPrototypeOf(m));
      expect(copy.toJSON()).toEqual(m.toJSON());
    }
  });

  it("turns OpenAI-style dict tool calls into tool_calls", () => {
    const m = coerce({
      role: "assistant",
      content: null,
      tool_calls: [
        { id: "call_1", type: "function", function: { name: "f", arguments: '{"a":1}' } },
      ],
    }) as AIMessage;
    expect(m.content).toEqual([]);
    expect(m.tool_calls).toEqual([{ id: "call_1", name: "f", args: { a: 1 }, type: "tool_call" }]);
  });

  it("keeps Weft-style dict tool calls", () => {
    const m = coerce({
      type: "ai",
      content: "",
      tool_calls: [{ id: "c", name: "f", args: { b: 2 } }],
    }) as AIMessage;
    expect(m.tool_calls).toEqual([{ id: "c", name: "f", args: { b: 2 }, type: "tool_call" }]);
  });

  it("reads serialized core messages through a closed list of classes", () => {
    const ai = coerce(new CoreAIMessage({ content: "hi", id: "a1" }).toJSON() as never);
    expect(ai).toBeInstanceOf(AIMessage);
    expect([ai.content, ai.id]).toEqual(["hi", "a1"]);
    const chunk = coerce({
      lc: 1,
      type: "constructor",
      id: ["x", "AIMessageChunk"],
      kwargs: { content: "c" },
    });
    expect(AIMessageChunk.isInstance(chunk)).toBe(true);
    invalidInput(() => coerce({ lc: 1, type: "constructor", id: ["x", "Evil"], kwargs: {} }));
  });

  it("rejects anything else, naming what it received", () => {
    expect(invalidInput(() => coerce({ role: "wizard", content: "x" })).message).toContain(
      '"wizard"',
    );
    expect(invalidInput(() => coerce(42 as never)).message).toContain("number 42");
    expect(invalidInput(() => coerce(null as never)).message).toContain("null");
    expect(invalidInput(() => coerce({ content: "no role" })).message).toContain(
      '{"content":"no role"}',
    );
    invalidInput(() => coerce(["user"] as never));
    invalidInput(() => coerce({ role: "user", content: 5 as never }));
  });
});
