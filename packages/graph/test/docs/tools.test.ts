// Seed 003, "# Tools" (LangChain agents). The examples build their agent with `createAgent`
// from `langchain` (Weft: `@weft/agent`, tested there); here the same tools run under
// `createReactAgent` from `@weft/graph/prebuilt`, with `llm` for `model` and a
// ScriptedChatModel for ChatOpenAI.
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  InMemoryStore,
  ScriptedChatModel,
  ToolMessage,
  type ToolRuntime,
  tool,
} from "../../src/index.ts";
import { createReactAgent } from "../../src/prebuilt/index.ts";

describe("Tools: create tools", () => {
  it("a basic tool: zod schema in, JSON Schema to the model, string out", async () => {
    const searchDatabase = tool(({ query, limit }) => `Found ${limit} results for '${query}'`, {
      name: "search_database",
      description: "Search the customer database for records matching the query.",
      schema: z.object({
        query: z.string().describe("Search terms to look for"),
        limit: z.number().describe("Maximum number of results to return"),
      }),
    });

    expect(await searchDatabase.invoke({ query: "acme", limit: 5 })).toBe(
      "Found 5 results for 'acme'",
    );
    // Called with a tool call, it answers with a ToolMessage.
    const message = await searchDatabase.invoke({
      name: "search_database",
      args: { query: "acme", limit: 5 },
      id: "call_1",
      type: "tool_call",
    });
    expect(message).toBeInstanceOf(ToolMessage);
    expect(message).toMatchObject({
      content: "Found 5 results for 'acme'",
      tool_call_id: "call_1",
      name: "search_database",
    });
    // Invalid arguments are rejected by the schema.
    await expect(
      searchDatabase.invoke({ query: "acme", limit: "five" } as never),
    ).rejects.toThrow();

    // What a model is offered when the tool is bound.
    const model = new ScriptedChatModel({ replies: ["ok"] });
    await model.bindTools([searchDatabase]).invoke("find acme");
    expect(model.calls[0]!.tools).toEqual([
      {
        name: "search_database",
        description: "Search the customer database for records matching the query.",
        parameters: expect.objectContaining({
          type: "object",
          properties: {
            query: { type: "string", description: "Search terms to look for" },
            limit: { type: "number", description: "Maximum number of results to return" },
          },
          required: ["query", "limit"],
        }),
      },
    ]);
  });
});

describe("Tools: accessing context", () => {
  it("a tool reads the run's context through its config", async () => {
    const getUserName = tool(
      (_, config) => {
        return config.context.user_name;
      },
      {
        name: "get_user_name",
        description: "Get the user's name.",
        schema: z.object({}),
      },
    );
    const contextSchema = z.object({
      user_name: z.string(),
    });
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "get_user_name", args: {} }] },
        ({ messages }) => `Your name is ${messages.at(-1)!.text}.`,
      ],
    });
    const agent = createReactAgent({
      llm: model,
      tools: [getUserName],
      contextSchema,
    });

    const result = await agent.invoke(
      {
        messages: [{ role: "user", content: "What is my name?" }],
      },
      {
        context: { user_name: "John Smith" },
      },
    );
    expect(result.messages.map((m) => [m.type, m.content])).toEqual([
      ["human", "What is my name?"],
      ["ai", ""],
      ["tool", "John Smith"],
      ["ai", "Your name is John Smith."],
    ]);
  });

  it("memory (store): tools save and read user info across conversations", async () => {
    const store = new InMemoryStore();
    const log: unknown[][] = [];

    const getUserInfo = tool(
      async ({ user_id }) => {
        const value = await store.get(["users"], user_id);
        log.push(["get_user_info", user_id, value?.value]);
        return value;
      },
      {
        name: "get_user_info",
        description: "Look up user info.",
        schema: z.object({
          user_id: z.string(),
        }),
      },
    );
    const saveUserInfo = tool(
      async ({ user_id, name, age, email }) => {
        log.push(["save_user_info", user_id, name, age, email]);
        await store.put(["users"], user_id, { name, age, email });
        return "Successfully saved user info.";
      },
      {
        name: "save_user_info",
        description: "Save user info.",
        schema: z.object({
          user_id: z.string(),
          name: z.string(),
          age: z.number(),
          email: z.string(),
        }),
      },
    );

    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            {
              name: "save_user_info",
              args: { user_id: "abc123", name: "Foo", age: 25, email: "foo@langchain.dev" },
            },
          ],
        },
        "Saved the user.",
        { toolCalls: [{ name: "get_user_info", args: { user_id: "abc123" } }] },
        ({ messages }) => {
          const info = JSON.parse(messages.at(-1)!.text).value;
          return `Here is the user info for user with ID "abc123":\n- Name: ${info.name}\n- Age: ${info.age}\n- Email: ${info.email}`;
        },
      ],
    });
    const agent = createReactAgent({
      llm: model,
      tools: [getUserInfo, saveUserInfo],
      store,
    });

    // First session: save user info
    await agent.invoke({
      messages: [
        {
          role: "user",
          content:
            "Save the following user: userid: abc123, name: Foo, age: 25, email: foo@langchain.dev",
        },
      ],
    });
    // Second session: get user info
    const result = await agent.invoke({
      messages: [{ role: "user", content: "Get user info for user with id 'abc123'" }],
    });

    expect(result.messages.at(-1)!.content).toBe(
      'Here is the user info for user with ID "abc123":\n- Name: Foo\n- Age: 25\n- Email: foo@langchain.dev',
    );
    expect(log).toEqual([
      ["save_user_info", "abc123", "Foo", 25, "foo@langchain.dev"],
      ["get_user_info", "abc123", { name: "Foo", age: 25, email: "foo@langchain.dev" }],
    ]);
    // The tool returned the store item; the model read it as JSON.
    const toolAnswer = JSON.parse(result.messages[2]!.text);
    expect(toolAnswer).toMatchObject({
      namespace: ["users"],
      key: "abc123",
      value: { name: "Foo", age: 25, email: "foo@langchain.dev" },
    });
  });

  it("stream writer: a tool streams progress as custom data", async () => {
    const getWeather = tool(
      ({ city }, config: ToolRuntime) => {
        const writer = config.writer;
        // Stream custom updates as the tool executes
        if (writer) {
          writer(`Looking up data for city: ${city}`);
          writer(`Acquired data for city: ${city}`);
        }
        return `It's always sunny in ${city}!`;
      },
      {
        name: "get_weather",
        description: "Get weather for a given city.",
        schema: z.object({
          city: z.string(),
        }),
      },
    );
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "get_weather", args: { city: "SF" } }] }, "Sunny in SF."],
    });
    const agent = createReactAgent({ llm: model, tools: [getWeather] });

    const custom: unknown[] = [];
    for await (const [mode, chunk] of await agent.stream(
      { messages: [{ role: "user", content: "What's the weather in SF?" }] },
      { streamMode: ["updates", "custom"] },
    )) {
      if (mode === "custom") custom.push(chunk);
    }
    expect(custom).toEqual(["Looking up data for city: SF", "Acquired data for city: SF"]);
    // Called outside a run, the tool has no writer and just answers.
    expect(await getWeather.invoke({ city: "SF" })).toBe("It's always sunny in SF!");
  });
});
