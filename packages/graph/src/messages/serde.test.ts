import { AIMessage as CoreAIMessage } from "@langchain/core/messages";
import { JsonPlusSerializer } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { WeftError } from "../errors.ts";
import { AIMessage } from "./ai-message.ts";
import { AIMessageChunk } from "./ai-message-chunk.ts";
import type { BaseMessage } from "./base-message.ts";
import { ChatMessage } from "./chat-message.ts";
import { HumanMessage } from "./human-message.ts";
import { RemoveMessage } from "./remove-message.ts";
import { messageCodec } from "./serde.ts";
import { SystemMessage } from "./system-message.ts";
import { ToolMessage } from "./tool-message.ts";

const serde = new JsonPlusSerializer();

async function roundTrip<T>(value: T): Promise<T> {
  const [type, data] = await serde.dumpsTyped(value);
  return (await serde.loadsTyped(type, data)) as T;
}

const samples: BaseMessage[] = [
  new HumanMessage({ content: [{ type: "text", text: "hi" }], id: "h", name: "alice" }),
  new AIMessage({
    content: "calling",
    id: "a",
    tool_calls: [{ id: "c1", name: "search", args: { q: "paris" } }],
    invalid_tool_calls: [{ id: "c2", name: "bad", args: "{", error: "Malformed args." }],
    usage_metadata: { input_tokens: 3, output_tokens: 4, total_tokens: 7 },
    response_metadata: { model_name: "m" },
  }),
  new AIMessageChunk({
    content: "partial",
    id: "k",
    tool_call_chunks: [{ index: 0, id: "c", name: "f", args: '{"a":' }],
  }),
  new ToolMessage({
    content: "72F",
    tool_call_id: "c1",
    status: "error",
    artifact: { at: new Date(0) },
  }),
  new SystemMessage({ content: "rules", additional_kwargs: { __openai_role__: "developer" } }),
  new ChatMessage({ content: "note", role: "critic", id: "g" }),
  new RemoveMessage({ id: "h" }),
];

describe("message serialization", () => {
  it.each(samples.map((m) => [m.constructor.name, m] as const))(
    "round-trips a %s",
    async (_, message) => {
      const copy = await roundTrip(message);
      expect(Object.getPrototypeOf(copy)).toBe(Object.getPrototypeOf(message));
      expect(copy).not.toBe(message);
      expect(copy.toJSON()).toEqual(message.toJSON());
    },
  );

  it("keeps non-JSON values inside messages, such as a Date artifact", async () => {
    const copy = await roundTrip(samples[3] as ToolMessage);
    expect((copy.artifact as { at: unknown }).at).toEqual(new Date(0));
  });

  it("round-trips a state mixing Weft and core messages", async () => {
    const state = {
      messages: [samples[0], new CoreAIMessage({ content: "core", id: "x" }), samples[1]],
    };
    const copy = await roundTrip(state);
    expect(copy.messages.map((m) => [m?.type, m?.id])).toEqual([
      ["human", "h"],
      ["ai", "x"],
      ["ai", "a"],
    ]);
    expect(copy.messages[1]).toBeInstanceOf(CoreAIMessage);
    expect(Object.getPrototypeOf(copy.messages[2])).toBe(AIMessage.prototype);
  });

  it("stores Weft messages under the weft.message tag", async () => {
    const [, data] = await serde.dumpsTyped(new HumanMessage({ content: "x", id: "1" }));
    expect(new TextDecoder().decode(data)).toContain('"weft.message"');
  });

  it("claims only Weft messages", () => {
    expect(messageCodec.test(new HumanMessage("x"))).toBe(true);
    expect(messageCodec.test(new CoreAIMessage("x"))).toBe(false);
    expect(messageCodec.test({ type: "human", content: "x" })).toBe(false);
  });

  it("refuses kinds outside its closed table", () => {
    for (const data of [{ kind: "constructor", fields: {} }, { kind: "human" }, "human", null]) {
      let caught: unknown;
      try {
        messageCodec.decode(data);
      } catch (error) {
        caught = error;
      }
      expect(WeftError.hasCode(caught, "SERIALIZATION_ERROR")).toBe(true);
    }
  });
});
