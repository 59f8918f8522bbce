import { Document } from "@langchain/core/documents";
import {
  AIMessage,
  AIMessageChunk,
  ChatMessage,
  FunctionMessage,
  HumanMessage,
  HumanMessageChunk,
  RemoveMessage,
  SystemMessage,
  ToolMessage,
} from "@langchain/core/messages";
import { PromptTemplate } from "@langchain/core/prompts";
import { describe, expect, it } from "vitest";
import { JsonSerializer } from "./json-serializer.ts";

const serde = new JsonSerializer();

async function roundTrip<T>(value: T): Promise<T> {
  const [type, data] = await serde.dumpsTyped(value);
  return (await serde.loadsTyped(type, data)) as T;
}

describe("@langchain/core messages", () => {
  it("round-trip as instances of their own classes with their fields", async () => {
    const messages = [
      new SystemMessage("be brief"),
      new HumanMessage({ content: [{ type: "text", text: "hi" }], id: "h1", name: "ann" }),
      new AIMessage({
        content: "calling",
        id: "a1",
        tool_calls: [{ name: "search", args: { q: "x", at: "now" }, id: "t1", type: "tool_call" }],
        usage_metadata: { input_tokens: 1, output_tokens: 2, total_tokens: 3 },
        response_metadata: { model: "m" },
      }),
      new ToolMessage({ content: "result", tool_call_id: "t1", name: "search" }),
      new ChatMessage({ content: "x", role: "critic" }),
      new FunctionMessage({ content: "{}", name: "fn" }),
      new AIMessageChunk({ content: "par", id: "c1" }),
      new HumanMessageChunk({ content: "tial" }),
      new RemoveMessage({ id: "h1" }),
    ];
    const back = await roundTrip({ messages });
    const classes = [
      SystemMessage,
      HumanMessage,
      AIMessage,
      ToolMessage,
      ChatMessage,
      FunctionMessage,
      AIMessageChunk,
      HumanMessageChunk,
      RemoveMessage,
    ];
    back.messages.forEach((message, i) => {
      expect(message).toBeInstanceOf(classes[i]!);
      expect(message.content).toEqual(messages[i]!.content);
      expect(message.id).toBe(messages[i]!.id);
    });
    const ai = back.messages[2] as AIMessage;
    expect(ai.tool_calls).toEqual([
      { name: "search", args: { q: "x", at: "now" }, id: "t1", type: "tool_call" },
    ]);
    expect(ai.usage_metadata).toEqual({ input_tokens: 1, output_tokens: 2, total_tokens: 3 });
    expect(ai.response_metadata).toEqual({ model: "m" });
    expect((back.messages[3] as ToolMessage).tool_call_id).toBe("t1");
    expect((back.messages[4] as ChatMessage).role).toBe("critic");
    expect((back.messages[1] as HumanMessage).name).toBe("ann");
  });

  it("keep Weft types inside message fields", async () => {
    const message = new AIMessage({
      content: "x",
      additional_kwargs: { at: new Date(0), n: Number.NaN },
    });
    const back = await roundTrip(message);
    expect(back.additional_kwargs.at).toBeInstanceOf(Date);
    expect(back.additional_kwargs.n).toBeNaN();
  });

  it("report the path of a bad field inside a message", async () => {
    const message = new HumanMessage({ content: "x", additional_kwargs: { callback: () => 1 } });
    await expect(serde.dumpsTyped([message], { context: 'channel "messages"' })).rejects.toThrow(
      'channel "messages"[0].additional_kwargs.callback',
    );
  });

  it("are rebuilt from the peer's format", async () => {
    const peer = JSON.stringify({
      messages: [new HumanMessage("hi").toJSON(), { lc: 1, type: "secret", id: ["X"] }],
    });
    const back = (await serde.loadsTyped("json", peer)) as { messages: unknown[] };
    expect(back.messages[0]).toBeInstanceOf(HumanMessage);
    expect(back.messages[1]).toEqual({ lc: 1, type: "secret", id: ["X"] });
  });
});

describe("other LangChain objects", () => {
  it("refuses a serializable class outside the message allowlist", async () => {
    const prompt = PromptTemplate.fromTemplate("Hi {name}");
    await expect(serde.dumpsTyped({ prompt })).rejects.toMatchObject({
      code: "SERIALIZATION_ERROR",
      message: expect.stringContaining("value.prompt: LangChain"),
    });
  });

  it("saves a Document (not LangChain-serializable) as plain fields", async () => {
    const back = await roundTrip(new Document({ pageContent: "text", metadata: { a: 1 } }));
    expect(back).toMatchObject({ pageContent: "text", metadata: { a: 1 } });
  });
});

describe("message fields", () => {
  it("keep an id assigned after construction and user objects with an lc key", async () => {
    const message = new HumanMessage({
      content: "x",
      additional_kwargs: { meta: { lc: 1, type: "not a class" } },
    });
    message.id = "assigned-later";
    const back = await roundTrip(message);
    expect(back.id).toBe("assigned-later");
    expect(back.additional_kwargs.meta).toEqual({ lc: 1, type: "not a class" });
  });

  it("unwrap the peer's escaped user objects without decoding inside them", async () => {
    const peer = JSON.stringify({
      lc: 1,
      type: "constructor",
      id: ["langchain_core", "messages", "HumanMessage"],
      kwargs: {
        content: "x",
        additional_kwargs: { meta: { __lc_escaped__: { lc: 2, type: "undefined" } } },
      },
    });
    const back = (await serde.loadsTyped("json", peer)) as HumanMessage;
    expect(back).toBeInstanceOf(HumanMessage);
    expect(back.additional_kwargs.meta).toEqual({ lc: 2, type: "undefined" });
  });
});
