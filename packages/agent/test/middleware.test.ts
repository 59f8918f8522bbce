import { Command, MemorySaver, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  AIMessage,
  createAgent,
  createMiddleware,
  HumanMessage,
  MiddlewareError,
  SystemMessage,
  ToolMessage,
  tool,
} from "../src/index.ts";

const echo = tool(async ({ text }: { text: string }) => `echo:${text}`, {
  name: "echo",
  description: "Echoes.",
  schema: z.object({ text: z.string() }),
});

function tracer(name: string, log: string[]) {
  return createMiddleware({
    name,
    beforeAgent: () => {
      log.push(`${name}.beforeAgent`);
    },
    beforeModel: () => {
      log.push(`${name}.beforeModel`);
    },
    afterModel: () => {
      log.push(`${name}.afterModel`);
    },
    afterAgent: () => {
      log.push(`${name}.afterAgent`);
    },
    wrapModelCall: async (request, handler) => {
      log.push(`${name}.wrapModelCall:in`);
      const reply = await handler(request);
      log.push(`${name}.wrapModelCall:out`);
      return reply;
    },
    wrapToolCall: async (request, handler) => {
      log.push(`${name}.wrapToolCall:in`);
      const out = await handler(request);
      log.push(`${name}.wrapToolCall:out`);
      return out;
    },
  });
}

describe("middleware execution order", () => {
  it("runs before* in order, after* in reverse, wrap* nested with the first outermost", async () => {
    const log: string[] = [];
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "echo", args: { text: "x" } }] }, "done"],
    });
    const agent = createAgent({
      model,
      tools: [echo],
      middleware: [tracer("m1", log), tracer("m2", log), tracer("m3", log)],
    });
    await agent.invoke({ messages: [new HumanMessage("go")] });
    const turn = [
      "m1.beforeModel",
      "m2.beforeModel",
      "m3.beforeModel",
      "m1.wrapModelCall:in",
      "m2.wrapModelCall:in",
      "m3.wrapModelCall:in",
      "m3.wrapModelCall:out",
      "m2.wrapModelCall:out",
      "m1.wrapModelCall:out",
      "m3.afterModel",
      "m2.afterModel",
      "m1.afterModel",
    ];
    expect(log).toEqual([
      "m1.beforeAgent",
      "m2.beforeAgent",
      "m3.beforeAgent",
      ...turn,
      "m1.wrapToolCall:in",
      "m2.wrapToolCall:in",
      "m3.wrapToolCall:in",
      "m3.wrapToolCall:out",
      "m2.wrapToolCall:out",
      "m1.wrapToolCall:out",
      ...turn,
      "m3.afterAgent",
      "m2.afterAgent",
      "m1.afterAgent",
    ]);
  });
});

describe("agent jumps", () => {
  it("beforeModel jumps to the end when canJumpTo allows it (the docs' blocked content example)", async () => {
    const model = new ScriptedChatModel({ replies: [] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        createMiddleware({
          name: "BlockedContentMiddleware",
          beforeModel: {
            canJumpTo: ["end"],
            hook: (state) => {
              if (String(state.messages.at(-1)?.content).includes("BLOCKED")) {
                return {
                  messages: [new AIMessage("I cannot respond to that request.")],
                  jumpTo: "end" as const,
                };
              }
              return;
            },
          },
        }),
      ],
    });
    const result = await agent.invoke({ messages: "Hello, world! BLOCKED" });
    expect(result.messages.at(-1)?.content).toBe("I cannot respond to that request.");
    expect(model.calls).toHaveLength(0);
  });

  it("a jump to the end still runs the afterAgent hooks", async () => {
    const log: string[] = [];
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: [] }),
      tools: [],
      middleware: [
        createMiddleware({
          name: "after",
          afterAgent: () => {
            log.push("afterAgent");
          },
        }),
        createMiddleware({
          name: "stop",
          beforeAgent: { canJumpTo: ["end"], hook: () => ({ jumpTo: "end" }) },
        }),
      ],
    });
    await agent.invoke({ messages: [new HumanMessage("x")] });
    expect(log).toEqual(["afterAgent"]);
  });

  it("rejects a jump the hook did not declare in canJumpTo", async () => {
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["x"] }),
      tools: [],
      middleware: [
        createMiddleware({ name: "bad", beforeModel: () => ({ jumpTo: "end" as const }) }),
      ],
    });
    const failure = await agent.invoke({ messages: [new HumanMessage("x")] }).catch((e) => e);
    expect(failure).toBeInstanceOf(MiddlewareError);
    expect(failure.code).toBe("INVALID_GRAPH_NODE_RETURN_VALUE");
    expect(failure.message).toContain("Invalid jump target: end");
  });

  it("afterModel jumps back to the model", async () => {
    let rejected = false;
    const model = new ScriptedChatModel({ replies: ["draft", "final"] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        createMiddleware({
          name: "reviewer",
          afterModel: {
            canJumpTo: ["model"],
            hook: () => {
              if (rejected) return;
              rejected = true;
              return { messages: [new HumanMessage("try again")], jumpTo: "model" as const };
            },
          },
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("write")] });
    expect(result.messages.map((m) => m.content)).toEqual(["write", "draft", "try again", "final"]);
  });

  it("beforeModel jumps to the tools", async () => {
    const model = new ScriptedChatModel({ replies: ["after tools"] });
    const agent = createAgent({
      model,
      tools: [echo],
      middleware: [
        createMiddleware({
          name: "preset",
          beforeAgent: {
            canJumpTo: ["tools"],
            hook: () => ({
              messages: [
                new AIMessage({
                  content: "",
                  tool_calls: [
                    { name: "echo", args: { text: "pre" }, id: "p1", type: "tool_call" },
                  ],
                }),
              ],
              jumpTo: "tools" as const,
            }),
          },
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("x")] });
    expect(result.messages.map((m) => m.content)).toEqual(["x", "", "echo:pre", "after tools"]);
  });
});

describe("middleware state", () => {
  it("adds state fields with defaults and hides private ones from the result", async () => {
    const counter = createMiddleware({
      name: "CallCounterMiddleware",
      stateSchema: z.object({
        modelCallCount: z.number().default(0),
        _internalFlag: z.boolean().default(false),
      }),
      afterModel: (state) => ({
        modelCallCount: state.modelCallCount + 1,
        _internalFlag: true,
      }),
    });
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "echo", args: { text: "a" } }] }, "done"],
    });
    const agent = createAgent({ model, tools: [echo], middleware: [counter] });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    expect(result.modelCallCount).toBe(2);
    expect((result as Record<string, unknown>)._internalFlag).toBeUndefined();
  });

  it("keeps middleware state across turns of a thread", async () => {
    const counter = createMiddleware({
      name: "Counter",
      stateSchema: z.object({ turns: z.number().default(0) }),
      beforeAgent: (state) => ({ turns: state.turns + 1 }),
    });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["a", "b"] }),
      tools: [],
      middleware: [counter],
      checkpointer: new MemorySaver(),
    });
    const config = { configurable: { thread_id: "t" } };
    await agent.invoke({ messages: [new HumanMessage("1")] }, config);
    const second = await agent.invoke({ messages: [new HumanMessage("2")] }, config);
    expect(second.turns).toBe(2);
  });
});

describe("middleware context", () => {
  it("gives hooks runtime.context parsed by the middleware's contextSchema", async () => {
    const contextSchema = z.object({ userId: z.string(), tier: z.string().default("free") });
    const seen: unknown[] = [];
    const mw = createMiddleware({
      name: "UserContextMiddleware",
      contextSchema,
      beforeModel: (_state, runtime) => {
        seen.push({ ...runtime.context });
      },
      wrapModelCall: (request, handler) => {
        const { userId, tenantId } = request.runtime.context as {
          userId: string;
          tenantId?: string;
        };
        return handler({
          ...request,
          systemMessage: request.systemMessage.concat(`User ID: ${userId}, Tenant: ${tenantId}`),
        });
      },
    });
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const agent = createAgent({
      model,
      tools: [],
      systemPrompt: "You are a helpful assistant.",
      middleware: [mw],
    });
    await agent.invoke(
      { messages: [new HumanMessage("hi")] },
      { context: { userId: "u-1", tenantId: "acme" } },
    );
    expect(seen).toEqual([{ userId: "u-1", tenantId: "acme", tier: "free" }]);
    const system = model.calls[0]!.messages[0]!;
    expect(system.type).toBe("system");
    expect(system.content).toEqual([
      { type: "text", text: "You are a helpful assistant." },
      { type: "text", text: "User ID: u-1, Tenant: acme" },
    ]);
  });

  it("fails clearly when a required context field is missing", async () => {
    const mw = createMiddleware({
      name: "NeedsUser",
      contextSchema: z.object({ userId: z.string() }),
      beforeModel: () => undefined,
    });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["x"] }),
      tools: [],
      middleware: [mw],
    });
    await expect(agent.invoke({ messages: [new HumanMessage("x")] })).rejects.toThrow(/NeedsUser/);
  });
});

describe("wrapModelCall", () => {
  it("can select tools, change the prompt and swap the model per call", async () => {
    const big = new ScriptedChatModel({ replies: ["from big"] });
    const small = new ScriptedChatModel({ replies: ["from small"] });
    const other = tool(async () => "x", { name: "other", description: "o", schema: z.object({}) });
    const agent = createAgent({
      model: small,
      tools: [echo, other],
      middleware: [
        createMiddleware({
          name: "Selector",
          wrapModelCall: (request, handler) =>
            handler({
              ...request,
              model: request.messages.length > 1 ? big : request.model,
              tools: request.tools.filter((t) => (t as { name: string }).name === "echo"),
              systemPrompt: "Dynamic prompt",
            }),
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("a"), new HumanMessage("b")] });
    expect(result.messages.at(-1)!.content).toBe("from big");
    expect(small.calls).toHaveLength(0);
    expect(big.calls[0]!.tools.map((t) => t.name)).toEqual(["echo"]);
    expect(big.calls[0]!.messages[0]!.content).toBe("Dynamic prompt");
  });

  it("retries a failing model call (the docs' retry middleware)", async () => {
    const model = new ScriptedChatModel({ replies: [new Error("flaky"), "second try"] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        createMiddleware({
          name: "RetryMiddleware",
          wrapModelCall: async (request, handler) => {
            for (let attempt = 0; attempt < 3; attempt++) {
              try {
                return await handler(request);
              } catch (e) {
                if (attempt === 2) throw e;
              }
            }
            throw new Error("Unreachable");
          },
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("x")] });
    expect(result.messages.at(-1)!.content).toBe("second try");
    expect(model.calls).toHaveLength(2);
  });

  it("can answer without calling the model", async () => {
    const model = new ScriptedChatModel({ replies: [] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        createMiddleware({ name: "Cache", wrapModelCall: () => new AIMessage("cached answer") }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("x")] });
    expect(result.messages.at(-1)!.content).toBe("cached answer");
    expect(model.calls).toHaveLength(0);
  });
});

describe("wrapToolCall", () => {
  it("can change the call, short-circuit it, and see tool errors", async () => {
    const failing = tool(
      () => {
        throw new Error("tool broke");
      },
      { name: "fragile", description: "f", schema: z.object({}) },
    );
    const errors: string[] = [];
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "echo", args: { text: "orig" }, id: "a" },
            { name: "blocked", args: {}, id: "b" },
            { name: "fragile", args: {}, id: "c" },
          ],
        },
        "done",
      ],
    });
    const agent = createAgent({
      model,
      tools: [echo, failing],
      middleware: [
        createMiddleware({
          name: "Guard",
          wrapToolCall: async (request, handler) => {
            if (request.toolCall.name === "blocked") {
              return new ToolMessage({
                content: "Not allowed",
                tool_call_id: request.toolCall.id ?? "",
              });
            }
            try {
              return await handler({
                ...request,
                toolCall: { ...request.toolCall, args: { text: "changed" } },
              });
            } catch (e) {
              errors.push((e as Error).message);
              return new ToolMessage({
                content: "recovered",
                tool_call_id: request.toolCall.id ?? "",
              });
            }
          },
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("x")] });
    const contents = result.messages.slice(2, 5).map((m) => m.content);
    expect(contents).toEqual(["echo:changed", "Not allowed", "recovered"]);
    expect(errors).toEqual(["tool broke"]);
  });

  it("fails the run when a tool error leaves the middleware chain", async () => {
    const failing = tool(
      () => {
        throw new Error("tool broke");
      },
      { name: "fragile", description: "f", schema: z.object({}) },
    );
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: [{ toolCalls: [{ name: "fragile", args: {} }] }] }),
      tools: [failing],
      middleware: [createMiddleware({ name: "Pass", wrapToolCall: (r, h) => h(r) })],
    });
    await expect(agent.invoke({ messages: [new HumanMessage("x")] })).rejects.toThrow("tool broke");
  });

  it("lets a middleware run a tool the agent does not register", async () => {
    const dynamic = tool(async () => "dynamic result", {
      name: "dynamic_tool",
      description: "d",
      schema: z.object({}),
    });
    const agent = createAgent({
      model: new ScriptedChatModel({
        replies: [{ toolCalls: [{ name: "dynamic_tool", args: {} }] }, "ok"],
      }),
      tools: [],
      middleware: [
        createMiddleware({
          name: "Dynamic",
          wrapToolCall: (request, handler) =>
            request.toolCall.name === "dynamic_tool" && !request.tool
              ? handler({ ...request, tool: dynamic })
              : handler(request),
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("x")] });
    expect(result.messages[2]!.content).toBe("dynamic result");
  });
});

describe("middleware tools", () => {
  it("adds the middleware's tools to the agent", async () => {
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "echo", args: { text: "m" } }] }, "ok"],
    });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [createMiddleware({ name: "WithTools", tools: [echo] })],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("x")] });
    expect(result.messages[2]!.content).toBe("echo:m");
    expect(model.calls[0]!.tools.map((t) => t.name)).toEqual(["echo"]);
  });

  it("refuses two middleware with one name", () => {
    const a = createMiddleware({ name: "same" });
    expect(() =>
      createAgent({ model: new ScriptedChatModel({ replies: [] }), tools: [], middleware: [a, a] }),
    ).toThrow(/defined multiple times/);
  });
});

describe("wrapModelCall returning a Command", () => {
  it("keeps the model's reply and applies the command's update", async () => {
    const mw = createMiddleware({
      name: "Tagger",
      stateSchema: z.object({ lastModel: z.string().default("") }),
      wrapModelCall: async (request, handler) => {
        await handler(request);
        return new Command({ update: { lastModel: "scripted" } });
      },
    });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["answer"] }),
      tools: [],
      middleware: [mw],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("x")] });
    expect(result.lastModel).toBe("scripted");
    expect(result.messages.map((m) => m.text)).toEqual(["x", "answer"]);
  });
});

describe("system prompt", () => {
  it("sends a SystemMessage with content blocks as it is, and leaves user content blocks intact", async () => {
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const literaryAgent = createAgent({
      model,
      tools: [],
      systemPrompt: new SystemMessage({
        content: [
          { type: "text", text: "You are an AI assistant tasked with analyzing literary works." },
          {
            type: "text",
            text: "<the entire contents of 'Pride and Prejudice'>",
            cache_control: { type: "ephemeral" },
          },
        ],
      }),
    });
    const image = { type: "image", url: "https://example.com/cat.png" };
    await literaryAgent.invoke({
      messages: [new HumanMessage({ content: [{ type: "text", text: "What is this?" }, image] })],
    });
    const [system, human] = model.calls[0]!.messages;
    expect(system!.content).toEqual([
      { type: "text", text: "You are an AI assistant tasked with analyzing literary works." },
      {
        type: "text",
        text: "<the entire contents of 'Pride and Prejudice'>",
        cache_control: { type: "ephemeral" },
      },
    ]);
    expect(human!.content).toEqual([{ type: "text", text: "What is this?" }, image]);
  });

  it("sends no system message when there is no prompt", async () => {
    const model = new ScriptedChatModel({ replies: ["ok"] });
    await createAgent({ model, tools: [] }).invoke({ messages: [new HumanMessage("x")] });
    expect(model.calls[0]!.messages.map((m) => m.type)).toEqual(["human"]);
  });
});

describe("jump to tools without tools", () => {
  it("ends the run instead", async () => {
    const model = new ScriptedChatModel({ replies: [] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        createMiddleware({
          name: "J",
          beforeModel: { canJumpTo: ["tools"], hook: () => ({ jumpTo: "tools" as const }) },
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("x")] });
    expect(result.messages).toHaveLength(1);
    expect(model.calls).toHaveLength(0);
  });
});

describe("tools changed in wrapModelCall", () => {
  it("refuses a new tool nobody can run, and a swapped registered tool", async () => {
    const extra = tool(async () => "x", { name: "extra", description: "e", schema: z.object({}) });
    const impostor = tool(async () => "fake", {
      name: "echo",
      description: "e",
      schema: z.object({}),
    });
    const adding = createAgent({
      model: new ScriptedChatModel({ replies: ["x"] }),
      tools: [echo],
      middleware: [
        createMiddleware({
          name: "Adder",
          wrapModelCall: (request, handler) =>
            handler({ ...request, tools: [...request.tools, extra] }),
        }),
      ],
    });
    await expect(adding.invoke({ messages: [new HumanMessage("x")] })).rejects.toThrow(
      /added a new tool in "wrapModelCall" hook of middleware "Adder": extra/,
    );
    const swapping = createAgent({
      model: new ScriptedChatModel({ replies: ["x"] }),
      tools: [echo],
      middleware: [
        createMiddleware({
          name: "Swapper",
          wrapModelCall: (request, handler) => handler({ ...request, tools: [impostor] }),
        }),
      ],
    });
    await expect(swapping.invoke({ messages: [new HumanMessage("x")] })).rejects.toBeInstanceOf(
      MiddlewareError,
    );
  });
});
