import { type BaseMessage, Command, MemorySaver, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { createAgent, createMiddleware, HumanMessage, tool } from "../src/index.ts";

const getWeather = tool(
  async ({ city }: { city: string }, runtime) => {
    runtime.writer?.(`Looking up data for city: ${city}`);
    return `It's always sunny in ${city}!`;
  },
  { name: "get_weather", description: "weather", schema: z.object({ city: z.string() }) },
);

function weatherModel() {
  return new ScriptedChatModel({
    replies: [
      { toolCalls: [{ name: "get_weather", args: { city: "SF" }, id: "c1" }] },
      "It's always sunny in SF!",
    ],
  });
}

describe("streaming", () => {
  it("streams agent progress as updates per node", async () => {
    const agent = createAgent({ model: weatherModel(), tools: [getWeather] });
    const nodes: string[] = [];
    for await (const chunk of await agent.stream(
      { messages: [{ role: "user", content: "what is the weather in sf" }] },
      { streamMode: "updates" },
    )) {
      nodes.push(...Object.keys(chunk as Record<string, unknown>));
    }
    expect(nodes).toEqual(["model_request", "tools", "model_request"]);
  });

  it("streams LLM tokens with the model node in the metadata", async () => {
    const agent = createAgent({ model: weatherModel(), tools: [getWeather] });
    let text = "";
    const nodes = new Set<string>();
    for await (const [token, metadata] of await agent.stream(
      { messages: [new HumanMessage("weather?")] },
      { streamMode: "messages" },
    )) {
      nodes.add((metadata as { langgraph_node: string }).langgraph_node);
      if ((token as BaseMessage).type === "ai") {
        text += typeof token.content === "string" ? token.content : "";
      }
    }
    expect(text).toContain("It's always sunny in SF!");
    expect(nodes.has("model_request")).toBe(true);
  });

  it("shows tool calls and tool results in the messages stream (the docs' contentBlocks loop)", async () => {
    const agent = createAgent({ model: weatherModel(), tools: [getWeather] });
    const seen: { node: string; blocks: string[] }[] = [];
    for await (const [token, metadata] of await agent.stream(
      { messages: [{ role: "user", content: "what is the weather in sf" }] },
      { streamMode: "messages" },
    )) {
      seen.push({
        node: (metadata as { langgraph_node: string }).langgraph_node,
        blocks: token.contentBlocks.map((b) => b.type),
      });
    }
    const first = seen.find((s) => s.node === "model_request")!;
    expect(first.blocks.some((type) => type.startsWith("tool_call"))).toBe(true);
    expect(seen.some((s) => s.node === "tools")).toBe(true);
  });

  it("streams custom updates from tools and several modes at once", async () => {
    const agent = createAgent({
      model: weatherModel(),
      tools: [getWeather],
      middleware: [
        createMiddleware({
          name: "Progress",
          beforeModel: (_state, runtime) => {
            runtime.writer?.("thinking");
          },
        }),
      ],
    });
    const seen: [string, unknown][] = [];
    for await (const [mode, chunk] of await agent.stream(
      { messages: [new HumanMessage("weather?")] },
      { streamMode: ["updates", "custom"] },
    )) {
      seen.push([mode as string, chunk]);
    }
    const custom = seen.filter(([mode]) => mode === "custom").map(([, c]) => c);
    expect(custom).toEqual(["thinking", "Looking up data for city: SF", "thinking"]);
    const updates = seen
      .filter(([mode]) => mode === "updates")
      .flatMap(([, c]) => Object.keys(c as object));
    expect(updates).toEqual([
      "Progress.before_model",
      "model_request",
      "tools",
      "Progress.before_model",
      "model_request",
    ]);
  });
});

describe("human in the loop through runtime.interrupt", () => {
  it("pauses in a hook and resumes with Command({ resume })", async () => {
    const approve = createMiddleware({
      name: "Approve",
      afterModel: {
        canJumpTo: ["end"],
        hook: (state, runtime) => {
          const last = state.messages.at(-1) as BaseMessage & { tool_calls?: unknown[] };
          if (!last.tool_calls?.length) return;
          const answer = runtime.interrupt<string>({ question: "run the tool?" });
          return answer === "yes" ? undefined : { jumpTo: "end" as const };
        },
      },
    });
    const agent = createAgent({
      model: weatherModel(),
      tools: [getWeather],
      middleware: [approve],
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "hitl" } };
    const paused = await agent.invoke({ messages: [new HumanMessage("weather?")] }, config);
    expect(paused.__interrupt__?.[0]?.value).toEqual({ question: "run the tool?" });
    const resumed = await agent.invoke(new Command({ resume: "yes" }), config);
    expect(resumed.messages.at(-1)!.content).toBe("It's always sunny in SF!");
  });
});
