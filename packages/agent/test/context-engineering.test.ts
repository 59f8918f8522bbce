// Seed 003, "# Context engineering in agents" and "# Agents" (system prompt, dynamic
// model, dynamic tools): the documented middleware, driven by the scripted model.
import { InMemoryStore, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  createAgent,
  createMiddleware,
  dynamicSystemPromptMiddleware,
  HumanMessage,
  SystemMessage,
  tool,
} from "../src/index.ts";

const noop = (name: string) =>
  tool(async () => `${name} ran`, { name, description: name, schema: z.object({}) });

describe("dynamic system prompt", () => {
  it("builds the prompt from runtime context (the docs' userRole example)", async () => {
    const contextSchema = z.object({ userRole: z.enum(["expert", "beginner"]) });
    const model = new ScriptedChatModel({ replies: ["ok", "ok"] });
    const agent = createAgent({
      model,
      tools: [],
      contextSchema,
      middleware: [
        dynamicSystemPromptMiddleware<z.infer<typeof contextSchema>>((_state, runtime) => {
          const userRole = runtime.context.userRole || "user";
          const basePrompt = "You are a helpful assistant.";
          if (userRole === "expert") return `${basePrompt} Provide detailed technical responses.`;
          if (userRole === "beginner")
            return `${basePrompt} Explain concepts simply and avoid jargon.`;
          return basePrompt;
        }),
      ],
    });
    await agent.invoke(
      { messages: [{ role: "user", content: "Explain machine learning" }] },
      { context: { userRole: "expert" } },
    );
    await agent.invoke(
      { messages: [{ role: "user", content: "Explain machine learning" }] },
      { context: { userRole: "beginner" } },
    );
    const prompts = model.calls.map((c) => c.messages[0]!);
    expect(prompts.map((m) => m.type)).toEqual(["system", "system"]);
    expect(prompts[0]!.text).toBe(
      "You are a helpful assistant. Provide detailed technical responses.",
    );
    expect(prompts[1]!.text).toBe(
      "You are a helpful assistant. Explain concepts simply and avoid jargon.",
    );
  });

  it("rejects a context that does not match the agent's contextSchema", async () => {
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["ok"] }),
      tools: [],
      contextSchema: z.object({ userRole: z.enum(["expert", "beginner"]) }),
    });
    await expect(
      // @ts-expect-error the context type comes from contextSchema, and "admin" is not a role
      agent.invoke({ messages: [new HumanMessage("x")] }, { context: { userRole: "admin" } }),
    ).rejects.toThrow(/context/);
  });

  it("reads long-term memory from the store and appends to the agent's own prompt", async () => {
    const store = new InMemoryStore();
    await store.put(["preferences"], "user_1", { communicationStyle: "concise" });
    type Context = { userId: string };
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const agent = createAgent({
      model,
      tools: [],
      store,
      systemPrompt: new SystemMessage("Base."),
      contextSchema: z.object({ userId: z.string() }),
      middleware: [
        dynamicSystemPromptMiddleware<Context>(async (_state, runtime) => {
          const userPrefs = await runtime.store!.get(["preferences"], runtime.context.userId);
          let base = "You are a helpful assistant.";
          if (userPrefs) {
            const style = (userPrefs.value as { communicationStyle?: string }).communicationStyle;
            base += `\nUser prefers ${style ?? "balanced"} responses.`;
          }
          return base;
        }),
      ],
    });
    await agent.invoke({ messages: [new HumanMessage("hi")] }, { context: { userId: "user_1" } });
    expect(model.calls[0]!.messages[0]!.content).toEqual([
      { type: "text", text: "Base." },
      { type: "text", text: "You are a helpful assistant.\nUser prefers concise responses." },
    ]);
  });

  it("computes the prompt from state on every model call", async () => {
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "search", args: {} }] }, "done"],
    });
    const agent = createAgent({
      model,
      tools: [noop("search")],
      middleware: [
        dynamicSystemPromptMiddleware((state) => `There are ${state.messages.length} messages.`),
      ],
    });
    await agent.invoke({ messages: [new HumanMessage("go")] });
    expect(model.calls.map((c) => c.messages[0]!.text)).toEqual([
      "There are 1 messages.",
      "There are 3 messages.",
    ]);
  });
});

describe("dynamic tools", () => {
  it("selects tools from state, store and context", async () => {
    const store = new InMemoryStore();
    await store.put(["features"], "u1", { enabledTools: ["public_search", "read_file"] });
    const tools = ["public_search", "advanced_search", "read_file", "delete_data"].map(noop);
    const stateBasedTools = createMiddleware({
      name: "StateBasedTools",
      wrapModelCall: (request, handler) => {
        const isAuthenticated = request.state.messages.length > 1;
        const filteredTools = isAuthenticated
          ? request.tools
          : request.tools.filter((t) => t.name.startsWith("public_"));
        return handler({ ...request, tools: filteredTools });
      },
    });
    const storeBasedTools = createMiddleware({
      name: "StoreBasedTools",
      contextSchema: z.object({ userId: z.string() }),
      wrapModelCall: async (request, handler) => {
        const flags = await request.runtime.store!.get(
          ["features"],
          request.runtime.context.userId,
        );
        const enabled = (flags?.value as { enabledTools?: string[] } | undefined)?.enabledTools;
        const filteredTools = enabled
          ? request.tools.filter((t) => enabled.includes(t.name))
          : request.tools;
        return handler(request.override({ tools: filteredTools }));
      },
    });
    const contextBasedTools = createMiddleware({
      name: "ContextBasedTools",
      contextSchema: z.object({ userRole: z.string() }),
      wrapModelCall: (request, handler) => {
        const filteredTools =
          request.runtime.context.userRole === "viewer"
            ? request.tools.filter((t) => t.name.startsWith("read_"))
            : request.tools.filter((t) => t.name !== "delete_data");
        return handler({ ...request, tools: filteredTools });
      },
    });
    const model = new ScriptedChatModel({ replies: ["a", "b", "c"] });
    const agent = createAgent({
      model,
      tools,
      store,
      middleware: [storeBasedTools, contextBasedTools, stateBasedTools],
    });
    await agent.invoke(
      { messages: [new HumanMessage("x")] },
      { context: { userId: "u1", userRole: "admin" } },
    );
    await agent.invoke(
      { messages: [new HumanMessage("x"), new HumanMessage("y")] },
      { context: { userId: "u1", userRole: "admin" } },
    );
    await agent.invoke(
      { messages: [new HumanMessage("x"), new HumanMessage("y")] },
      { context: { userId: "u1", userRole: "viewer" } },
    );
    expect(model.calls.map((c) => c.tools.map((t) => t.name))).toEqual([
      ["public_search"],
      ["public_search", "read_file"],
      ["read_file"],
    ]);
  });

  it("registers a tool at runtime (wrapModelCall adds it, wrapToolCall runs it)", async () => {
    const calculateTip = tool(
      ({ billAmount, tipPercentage = 20 }: { billAmount: number; tipPercentage?: number }) => {
        const tip = billAmount * (tipPercentage / 100);
        return `Tip: $${tip.toFixed(2)}, Total: $${(billAmount + tip).toFixed(2)}`;
      },
      {
        name: "calculate_tip",
        description: "Calculate the tip amount for a bill",
        schema: z.object({
          billAmount: z.number().describe("The bill amount"),
          tipPercentage: z.number().default(20).describe("Tip percentage"),
        }),
      },
    );
    const dynamicToolMiddleware = createMiddleware({
      name: "DynamicToolMiddleware",
      wrapModelCall: (request, handler) =>
        handler({ ...request, tools: [...request.tools, calculateTip] }),
      wrapToolCall: (request, handler) => {
        if (request.toolCall.name === "calculate_tip") {
          return handler({ ...request, tool: calculateTip });
        }
        return handler(request);
      },
    });
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [{ name: "calculate_tip", args: { billAmount: 85 } }] },
        "Tip is $17.",
      ],
    });
    const agent = createAgent({
      model,
      tools: [noop("get_weather")],
      middleware: [dynamicToolMiddleware],
    });
    const result = await agent.invoke({
      messages: [{ role: "user", content: "Calculate a 20% tip on $85" }],
    });
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["get_weather", "calculate_tip"]);
    expect(result.messages[2]!.content).toBe("Tip: $17.00, Total: $102.00");
  });
});

describe("dynamic model", () => {
  it("switches model by conversation length (the docs' dynamicModelSelection)", async () => {
    const basicModel = new ScriptedChatModel({ replies: ["basic"] });
    const advancedModel = new ScriptedChatModel({ replies: ["advanced"] });
    const dynamicModelSelection = createMiddleware({
      name: "DynamicModelSelection",
      wrapModelCall: (request, handler) => {
        const messageCount = request.messages.length;
        return handler({ ...request, model: messageCount > 2 ? advancedModel : basicModel });
      },
    });
    const agent = createAgent({
      model: basicModel,
      tools: [],
      middleware: [dynamicModelSelection],
    });
    const short = await agent.invoke({ messages: [new HumanMessage("a")] });
    const long = await agent.invoke({
      messages: [new HumanMessage("a"), new HumanMessage("b"), new HumanMessage("c")],
    });
    expect(short.messages.at(-1)!.content).toBe("basic");
    expect(long.messages.at(-1)!.content).toBe("advanced");
  });
});

describe("injected messages", () => {
  it("adds context messages for the model only, without changing the history", async () => {
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const injectFileContext = createMiddleware({
      name: "InjectFileContext",
      stateSchema: z.object({
        uploadedFiles: z.array(z.object({ name: z.string(), summary: z.string() })).default([]),
      }),
      wrapModelCall: (request, handler) => {
        const files = request.state.uploadedFiles;
        if (files.length === 0) return handler(request);
        const fileContext = `Files: ${files.map((f) => `${f.name}: ${f.summary}`).join(", ")}`;
        return handler(
          request.override({ messages: [...request.messages, new HumanMessage(fileContext)] }),
        );
      },
    });
    const agent = createAgent({ model, tools: [], middleware: [injectFileContext] });
    const result = await agent.invoke({
      messages: [new HumanMessage("summarize")],
      uploadedFiles: [{ name: "a.pdf", summary: "Q3 report" }],
    });
    expect(model.calls[0]!.messages.map((m) => m.text)).toEqual([
      "summarize",
      "Files: a.pdf: Q3 report",
    ]);
    expect(result.messages.map((m) => m.text)).toEqual(["summarize", "ok"]);
  });
});
