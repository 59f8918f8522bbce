import { MemorySaver, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { type AIMessage, createAgent, HumanMessage, tool } from "../src/index.ts";

const getWeather = tool(async ({ city }: { city: string }) => `It's always sunny in ${city}!`, {
  name: "get_weather",
  description: "Get the weather for a city.",
  schema: z.object({ city: z.string() }),
});

describe("createAgent", () => {
  it("runs the tool loop: model → tools → model → end", async () => {
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "get_weather", args: { city: "sf" }, id: "c1" }] },
        "Sunny in sf.",
      ],
    });
    const agent = createAgent({ model, tools: [getWeather], systemPrompt: "Be brief." });
    const result = await agent.invoke({ messages: [new HumanMessage("weather in sf?")] });
    const types = result.messages.map((m) => m.type);
    expect(types).toEqual(["human", "ai", "tool", "ai"]);
    expect(result.messages[2]!.content).toBe("It's always sunny in sf!");
    expect(result.messages.at(-1)!.content).toBe("Sunny in sf.");
    // The system prompt goes first on every call, tools are offered.
    expect(model.calls).toHaveLength(2);
    expect(model.calls[0]!.messages[0]!.type).toBe("system");
    expect(model.calls[0]!.messages[0]!.content).toBe("Be brief.");
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["get_weather"]);
  });

  it("accepts a plain string and message dicts as messages", async () => {
    const model = new ScriptedChatModel({ replies: ["hi"] });
    const agent = createAgent({ model, tools: [] });
    const result = await agent.invoke({ messages: [{ role: "user", content: "hello" }] });
    expect(result.messages.map((m) => m.type)).toEqual(["human", "ai"]);
    expect(model.calls[0]!.messages.map((m) => m.type)).toEqual(["human"]);
  });

  it("keeps short-term memory per thread with a checkpointer", async () => {
    const model = new ScriptedChatModel({ replies: ["first", "second", "other"] });
    const agent = createAgent({ model, tools: [], checkpointer: new MemorySaver() });
    const a = { configurable: { thread_id: "a" } };
    await agent.invoke({ messages: [new HumanMessage("one")] }, a);
    const again = await agent.invoke({ messages: [new HumanMessage("two")] }, a);
    expect(again.messages.map((m) => m.content)).toEqual(["one", "first", "two", "second"]);
    const other = await agent.invoke(
      { messages: [new HumanMessage("x")] },
      { configurable: { thread_id: "b" } },
    );
    expect(other.messages.map((m) => m.content)).toEqual(["x", "other"]);
  });

  it("names the AI messages with the agent name", async () => {
    const model = new ScriptedChatModel({ replies: ["hello"] });
    const agent = createAgent({ model, tools: [], name: "helper" });
    const result = await agent.invoke({ messages: [new HumanMessage("hi")] });
    expect((result.messages.at(-1) as AIMessage).name).toBe("helper");
    expect(agent.graph).toBe(agent);
    const configured = agent.withConfig({ recursionLimit: 50 });
    expect(configured.graph).toBe(configured);
  });

  it("turns a tool error into an error ToolMessage the model sees", async () => {
    const failing = tool(
      () => {
        throw new Error("boom");
      },
      { name: "fail", description: "fails", schema: z.object({}) },
    );
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "fail", args: {}, id: "c1" }] }, "recovered"],
    });
    const agent = createAgent({ model, tools: [failing] });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    const toolMessage = result.messages[2] as unknown as { status: string; content: string };
    expect(toolMessage.status).toBe("error");
    expect(toolMessage.content).toContain("boom");
    expect(result.messages.at(-1)!.content).toBe("recovered");
  });

  it("ends after a returnDirect tool", async () => {
    const direct = tool(async () => "done directly", {
      name: "direct",
      description: "returns directly",
      schema: z.object({}),
      returnDirect: true,
    });
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "direct", args: {} }] }],
    });
    const agent = createAgent({ model, tools: [direct] });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    expect(result.messages.at(-1)!.content).toBe("done directly");
    expect(model.calls).toHaveLength(1);
  });

  it("passes runtime.context and the store to tools", async () => {
    const { InMemoryStore } = await import("../src/index.ts");
    const store = new InMemoryStore();
    await store.put(["users"], "u1", { name: "Ada" });
    const lookup = tool(
      async (_args: Record<string, never>, runtime) => {
        const userId = (runtime.context as { userId: string }).userId;
        const item = await runtime.store!.get(["users"], userId);
        return `name=${(item!.value as { name: string }).name}`;
      },
      { name: "lookup", description: "looks the user up", schema: z.object({}) },
    );
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "lookup", args: {} }] }, "ok"],
    });
    const agent = createAgent({
      model,
      tools: [lookup],
      store,
      contextSchema: z.object({ userId: z.string() }),
    });
    const result = await agent.invoke(
      { messages: [new HumanMessage("who am i")] },
      { context: { userId: "u1" } },
    );
    expect(result.messages[2]!.content).toBe("name=Ada");
  });

  it("draws its graph: hook nodes, the model and the tools with their possible routes", async () => {
    const { createMiddleware } = await import("../src/index.ts");
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: [] }),
      tools: [getWeather],
      middleware: [
        createMiddleware({
          name: "Guard",
          beforeModel: { canJumpTo: ["end"], hook: () => undefined },
          afterModel: () => undefined,
        }),
      ],
    });
    const drawing = agent.getGraph().toJSON();
    const ids = drawing.nodes.map((n) => n.id);
    expect(ids).toEqual(
      expect.arrayContaining(["Guard.before_model", "model_request", "Guard.after_model", "tools"]),
    );
    const edges = drawing.edges.map((e) => `${e.source}->${e.target}`);
    expect(edges).toEqual(
      expect.arrayContaining([
        "__start__->Guard.before_model",
        "Guard.before_model->model_request",
        "Guard.before_model->__end__",
        "model_request->Guard.after_model",
        "Guard.after_model->tools",
        "Guard.after_model->__end__",
        "tools->Guard.before_model",
      ]),
    );
    expect(agent.getGraph().drawMermaid()).toContain("model_request");
  });

  it("answers a call of an unknown tool with an error the model sees", async () => {
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "get_wether", args: { city: "sf" } }] }, "sorry"],
    });
    const agent = createAgent({ model, tools: [getWeather] });
    const result = await agent.invoke({ messages: [new HumanMessage("weather?")] });
    const answer = result.messages[2] as unknown as { status: string; content: string };
    expect(answer.status).toBe("error");
    expect(answer.content).toBe("Error: get_wether is not a valid tool, try one of [get_weather].");
    expect(model.calls[1]!.messages.at(-1)!.type).toBe("tool");
  });

  it("pauses inside a tool with interrupt() and resumes with Command({ resume })", async () => {
    const { Command, interrupt } = await import("../src/index.ts");
    const sendEmail = tool(
      async ({ to }: { to: string }) => {
        const approved = interrupt<{ to: string }, boolean>({ to });
        return approved ? `sent to ${to}` : "cancelled";
      },
      { name: "send_email", description: "sends", schema: z.object({ to: z.string() }) },
    );
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "send_email", args: { to: "a@x.com" }, id: "e1" },
            { name: "get_weather", args: { city: "sf" }, id: "w1" },
          ],
        },
        "done",
      ],
    });
    const agent = createAgent({
      model,
      tools: [sendEmail, getWeather],
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "email" } };
    const paused = await agent.invoke({ messages: [new HumanMessage("email a")] }, config);
    expect(paused.__interrupt__?.[0]?.value).toEqual({ to: "a@x.com" });
    const resumed = await agent.invoke(new Command({ resume: true }), config);
    const contents = resumed.messages.map((m) => m.content);
    expect(contents).toEqual([
      "email a",
      "",
      "sent to a@x.com",
      "It's always sunny in sf!",
      "done",
    ]);
  });
});
