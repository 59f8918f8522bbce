// Seed 003, "# Short-term memory" (and "# Agents" / "# Runtime"): the documented programs
// with `langchain` imports changed to `@weft/agent` and the scripted model in place of
// a provider.
import { InMemoryStore, MemorySaver, REMOVE_ALL_MESSAGES, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  AIMessage,
  Command,
  createAgent,
  createMiddleware,
  dynamicSystemPromptMiddleware,
  HumanMessage,
  RemoveMessage,
  SystemMessage,
  ToolMessage,
  type ToolRuntime,
  tool,
  trimMessages,
} from "../src/index.ts";

describe("short-term memory", () => {
  it("trims the history before each model call (beforeModel + RemoveMessage(REMOVE_ALL_MESSAGES))", async () => {
    const trimMessages = createMiddleware({
      name: "TrimMessages",
      beforeModel: (state) => {
        const messages = state.messages;
        if (messages.length <= 3) return;
        const firstMsg = messages[0]!;
        const recentMessages = messages.length % 2 === 0 ? messages.slice(-3) : messages.slice(-4);
        return {
          messages: [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), firstMsg, ...recentMessages],
        };
      },
    });
    const model = new ScriptedChatModel({
      replies: ["Hi bob!", "poem cats", "poem dogs", "Your name is Bob."],
    });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [trimMessages],
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "1" } };
    await agent.invoke({ messages: "hi, my name is bob" }, config);
    await agent.invoke({ messages: "write a short poem about cats" }, config);
    await agent.invoke({ messages: "now do the same but for dogs" }, config);
    const finalResponse = await agent.invoke({ messages: "what's my name?" }, config);
    expect(finalResponse.messages.at(-1)!.content).toBe("Your name is Bob.");
    // The last call saw the first message and the recent ones only.
    const lastCall = model.calls.at(-1)!.messages.map((m) => m.text);
    expect(lastCall).toEqual([
      "hi, my name is bob",
      "poem cats",
      "now do the same but for dogs",
      "poem dogs",
      "what's my name?",
    ]);
  });

  it("deletes the oldest messages after the model (afterModel + RemoveMessage)", async () => {
    const deleteOldMessages = createMiddleware({
      name: "DeleteOldMessages",
      afterModel: (state) => {
        const messages = state.messages;
        if (messages.length > 2) {
          return {
            messages: messages.slice(0, 2).map((m) => new RemoveMessage({ id: m.id! })),
          };
        }
        return;
      },
    });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["Hi Bob", "Your name is Bob"] }),
      tools: [],
      middleware: [deleteOldMessages],
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "1" } };
    await agent.invoke({ messages: [{ role: "user", content: "hi! I'm bob" }] }, config);
    const second = await agent.invoke(
      { messages: [{ role: "user", content: "what's my name?" }] },
      config,
    );
    expect(second.messages.map((m) => m.text)).toEqual(["what's my name?", "Your name is Bob"]);
  });

  it("reads state in a tool through ToolRuntime", async () => {
    const stateSchema = z.object({ userId: z.string() });
    const getUserInfo = tool(
      async (_, config: ToolRuntime<z.infer<typeof stateSchema>>) => {
        const userId = config.state!.userId;
        return userId === "user_123" ? "John Doe" : "Unknown User";
      },
      { name: "get_user_info", description: "Get user info", schema: z.object({}) },
    );
    const agent = createAgent({
      model: new ScriptedChatModel({
        replies: [{ toolCalls: [{ name: "get_user_info", args: {} }] }, "Your name is John Doe."],
      }),
      tools: [getUserInfo],
      stateSchema,
    });
    const result = await agent.invoke(
      { messages: [{ role: "user", content: "what's my name?" }], userId: "user_123" },
      { context: {} },
    );
    expect(result.messages[2]!.content).toBe("John Doe");
    expect(result.messages.at(-1)?.content).toBe("Your name is John Doe.");
  });

  it("writes state from a tool with a Command", async () => {
    const CustomState = z.object({
      userId: z.string().optional(),
      userName: z.string().optional(),
    });
    const updateUserInfo = tool(
      async (_, config: ToolRuntime<z.infer<typeof CustomState>>) => {
        const name = config.state!.userId === "user_123" ? "John Smith" : "Unknown user";
        return new Command({
          update: {
            userName: name,
            messages: [
              new ToolMessage({
                content: "Successfully looked up user information",
                tool_call_id: config.toolCall?.id ?? "",
              }),
            ],
          },
        });
      },
      {
        name: "update_user_info",
        description: "Look up and update user info.",
        schema: z.object({}),
      },
    );
    const greet = tool(
      async (_, config: ToolRuntime<z.infer<typeof CustomState>>) =>
        `Hello ${config.state!.userName}!`,
      { name: "greet", description: "Greets the user.", schema: z.object({}) },
    );
    const agent = createAgent({
      model: new ScriptedChatModel({
        replies: [
          { toolCalls: [{ name: "update_user_info", args: {} }] },
          { toolCalls: [{ name: "greet", args: {} }] },
          "Greeted.",
        ],
      }),
      tools: [updateUserInfo, greet],
      stateSchema: CustomState,
    });
    const result = await agent.invoke({
      messages: [{ role: "user", content: "greet the user" }],
      userId: "user_123",
    });
    expect(result.userName).toBe("John Smith");
    expect(result.messages.map((m) => m.text)).toEqual([
      "greet the user",
      "",
      "Successfully looked up user information",
      "",
      "Hello John Smith!",
      "Greeted.",
    ]);
  });

  it("builds the prompt from runtime context (dynamicSystemPromptMiddleware)", async () => {
    const contextSchema = z.object({ userName: z.string() });
    type ContextSchema = z.infer<typeof contextSchema>;
    const model = new ScriptedChatModel({ replies: ["Hi John Smith"] });
    const agent = createAgent({
      model,
      tools: [],
      contextSchema,
      middleware: [
        dynamicSystemPromptMiddleware<ContextSchema>(
          (_, config) =>
            `You are a helpful assistant. Address the user as ${config.context?.userName}.`,
        ),
      ],
    });
    await agent.invoke(
      { messages: [{ role: "user", content: "What is my name?" }] },
      { context: { userName: "John Smith" } },
    );
    expect(model.calls[0]!.messages[0]!.text).toBe(
      "You are a helpful assistant. Address the user as John Smith.",
    );
  });
});

describe("trimMessages", () => {
  const history = [
    new SystemMessage("you're a good assistant"),
    new HumanMessage("hi, my name is bob"),
    new AIMessage("hi bob"),
    new HumanMessage("what's 2+2?"),
    new AIMessage({
      content: "",
      tool_calls: [{ name: "calc", args: { expr: "2+2" }, id: "t1", type: "tool_call" }],
    }),
    new ToolMessage({ content: "4", tool_call_id: "t1" }),
    new AIMessage("4"),
    new HumanMessage("thanks"),
  ];

  it("keeps the last messages within the budget, starting on a human message (the docs' middleware)", async () => {
    const trimMessageHistory = createMiddleware({
      name: "TrimMessages",
      beforeModel: async (state) => {
        const trimmed = await trimMessages(state.messages, {
          maxTokens: 4,
          strategy: "last",
          startOn: "human",
          endOn: ["human", "tool"],
          tokenCounter: (msgs) => msgs.length,
        });
        return { messages: [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), ...trimmed] };
      },
    });
    const model = new ScriptedChatModel({ replies: ["you're welcome"] });
    const agent = createAgent({ model, tools: [], middleware: [trimMessageHistory] });
    await agent.invoke({ messages: history.slice(1) });
    // The last 4 messages start inside a tool exchange; it is dropped so the list starts on a human turn.
    expect(model.calls[0]!.messages.map((m) => m.text)).toEqual(["thanks"]);
  });

  it("keeps the system message and counts with a model", async () => {
    const trimmed = await trimMessages(history, {
      maxTokens: 12,
      strategy: "last",
      includeSystem: true,
      startOn: "human",
      tokenCounter: new ScriptedChatModel({ replies: [] }),
    });
    expect(trimmed.map((m) => m.text)).toEqual(["you're a good assistant", "thanks"]);
  });

  it("keeps the first messages with strategy 'first', ending on a given type", async () => {
    const trimmed = await trimMessages(history, {
      maxTokens: 4,
      strategy: "first",
      endOn: "human",
      tokenCounter: (msgs) => msgs.length,
    });
    expect(trimmed.map((m) => m.text)).toEqual([
      "you're a good assistant",
      "hi, my name is bob",
      "hi bob",
      "what's 2+2?",
    ]);
  });
});

describe("long-term memory (seed: Tools, Memory (Store))", () => {
  it("saves in one session and reads back in another through the store", async () => {
    const store = new InMemoryStore();
    const getUserInfo = tool(
      async ({ user_id }: { user_id: string }) => {
        const item = await store.get(["users"], user_id);
        return item?.value ?? null;
      },
      {
        name: "get_user_info",
        description: "Look up user info.",
        schema: z.object({ user_id: z.string() }),
      },
    );
    const saveUserInfo = tool(
      async ({
        user_id,
        name,
        age,
        email,
      }: {
        user_id: string;
        name: string;
        age: number;
        email: string;
      }) => {
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
        "Saved.",
        { toolCalls: [{ name: "get_user_info", args: { user_id: "abc123" } }] },
        "Foo, 25.",
      ],
    });
    const agent = createAgent({ model, tools: [getUserInfo, saveUserInfo], store });
    await agent.invoke({
      messages: [
        {
          role: "user",
          content:
            "Save the following user: userid: abc123, name: Foo, age: 25, email: foo@langchain.dev",
        },
      ],
    });
    const result = await agent.invoke({
      messages: [{ role: "user", content: "Get user info for user with id 'abc123'" }],
    });
    expect(JSON.parse(String(result.messages[2]!.content))).toEqual({
      name: "Foo",
      age: 25,
      email: "foo@langchain.dev",
    });
  });
});
