// Seed 003, "# Guardrails" (custom before/after agent guardrails) and "# Runtime"
// (runtime.context and runtime.store in tools and middleware).
import { InMemoryStore, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  AIMessage,
  createAgent,
  createMiddleware,
  SystemMessage,
  type ToolRuntime,
  tool,
} from "../src/index.ts";

const searchTool = tool(async () => "results", {
  name: "search",
  description: "s",
  schema: z.object({}),
});

describe("guardrails", () => {
  const contentFilterMiddleware = (bannedKeywords: string[]) => {
    const keywords = bannedKeywords.map((kw) => kw.toLowerCase());
    return createMiddleware({
      name: "ContentFilterMiddleware",
      beforeAgent: {
        hook: (state) => {
          if (!state.messages || state.messages.length === 0) return;
          const firstMessage = state.messages[0]!;
          if (firstMessage._getType() !== "human") return;
          const content = firstMessage.content.toString().toLowerCase();
          for (const keyword of keywords) {
            if (content.includes(keyword)) {
              return {
                messages: [
                  new AIMessage(
                    "I cannot process requests containing inappropriate content. Please rephrase your request.",
                  ),
                ],
                jumpTo: "end",
              };
            }
          }
          return;
        },
        canJumpTo: ["end"],
      },
    });
  };

  it("blocks a request before any processing (before agent)", async () => {
    const model = new ScriptedChatModel({ replies: ["answer"] });
    const agent = createAgent({
      model,
      tools: [searchTool],
      middleware: [contentFilterMiddleware(["hack", "exploit", "malware"])],
    });
    const blocked = await agent.invoke({
      messages: [{ role: "user", content: "How do I hack into a database?" }],
    });
    expect(blocked.messages.at(-1)!.content).toContain("I cannot process requests");
    expect(model.calls).toHaveLength(0);
    const allowed = await agent.invoke({
      messages: [{ role: "user", content: "How do I index a database?" }],
    });
    expect(allowed.messages.at(-1)!.content).toBe("answer");
  });

  it("checks the final answer with a model (after agent)", async () => {
    const safetyModel = new ScriptedChatModel({ replies: ["UNSAFE"] });
    const safetyGuardrailMiddleware = () =>
      createMiddleware({
        name: "SafetyGuardrailMiddleware",
        afterAgent: {
          hook: async (state) => {
            if (!state.messages || state.messages.length === 0) return;
            const lastMessage = state.messages[state.messages.length - 1]!;
            if (lastMessage._getType() !== "ai") return;
            const safetyPrompt = `Evaluate if this response is safe and appropriate.
        Respond with only 'SAFE' or 'UNSAFE'.
        Response: ${lastMessage.content.toString()}`;
            const result = await safetyModel.invoke([{ role: "user", content: safetyPrompt }]);
            if (result.content.toString().includes("UNSAFE")) {
              return {
                messages: [
                  new AIMessage("I cannot provide that response. Please rephrase your request."),
                ],
                jumpTo: "end",
              };
            }
            return;
          },
          canJumpTo: ["end"],
        },
      });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["dangerous instructions"] }),
      tools: [searchTool],
      middleware: [safetyGuardrailMiddleware()],
    });
    const result = await agent.invoke({
      messages: [{ role: "user", content: "How do I make explosives?" }],
    });
    expect(result.messages.at(-1)!.content).toBe(
      "I cannot provide that response. Please rephrase your request.",
    );
    expect(safetyModel.calls[0]!.messages[0]!.text).toContain("dangerous instructions");
  });
});

describe("runtime", () => {
  it("gives tools the context and the store", async () => {
    const store = new InMemoryStore();
    await store.put(["users"], "John Smith", { preference: "short answers" });
    const fetchUserEmailPreferences = tool(
      async (_, runtime: ToolRuntime<unknown, { userName: string }>) => {
        const userName = runtime.context?.userName;
        if (!userName) throw new Error("userName is required");
        let preferences = "The user prefers you to write a brief and polite email.";
        if (runtime.store) {
          const memory = await runtime.store?.get(["users"], userName);
          if (memory) preferences = (memory.value as { preference: string }).preference;
        }
        return preferences;
      },
      { name: "fetch_user_email_preferences", description: "prefs", schema: z.object({}) },
    );
    const agent = createAgent({
      model: new ScriptedChatModel({
        replies: [{ toolCalls: [{ name: "fetch_user_email_preferences", args: {} }] }, "ok"],
      }),
      tools: [fetchUserEmailPreferences],
      contextSchema: z.object({ userName: z.string() }),
      store,
    });
    const result = await agent.invoke(
      { messages: [{ role: "user", content: "write an email" }] },
      { context: { userName: "John Smith" } },
    );
    expect(result.messages[2]!.content).toBe("short answers");
  });

  it("gives middleware the context (the docs' DynamicPrompt + Logging)", async () => {
    const contextSchema = z.object({ userName: z.string() });
    const log: string[] = [];
    const dynamicPromptMiddleware = createMiddleware({
      name: "DynamicPrompt",
      contextSchema,
      beforeModel: (state, runtime) => {
        const userName = runtime.context?.userName;
        if (!userName) throw new Error("userName is required");
        const systemMsg = `You are a helpful assistant. Address the user as ${userName}.`;
        return { messages: [new SystemMessage(systemMsg), ...state.messages] };
      },
    });
    const loggingMiddleware = createMiddleware({
      name: "Logging",
      contextSchema,
      beforeModel: (_state, runtime) => {
        log.push(`Processing request for user: ${runtime.context?.userName}`);
        return;
      },
      afterModel: (_state, runtime) => {
        log.push(`Completed request for user: ${runtime.context?.userName}`);
        return;
      },
    });
    const model = new ScriptedChatModel({ replies: ["Hi John"] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [dynamicPromptMiddleware, loggingMiddleware],
      contextSchema,
    });
    await agent.invoke(
      { messages: [{ role: "user", content: "What's my name?" }] },
      { context: { userName: "John Smith" } },
    );
    expect(log).toEqual([
      "Processing request for user: John Smith",
      "Completed request for user: John Smith",
    ]);
    expect(model.calls[0]!.messages.map((m) => m.type)).toContain("system");
  });
});
