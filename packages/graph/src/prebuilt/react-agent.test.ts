import { MemorySaver } from "@weft/checkpoint";
import { InMemoryStore } from "@weft/store";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Command } from "../command.ts";
import { START } from "../constants.ts";
import { GraphRecursionError } from "../errors.ts";
import { StateGraph } from "../graph/state-graph.ts";
import {
  AIMessage,
  type BaseMessage,
  HumanMessage,
  RemoveMessage,
  SystemMessage,
  ToolMessage,
} from "../messages/index.ts";
import { ScriptedChatModel, type ScriptedReply } from "../models/scripted-chat-model.ts";
import { MessagesAnnotation, MessagesValue, StateSchema } from "../state/index.ts";
import { tool } from "../tools/tool.ts";
import { createReactAgent } from "./react-agent.ts";

const getWeather = tool(({ city }) => `It's always sunny in ${city}!`, {
  name: "get_weather",
  description: "Get weather for a given city.",
  schema: z.object({ city: z.string() }),
});

const weatherScript = (): ScriptedReply[] => [
  { toolCalls: [{ name: "get_weather", args: { city: "sf" } }] },
  "The weather in sf is sunny.",
];

const kinds = (messages: BaseMessage[]) => messages.map((m) => m.type);

describe("createReactAgent inputs and outputs", () => {
  const inputs: [string, unknown][] = [
    ["a string", "what is the weather in sf"],
    ["a message dict", { role: "user", content: "what is the weather in sf" }],
    ["a list of dicts", [{ role: "user", content: "what is the weather in sf" }]],
    ["a list of tuples", [["user", "what is the weather in sf"]]],
    ["message instances", [new HumanMessage("what is the weather in sf")]],
  ];
  for (const [label, messages] of inputs) {
    it(`accepts messages as ${label}`, async () => {
      const model = new ScriptedChatModel({ replies: weatherScript() });
      const agent = createReactAgent({ llm: model, tools: [getWeather] });
      const result = await agent.invoke({ messages } as never);
      expect(kinds(result.messages)).toEqual(["human", "ai", "tool", "ai"]);
      expect(result.messages[0]!.content).toBe("what is the weather in sf");
      expect(result.messages[2]).toMatchObject({
        content: "It's always sunny in sf!",
        tool_call_id: "call_1",
      });
      expect(result.messages[3]!.content).toBe("The weather in sf is sunny.");
      expect(result.structuredResponse).toBeUndefined();
    });
  }

  it("binds the tools to the model and names its messages after the agent", async () => {
    const model = new ScriptedChatModel({ replies: weatherScript() });
    const agent = createReactAgent({ llm: model, tools: [getWeather], name: "weather_agent" });
    const result = await agent.invoke({ messages: "weather?" });
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["get_weather"]);
    expect(result.messages.filter((m) => m.type === "ai").map((m) => m.name)).toEqual([
      "weather_agent",
      "weather_agent",
    ]);
  });

  it("keeps custom state keys in input and output", async () => {
    const State = new StateSchema({ messages: MessagesValue, userName: z.string() });
    const model = new ScriptedChatModel({ replies: ["Hi!"] });
    const agent = createReactAgent({
      llm: model,
      tools: [],
      stateSchema: State,
      prompt: (state) => [new SystemMessage(`The user is ${state.userName}.`), ...state.messages],
    });
    const result = await agent.invoke({ messages: "Hello", userName: "Alice" });
    expect(result.userName).toBe("Alice");
    expect(model.calls[0]!.messages.map((m) => m.text)).toEqual(["The user is Alice.", "Hello"]);
    expect(model.calls[0]!.tools).toEqual([]);
  });

  it("rejects a state schema without messages", () => {
    expect(() =>
      createReactAgent({
        llm: new ScriptedChatModel({ replies: [] }),
        tools: [],
        stateSchema: new StateSchema({ foo: z.string() }),
      }),
    ).toThrow("messages");
  });
});

describe("createReactAgent prompt", () => {
  it("a string becomes a leading system message (and is not stored)", async () => {
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const agent = createReactAgent({ llm: model, tools: [getWeather], prompt: "Be brief." });
    const result = await agent.invoke({ messages: "hi" });
    expect(model.calls[0]!.messages.map((m) => [m.type, m.text])).toEqual([
      ["system", "Be brief."],
      ["human", "hi"],
    ]);
    expect(kinds(result.messages)).toEqual(["human", "ai"]);
  });

  it("a SystemMessage is put first as it is", async () => {
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const system = new SystemMessage("You are terse.");
    await createReactAgent({ llm: model, tools: [], prompt: system }).invoke({ messages: "hi" });
    expect(model.calls[0]!.messages[0]).toBe(system);
  });

  it("a function builds the model's messages from state and config", async () => {
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const agent = createReactAgent({
      llm: model,
      tools: [],
      prompt: (state, config) => [
        { role: "system", content: `Address the user as ${config.context?.userName}.` },
        ...state.messages,
      ],
    });
    await agent.invoke({ messages: "hi" }, { context: { userName: "John Smith" } });
    expect(model.calls[0]!.messages[0]!.text).toBe("Address the user as John Smith.");
  });
});

describe("createReactAgent loop", () => {
  it("streams one updates chunk per step", async () => {
    const model = new ScriptedChatModel({ replies: weatherScript() });
    const agent = createReactAgent({ llm: model, tools: [getWeather] });
    const chunks: Record<string, any>[] = [];
    for await (const chunk of await agent.stream(
      { messages: [{ role: "user", content: "what is the weather in sf" }] },
      { streamMode: "updates" },
    )) {
      chunks.push(chunk);
    }
    expect(chunks.map((c) => Object.keys(c))).toEqual([["agent"], ["tools"], ["agent"]]);
    expect(chunks[1]!.tools.messages[0]).toBeInstanceOf(ToolMessage);
  });

  it("recursionLimit = 2 * maxIterations + 1 stops the agent after maxIterations loops", async () => {
    const maxIterations = 3;
    const recursionLimit = 2 * maxIterations + 1;
    const call = { toolCalls: [{ name: "get_weather", args: { city: "sf" } }] };
    // Two tool rounds and a final answer: 5 steps, within the limit.
    const finishing = new ScriptedChatModel({ replies: [call, call, "done"] });
    const result = await createReactAgent({ llm: finishing, tools: [getWeather] }).invoke(
      { messages: "weather?" },
      { recursionLimit },
    );
    expect(result.messages.at(-1)!.content).toBe("done");

    const looping = new ScriptedChatModel({ replies: [call], cycle: true });
    const error = await createReactAgent({ llm: looping, tools: [getWeather] })
      .invoke({ messages: "weather?" }, { recursionLimit })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(GraphRecursionError);
    expect(error).toMatchObject({ code: "GRAPH_RECURSION_LIMIT" });
    // As in LangGraph, the step that crosses the limit runs, then the error is raised:
    // three full loops, then a fourth model call.
    expect(looping.calls.length).toBe(maxIterations + 1);
  });

  it("a failing tool becomes an error message and the model recovers", async () => {
    const flaky = tool(
      ({ city }) => {
        if (city === "Atlantis") throw new Error(`unknown city ${city}`);
        return "sunny";
      },
      { name: "get_weather", schema: z.object({ city: z.string() }) },
    );
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "get_weather", args: { city: "Atlantis" } }] },
        { toolCalls: [{ name: "get_weather", args: { city: "Paris" } }] },
        "Sunny in Paris.",
      ],
    });
    const result = await createReactAgent({ llm: model, tools: [flaky] }).invoke({
      messages: "weather?",
    });
    const tools = result.messages.filter((m): m is ToolMessage => m.type === "tool");
    expect(tools.map((m) => m.status)).toEqual(["error", "success"]);
    expect(tools[0]!.content).toContain("unknown city Atlantis");
  });

  it("v2 sends each tool call to its own tools task", async () => {
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "get_weather", args: { city: "sf" } },
            { name: "get_weather", args: { city: "nyc" } },
          ],
        },
        "Both sunny.",
      ],
    });
    const agent = createReactAgent({ llm: model, tools: [getWeather], version: "v2" });
    const updates: Record<string, any>[] = [];
    for await (const chunk of await agent.stream(
      { messages: "weather?" },
      { streamMode: "updates" },
    )) {
      updates.push(chunk);
    }
    expect(updates.map((u) => Object.keys(u)[0])).toEqual(["agent", "tools", "tools", "agent"]);
    const final = model.calls[1]!.messages;
    expect(
      final
        .filter((m) => m.type === "tool")
        .map((m) => m.text)
        .sort(),
    ).toEqual(["It's always sunny in nyc!", "It's always sunny in sf!"]);
  });

  it("stops after a returnDirect tool", async () => {
    const lookup = tool(() => "the answer is 42", {
      name: "lookup",
      schema: z.object({}),
      returnDirect: true,
    });
    const model = new ScriptedChatModel({ replies: [{ toolCalls: [{ name: "lookup" }] }] });
    const result = await createReactAgent({ llm: model, tools: [lookup] }).invoke({
      messages: "?",
    });
    expect(kinds(result.messages)).toEqual(["human", "ai", "tool"]);
    expect(model.calls).toHaveLength(1);
  });

  it("fails with INVALID_CHAT_HISTORY when a tool call has no answer", async () => {
    const agent = createReactAgent({
      llm: new ScriptedChatModel({ replies: ["never"] }),
      tools: [getWeather],
    });
    const dangling = new AIMessage({
      content: "",
      tool_calls: [{ id: "c1", name: "get_weather", args: { city: "x" } }],
    });
    await expect(
      agent.invoke({ messages: [new HumanMessage("hi"), dangling, new HumanMessage("again")] }),
    ).rejects.toMatchObject({ code: "INVALID_CHAT_HISTORY" });
  });

  it("picks the model per call with a function", async () => {
    const small = new ScriptedChatModel({ replies: ["small model"] });
    const large = new ScriptedChatModel({ replies: ["large model"] });
    const agent = createReactAgent({
      llm: (state) => (state.messages.length > 1 ? large : small),
      tools: [getWeather],
    });
    expect((await agent.invoke({ messages: "hi" })).messages.at(-1)!.content).toBe("small model");
    expect((await agent.invoke({ messages: ["a", "b"] })).messages.at(-1)!.content).toBe(
      "large model",
    );
    expect(large.calls[0]!.tools.map((t) => t.name)).toEqual(["get_weather"]);
  });
});

describe("createReactAgent structured response", () => {
  const WeatherResponse = z.object({ conditions: z.string() });

  it("asks the model for the schema after the loop and stores structuredResponse", async () => {
    const model = new ScriptedChatModel({
      replies: [
        ...weatherScript(),
        { toolCalls: [{ name: "extract", args: { conditions: "sunny" } }] },
      ],
    });
    const agent = createReactAgent({
      llm: model,
      tools: [getWeather],
      responseFormat: WeatherResponse,
    });
    const result = await agent.invoke({ messages: "what is the weather in sf" });
    expect(result.structuredResponse).toEqual({ conditions: "sunny" });
    expect(kinds(result.messages)).toEqual(["human", "ai", "tool", "ai"]);
    const structuredCall = model.calls[2]!;
    expect(structuredCall.toolChoice).toBe("extract");
    expect(structuredCall.tools.map((t) => t.name)).toEqual(["extract"]);
  });

  it("accepts { schema, prompt } and JSON replies", async () => {
    const model = new ScriptedChatModel({ replies: ["It is sunny.", '{"conditions":"sunny"}'] });
    const agent = createReactAgent({
      llm: model,
      tools: [],
      responseFormat: {
        schema: WeatherResponse,
        prompt: "Summarize as JSON.",
        method: "jsonSchema",
        name: "WeatherResponse",
      },
    });
    const result = await agent.invoke({ messages: "weather?" });
    expect(result.structuredResponse).toEqual({ conditions: "sunny" });
    expect(model.calls[1]!.messages[0]!.text).toBe("Summarize as JSON.");
    expect(model.calls[1]!.responseFormat).toMatchObject({
      type: "json_schema",
      json_schema: { name: "WeatherResponse" },
    });
  });
});

describe("createReactAgent hooks", () => {
  it("preModelHook can give the model other messages than the stored history", async () => {
    const model = new ScriptedChatModel({ replies: ["short answer"] });
    const agent = createReactAgent({
      llm: model,
      tools: [],
      preModelHook: (state: { messages: BaseMessage[] }) => ({
        llmInputMessages: state.messages.slice(-1),
      }),
    });
    const result = await agent.invoke({ messages: ["one", "two", "three"] });
    expect(model.calls[0]!.messages.map((m) => m.text)).toEqual(["three"]);
    expect(result.messages.map((m) => m.text)).toEqual(["one", "two", "three", "short answer"]);
    expect(result).not.toHaveProperty("llmInputMessages");
  });

  it("preModelHook may rewrite the history itself", async () => {
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const agent = createReactAgent({
      llm: model,
      tools: [],
      preModelHook: (state: { messages: BaseMessage[] }) => ({
        messages: state.messages.slice(0, -1).map((m) => new RemoveMessage({ id: m.id! })),
      }),
    });
    const result = await agent.invoke({ messages: ["old", "new"] });
    expect(result.messages.map((m) => m.text)).toEqual(["new", "ok"]);
  });

  it("postModelHook runs after each model call and the loop continues from it", async () => {
    const seen: number[] = [];
    const model = new ScriptedChatModel({ replies: weatherScript() });
    const agent = createReactAgent({
      llm: model,
      tools: [getWeather],
      postModelHook: (state: { messages: BaseMessage[] }) => {
        seen.push(state.messages.length);
        return {};
      },
    });
    const updates: string[] = [];
    for await (const chunk of await agent.stream(
      { messages: "weather?" },
      { streamMode: "updates" },
    )) {
      updates.push(Object.keys(chunk)[0]!);
    }
    expect(updates).toEqual(["agent", "post_model_hook", "tools", "agent", "post_model_hook"]);
    expect(seen).toEqual([2, 4]);
  });
});

describe("createReactAgent with a checkpointer", () => {
  it("remembers the conversation per thread", async () => {
    const model = new ScriptedChatModel({ replies: ["Hi Bob!", "Your name is Bob."] });
    const agent = createReactAgent({ llm: model, tools: [], checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "1" } };
    await agent.invoke({ messages: "I am Bob" }, config);
    const second = await agent.invoke({ messages: "Who am I?" }, config);
    expect(second.messages.map((m) => m.text)).toEqual([
      "I am Bob",
      "Hi Bob!",
      "Who am I?",
      "Your name is Bob.",
    ]);
    expect(model.calls[1]!.messages).toHaveLength(3);
  });

  it("interruptBefore tools pauses before running them; invoke(null) resumes", async () => {
    const model = new ScriptedChatModel({ replies: weatherScript() });
    const agent = createReactAgent({
      llm: model,
      tools: [getWeather],
      checkpointer: new MemorySaver(),
      interruptBefore: ["tools"],
    });
    const config = { configurable: { thread_id: "t" } };
    await agent.invoke({ messages: "weather in sf?" }, config);
    const paused = await agent.getState(config);
    expect(paused.next).toEqual(["tools"]);
    expect(kinds(paused.values.messages)).toEqual(["human", "ai"]);
    const done = await agent.invoke(null, config);
    expect(kinds(done.messages)).toEqual(["human", "ai", "tool", "ai"]);
  });
});

describe("createReactAgent as a subgraph", () => {
  it("a handoff tool's Command.PARENT routes the parent graph to another agent", async () => {
    const transferToBob = tool(
      (_, runtime) =>
        new Command({
          graph: Command.PARENT,
          goto: "bob",
          update: {
            messages: [
              new ToolMessage({
                content: "Transferred to bob",
                tool_call_id: runtime.toolCallId!,
                name: "transfer_to_bob",
              }),
            ],
          },
        }),
      { name: "transfer_to_bob", description: "Ask bob.", schema: z.object({}) },
    );
    const alice = createReactAgent({
      llm: new ScriptedChatModel({ replies: [{ toolCalls: [{ name: "transfer_to_bob" }] }] }),
      tools: [transferToBob],
      name: "alice",
    });
    const bob = createReactAgent({
      llm: new ScriptedChatModel({ replies: ["Bob here, how can I help?"] }),
      tools: [],
      name: "bob",
    });
    const team = new StateGraph(MessagesAnnotation)
      .addNode("alice", alice, { ends: ["bob"] })
      .addNode("bob", bob)
      .addEdge(START, "alice")
      .compile();
    const result = await team.invoke({ messages: "I need bob" });
    expect(result.messages.map((m) => [m.type, m.text])).toEqual([
      ["human", "I need bob"],
      ["tool", "Transferred to bob"],
      ["ai", "Bob here, how can I help?"],
    ]);
    expect(result.messages.at(-1)!.name).toBe("bob");
  });
});

describe("createReactAgent interruptAfter", () => {
  it("pauses after the agent node, before any tool runs", async () => {
    const model = new ScriptedChatModel({ replies: weatherScript() });
    const agent = createReactAgent({
      llm: model,
      tools: [getWeather],
      checkpointer: new MemorySaver(),
      interruptAfter: ["agent"],
    });
    const config = { configurable: { thread_id: "after" } };
    await agent.invoke({ messages: "weather?" }, config);
    expect((await agent.getState(config)).next).toEqual(["tools"]);
    await agent.invoke(null, config);
    // Paused again after the second model call, which ended the loop.
    const state = await agent.getState(config);
    expect(kinds(state.values.messages)).toEqual(["human", "ai", "tool", "ai"]);
  });
});

describe("createReactAgent running options", () => {
  it("withConfig({ recursionLimit }) bounds every run of the agent", async () => {
    const call = { toolCalls: [{ name: "get_weather", args: { city: "sf" } }] };
    const model = new ScriptedChatModel({ replies: [call], cycle: true });
    const maxIterations = 3;
    const agent = createReactAgent({ llm: model, tools: [getWeather] }).withConfig({
      recursionLimit: 2 * maxIterations + 1,
    });
    await expect(agent.invoke({ messages: "what's the weather in sf" })).rejects.toBeInstanceOf(
      GraphRecursionError,
    );
  });

  it("gives tools the store passed to the agent (the documented memory tools)", async () => {
    const store = new InMemoryStore();
    const saveUserInfo = tool(
      async ({ user_id, name }, runtime) => {
        await runtime.store!.put(["users"], user_id, { name });
        return "Successfully saved user info.";
      },
      { name: "save_user_info", schema: z.object({ user_id: z.string(), name: z.string() }) },
    );
    const getUserInfo = tool(
      async ({ user_id }, runtime) => (await runtime.store!.get(["users"], user_id))?.value,
      { name: "get_user_info", schema: z.object({ user_id: z.string() }) },
    );
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "save_user_info", args: { user_id: "abc123", name: "Foo" } }] },
        "Saved.",
        { toolCalls: [{ name: "get_user_info", args: { user_id: "abc123" } }] },
        ({ messages }) => `User: ${messages.at(-1)!.text}`,
      ],
    });
    const agent = createReactAgent({ llm: model, tools: [getUserInfo, saveUserInfo], store });
    await agent.invoke({ messages: "Save user abc123, name Foo" });
    const result = await agent.invoke({ messages: "Get user abc123" });
    expect(result.messages.at(-1)!.text).toBe('User: {"name":"Foo"}');
  });
});

describe("createReactAgent responseFormat validation", () => {
  it("rejects a list of schemas instead of silently accepting an empty one", () => {
    const model = new ScriptedChatModel({ replies: ["x"] });
    expect(() =>
      createReactAgent({
        llm: model,
        tools: [],
        responseFormat: [z.object({ a: z.string() }), z.object({ b: z.string() })] as never,
      }),
    ).toThrow(/responseFormat must be one zod schema/);
  });
});
