import { describe, expect, it } from "vitest";
import * as z from "zod";
import { START } from "../constants.ts";
import { StateGraph } from "../graph/state-graph.ts";
import type { AIMessageChunk } from "../messages/index.ts";
import { createReactAgent } from "../prebuilt/react-agent.ts";
import { StateSchema } from "../state/index.ts";
import { tool } from "../tools/tool.ts";
import type { ChatModelRequest } from "./chat-model-types.ts";
import { ScriptedChatModel } from "./scripted-chat-model.ts";

type Item = [AIMessageChunk, Record<string, any>];

async function collect(stream: AsyncIterable<unknown>): Promise<Item[]> {
  const items: Item[] = [];
  for await (const item of stream) items.push(item as Item);
  return items;
}

describe('streamMode "messages" with Weft chat models', () => {
  it("streams tokens of a model invoked (not streamed) inside a node", async () => {
    const MyState = new StateSchema({ topic: z.string(), joke: z.string().default("") });
    const model = new ScriptedChatModel({ replies: ["Why did the ice cream cry? It was sundae."] });
    const graph = new StateGraph(MyState)
      .addNode("callModel", async (state) => {
        const reply = await model.invoke([
          { role: "user", content: `Generate a joke about ${state.topic}` },
        ]);
        return { joke: reply.text };
      })
      .addEdge(START, "callModel")
      .compile();
    const items = await collect(
      await graph.stream({ topic: "ice cream" }, { streamMode: "messages" }),
    );
    const text = items.map(([chunk]) => chunk.content).join("");
    expect(text).toBe("Why did the ice cream cry? It was sundae.");
    expect(items.length).toBe(9);
    expect(items[0]![1]).toMatchObject({
      langgraph_node: "callModel",
      langgraph_step: 1,
      ls_provider: "scripted",
      ls_model_name: "scripted",
    });
  });

  it("filters by the tags of each model (the documented joke / poem example)", async () => {
    const State = new StateSchema({ topic: z.string(), joke: z.string(), poem: z.string() });
    const jokeModel = new ScriptedChatModel({ replies: ["cats nap"], tags: ["joke"] });
    const poemModel = new ScriptedChatModel({ replies: ["soft paws"], tags: ["poem"] });
    const graph = new StateGraph(State)
      .addNode("callModel", async (state) => {
        const joke = await jokeModel.invoke([{ role: "user", content: `Joke: ${state.topic}` }]);
        const poem = await poemModel.invoke([{ role: "user", content: `Poem: ${state.topic}` }]);
        return { joke: joke.text, poem: poem.text };
      })
      .addEdge(START, "callModel")
      .compile();
    const items = await collect(await graph.stream({ topic: "cats" }, { streamMode: "messages" }));
    const jokes = items.filter(([, meta]) => meta.tags?.includes("joke")).map(([c]) => c.content);
    const poems = items.filter(([, meta]) => meta.tags?.includes("poem")).map(([c]) => c.content);
    expect(jokes).toEqual(["cats", " nap"]);
    expect(poems).toEqual(["soft", " paws"]);
  });

  it("filters by node (the documented parallel writeJoke / writePoem example)", async () => {
    const State = new StateSchema({ topic: z.string(), joke: z.string(), poem: z.string() });
    const model = new ScriptedChatModel({
      replies: [({ messages }) => (messages[0]!.text.includes("joke") ? "a joke" : "a poem")],
      cycle: true,
    });
    const graph = new StateGraph(State)
      .addNode("writeJoke", async (s) => ({
        joke: (await model.invoke([{ role: "user", content: `Write a joke about ${s.topic}` }]))
          .text,
      }))
      .addNode("writePoem", async (s) => ({
        poem: (await model.invoke([{ role: "user", content: `Write a poem about ${s.topic}` }]))
          .text,
      }))
      .addEdge(START, "writeJoke")
      .addEdge(START, "writePoem")
      .compile();
    const items = await collect(await graph.stream({ topic: "cats" }, { streamMode: "messages" }));
    const poem = items
      .filter(([msg, meta]) => msg.content && meta.langgraph_node === "writePoem")
      .map(([msg]) => msg.content)
      .join("");
    expect(poem).toBe("a poem");
  });

  it("an agent streams model tokens from the agent node and tool results from the tools node", async () => {
    const getWeather = tool(({ city }) => `It's always sunny in ${city}!`, {
      name: "get_weather",
      schema: z.object({ city: z.string() }),
    });
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "get_weather", args: { city: "sf" } }] },
        "It is sunny in sf.",
      ],
    });
    const agent = createReactAgent({ llm: model, tools: [getWeather] });
    const items = await collect(
      await agent.stream({ messages: "weather in sf?" }, { streamMode: "messages" }),
    );
    const byNode = (node: string) => items.filter(([, meta]) => meta.langgraph_node === node);
    expect(
      byNode("agent")
        .map(([chunk]) => chunk.content)
        .join(""),
    ).toBe("It is sunny in sf.");
    expect(byNode("agent")[0]![0].tool_call_chunks?.[0]?.name).toBe("get_weather");
    expect(byNode("tools").map(([message]) => [message.type, message.content])).toEqual([
      ["tool", "It's always sunny in sf!"],
    ]);
  });

  it("cancelling the run stops a streaming model call at once", async () => {
    const State = new StateSchema({ out: z.string().default("") });
    let produced = 0;
    let finished: () => void = () => {};
    const modelStopped = new Promise<void>((resolve) => {
      finished = resolve;
    });
    class CountingModel extends ScriptedChatModel {
      protected override async *_stream(request: ChatModelRequest) {
        try {
          for await (const chunk of super._stream(request)) {
            produced++;
            yield chunk;
          }
        } finally {
          finished();
        }
      }
    }
    const model = new CountingModel({
      replies: ["one two three four five six seven eight"],
      tokenDelayMs: 20,
    });
    const graph = new StateGraph(State)
      .addNode("talk", async () => ({ out: (await model.invoke("go")).text }))
      .addEdge(START, "talk")
      .compile();
    const controller = new AbortController();
    const seen: string[] = [];
    const run = (async () => {
      for await (const [chunk] of (await graph.stream(
        {},
        { streamMode: "messages", signal: controller.signal },
      )) as AsyncIterable<Item>) {
        seen.push(chunk.content as string);
        if (seen.length === 2) controller.abort();
      }
    })();
    await expect(run).rejects.toMatchObject({ code: "GRAPH_ABORTED" });
    expect(seen).toEqual(["one", " two"]);
    // The model's own stream ended too, without producing the rest of its tokens.
    await modelStopped;
    expect(produced).toBeLessThanOrEqual(3);
  });
});
