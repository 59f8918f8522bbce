import { describe, expect, it } from "vitest";
import * as z from "zod";
import { AIMessage, type AIMessageChunk, HumanMessage } from "../messages/index.ts";
import { tool } from "../tools/tool.ts";
import { ScriptedChatModel } from "./scripted-chat-model.ts";

async function collect(stream: AsyncIterable<AIMessageChunk>): Promise<AIMessageChunk[]> {
  const chunks: AIMessageChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

describe("ScriptedChatModel", () => {
  it("answers calls with the scripted replies in order", async () => {
    const model = new ScriptedChatModel({ replies: ["first", "second"] });
    expect((await model.invoke("a")).content).toBe("first");
    expect((await model.invoke("b")).content).toBe("second");
    await expect(model.invoke("c")).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      message: expect.stringContaining("no reply left for call #3"),
    });
  });

  it("cycles through the script when asked", async () => {
    const model = new ScriptedChatModel({ replies: ["a", "b"], cycle: true });
    const texts: string[] = [];
    for (let i = 0; i < 5; i++) texts.push((await model.invoke("x")).text);
    expect(texts).toEqual(["a", "b", "a", "b", "a"]);
  });

  it("streams text word by word, or in fixed-size pieces", async () => {
    const words = await collect(
      new ScriptedChatModel({ replies: ["Hello brave  new world"] }).stream("hi"),
    );
    expect(words.map((c) => c.content)).toEqual(["Hello", " brave", "  new", " world"]);
    const pieces = await collect(
      new ScriptedChatModel({ replies: ["abcdefg"], chunkSize: 3 }).stream("hi"),
    );
    expect(pieces.map((c) => c.content)).toEqual(["abc", "def", "g"]);
    expect(pieces.at(-1)!.response_metadata).toMatchObject({ finish_reason: "stop" });
  });

  it("streams tool calls as chunks that join into tool calls with generated ids", async () => {
    const model = new ScriptedChatModel({
      replies: [
        {
          content: "Checking.",
          toolCalls: [
            { name: "get_weather", args: { city: "sf" } },
            { name: "get_time", args: { tz: "PST" }, id: "fixed" },
          ],
          usage: { input_tokens: 3, output_tokens: 4, total_tokens: 7 },
        },
      ],
    });
    const chunks = await collect(model.stream("weather?"));
    const full = chunks.reduce((a, b) => a.concat(b));
    expect(full.text).toBe("Checking.");
    expect(full.tool_calls).toEqual([
      { name: "get_weather", args: { city: "sf" }, id: "call_1", type: "tool_call" },
      { name: "get_time", args: { tz: "PST" }, id: "fixed", type: "tool_call" },
    ]);
    expect(full.usage_metadata).toEqual({ input_tokens: 3, output_tokens: 4, total_tokens: 7 });
    const reply = await new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "t" }] }],
    }).invoke("x");
    expect(reply).toBeInstanceOf(AIMessage);
    expect(reply.tool_calls).toEqual([{ name: "t", args: {}, id: "call_1", type: "tool_call" }]);
  });

  it("computes replies from the call and records every call", async () => {
    const model = new ScriptedChatModel({
      replies: [({ messages }) => `you said: ${messages.at(-1)!.text}`, new Error("provider down")],
    });
    const getWeather = tool(() => "sunny", {
      name: "get_weather",
      description: "weather",
      schema: z.object({ city: z.string() }),
    });
    const bound = model.bindTools([getWeather], { toolChoice: "any" });
    expect((await bound.invoke([new HumanMessage("ping")])).content).toBe("you said: ping");
    await expect(model.invoke("again")).rejects.toThrow("provider down");
    // The bound copy and the original share one script and one call log.
    expect(model.calls).toHaveLength(2);
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["get_weather"]);
    expect(model.calls[0]!.toolChoice).toBe("any");
    expect(model.calls[1]!.tools).toEqual([]);
    expect(bound.boundTools).toEqual([getWeather]);
    expect(model.boundTools).toEqual([]);
  });

  it("stops between tokens when the signal aborts", async () => {
    const model = new ScriptedChatModel({ replies: ["one two three four"], tokenDelayMs: 5 });
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const chunk of model.stream("x", { signal: controller.signal })) {
        seen.push(chunk.text);
        if (seen.length === 2) controller.abort(new Error("stop"));
      }
    })();
    await expect(run).rejects.toThrow("stop");
    expect(seen).toEqual(["one", " two"]);
  });

  it("gives structured output through a forced tool call or JSON text", async () => {
    const Person = z.object({ name: z.string(), age: z.number() });
    const byTool = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "Person", args: { name: "Ada", age: 36 } }] }],
    });
    expect(await byTool.withStructuredOutput(Person, { name: "Person" }).invoke("who?")).toEqual({
      name: "Ada",
      age: 36,
    });
    expect(byTool.calls[0]!.toolChoice).toBe("Person");
    const byJson = new ScriptedChatModel({ replies: ['```json\n{"name":"Bo","age":"x"}\n```'] });
    const result = await byJson
      .withStructuredOutput(Person, { method: "jsonSchema", includeRaw: true })
      .invoke("who?");
    expect(result.parsed).toBeNull();
    expect(result.raw.text).toContain('"Bo"');
    expect(byJson.calls[0]!.responseFormat).toMatchObject({ type: "json_schema" });
  });
});
