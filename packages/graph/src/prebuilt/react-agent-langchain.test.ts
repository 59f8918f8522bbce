import {
  BaseChatModel,
  type BaseChatModelCallOptions,
} from "@langchain/core/language_models/chat_models";
import {
  AIMessage as CoreAIMessage,
  AIMessageChunk as CoreAIMessageChunk,
  type BaseMessage as CoreBaseMessage,
  HumanMessage as CoreHumanMessage,
} from "@langchain/core/messages";
import { ChatGenerationChunk, type ChatResult } from "@langchain/core/outputs";
import { tool as coreTool } from "@langchain/core/tools";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { createReactAgent } from "./react-agent.ts";

type Reply = {
  content: string;
  toolCalls?: { name: string; args: Record<string, unknown>; id: string }[];
};

/** A minimal @langchain/core chat model answering from a script, streaming word by word. */
class CoreScriptedModel extends BaseChatModel {
  replies: Reply[];
  seen: CoreBaseMessage[][] = [];
  boundToolNames: string[] = [];

  constructor(replies: Reply[]) {
    super({});
    this.replies = replies;
  }

  _llmType() {
    return "core-scripted";
  }

  override bindTools(tools: { name: string }[]) {
    const next = new CoreScriptedModel(this.replies);
    next.seen = this.seen;
    next.boundToolNames = tools.map((t) => t.name);
    return next as never;
  }

  private next(messages: CoreBaseMessage[]): Reply {
    this.seen.push(messages);
    const reply = this.replies.shift();
    if (!reply) throw new Error("script exhausted");
    return reply;
  }

  async _generate(messages: CoreBaseMessage[]): Promise<ChatResult> {
    const reply = this.next(messages);
    const message = new CoreAIMessage({
      content: reply.content,
      tool_calls: reply.toolCalls ?? [],
    });
    return { generations: [{ message, text: reply.content }] };
  }

  override async *_streamResponseChunks(
    messages: CoreBaseMessage[],
    _options: this["ParsedCallOptions"] & BaseChatModelCallOptions,
    runManager?: { handleLLMNewToken: (...args: any[]) => Promise<void> },
  ) {
    const reply = this.next(messages);
    const words = reply.content.match(/\s*\S+/g) ?? [];
    for (const word of words) {
      const chunk = new ChatGenerationChunk({ message: new CoreAIMessageChunk(word), text: word });
      yield chunk;
      await runManager?.handleLLMNewToken(word, undefined, undefined, undefined, undefined, {
        chunk,
      });
    }
    for (const [index, call] of (reply.toolCalls ?? []).entries()) {
      const message = new CoreAIMessageChunk({
        content: "",
        tool_call_chunks: [
          { name: call.name, args: JSON.stringify(call.args), id: call.id, index },
        ],
      });
      const chunk = new ChatGenerationChunk({ message, text: "" });
      yield chunk;
      await runManager?.handleLLMNewToken("", undefined, undefined, undefined, undefined, {
        chunk,
      });
    }
  }
}

const getWeather = coreTool(({ city }: { city: string }) => `It's always sunny in ${city}!`, {
  name: "get_weather",
  description: "Get weather for a given city.",
  schema: z.object({ city: z.string() }),
});

const script = (): Reply[] => [
  { content: "", toolCalls: [{ name: "get_weather", args: { city: "sf" }, id: "call_a" }] },
  { content: "It is sunny in sf." },
];

describe("createReactAgent with @langchain/core models, tools and messages", () => {
  it("runs the loop unchanged", async () => {
    const model = new CoreScriptedModel(script());
    const agent = createReactAgent({ llm: model, tools: [getWeather] });
    const result = await agent.invoke({ messages: [new CoreHumanMessage("weather in sf?")] });
    expect(result.messages.map((m) => m.type ?? m._getType())).toEqual([
      "human",
      "ai",
      "tool",
      "ai",
    ]);
    expect(result.messages[2]).toMatchObject({
      content: "It's always sunny in sf!",
      tool_call_id: "call_a",
    });
    expect(result.messages.at(-1)!.content).toBe("It is sunny in sf.");
    expect(model.seen[1]!.map((m) => m._getType())).toEqual(["human", "ai", "tool"]);
  });

  it('streams the core model\'s tokens in "messages" mode', async () => {
    const model = new CoreScriptedModel(script());
    const agent = createReactAgent({ llm: model, tools: [getWeather] });
    const tokens: string[] = [];
    const nodes = new Set<string>();
    for await (const [chunk, metadata] of (await agent.stream(
      { messages: "weather in sf?" },
      { streamMode: "messages" },
    )) as AsyncIterable<[{ content: unknown }, Record<string, any>]>) {
      nodes.add(metadata.langgraph_node);
      if (metadata.langgraph_node === "agent") tokens.push(String(chunk.content));
    }
    expect(tokens.join("")).toBe("It is sunny in sf.");
    expect(tokens.filter((t) => t !== "")).toEqual(["It", " is", " sunny", " in", " sf."]);
    expect(nodes).toEqual(new Set(["agent", "tools"]));
  });
});
