import { MemorySaver, ScriptedChatModel, WeftError } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  createAgent,
  HumanMessage,
  ModelCallLimitMiddlewareError,
  modelCallLimitMiddleware,
  ToolCallLimitExceededError,
  tool,
  toolCallLimitMiddleware,
} from "../src/index.ts";

const thread = (id: string) => ({ configurable: { thread_id: id } });

function searchTools() {
  const ran: string[] = [];
  const make = (name: string) =>
    tool(
      async ({ q }: { q: string }) => {
        ran.push(`${name}:${q}`);
        return `${name} ${q}`;
      },
      { name, description: name, schema: z.object({ q: z.string() }) },
    );
  return { ran, tools: [make("search"), make("fetch")] };
}

const call = (name: string, q: string, id: string) => ({ name, args: { q }, id });

describe("modelCallLimitMiddleware", () => {
  it("ends the run with an AI message once the run limit is reached", async () => {
    const { tools } = searchTools();
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [call("search", "a", "1")] },
        { toolCalls: [call("search", "b", "2")] },
        "never",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [modelCallLimitMiddleware({ runLimit: 2 })],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    expect(model.calls).toHaveLength(2);
    expect(result.messages.at(-1)!.content).toBe(
      "Model call limits exceeded: run level call limit reached with 2 model calls",
    );
    expect(result.runModelCallCount).toBe(2);
    expect(result.threadModelCallCount).toBe(2);
  });

  it("counts per thread across runs, and starts each run's count at zero", async () => {
    const model = new ScriptedChatModel({ replies: ["one", "two", "three", "four"] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [modelCallLimitMiddleware({ threadLimit: 3, runLimit: 1 })],
      checkpointer: new MemorySaver(),
    });
    for (const text of ["a", "b", "c"]) {
      const result = await agent.invoke({ messages: text }, thread("m1"));
      expect(result.runModelCallCount).toBe(1);
    }
    const fourth = await agent.invoke({ messages: "d" }, thread("m1"));
    expect(model.calls).toHaveLength(3);
    expect(fourth.messages.at(-1)!.content).toBe(
      "Model call limits exceeded: thread level call limit reached with 3 model calls",
    );
    // Another thread has its own count.
    const other = await agent.invoke({ messages: "x" }, thread("m2"));
    expect(other.messages.at(-1)!.content).toBe("four");
  });

  it("throws a typed error with exitBehavior 'error'", async () => {
    const { tools } = searchTools();
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [call("search", "a", "1")] }, "never"],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [modelCallLimitMiddleware({ runLimit: 1, exitBehavior: "error" })],
    });
    const error = await agent.invoke({ messages: "go" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ModelCallLimitMiddlewareError);
    expect(WeftError.hasCode(error, "MODEL_CALL_LIMIT_EXCEEDED")).toBe(true);
    expect((error as WeftError).details).toMatchObject({ runLimit: 1, runCount: 1 });
  });

  it("validates its options", () => {
    expect(() => modelCallLimitMiddleware({})).toThrow(/at least one/);
    expect(() => modelCallLimitMiddleware({ threadLimit: 2, runLimit: 3 })).toThrow(
      /cannot exceed/,
    );
    expect(() => modelCallLimitMiddleware({ runLimit: -1 })).toThrow(/integer >= 0/);
    expect(() => modelCallLimitMiddleware({ runLimit: 1, exitBehavior: "stop" as never })).toThrow(
      /exitBehavior/,
    );
  });
});

describe("toolCallLimitMiddleware", () => {
  it("refuses calls past a per-tool run limit with an error ToolMessage, and the agent goes on", async () => {
    const { ran, tools } = searchTools();
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [call("search", "a", "1"), call("search", "b", "2"), call("fetch", "c", "3")],
        },
        { toolCalls: [call("search", "d", "4")] },
        "final",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [toolCallLimitMiddleware({ toolName: "search", runLimit: 1 })],
    });
    const result = await agent.invoke({ messages: "go" });
    expect(ran.sort()).toEqual(["fetch:c", "search:a"]);
    const byId = Object.fromEntries(
      result.messages
        .filter((m) => m.type === "tool")
        .map((m) => [(m as unknown as { tool_call_id: string }).tool_call_id, m]),
    );
    expect(byId["2"]!.content).toBe("Tool call limit exceeded. Do not call 'search' again.");
    expect((byId["2"] as unknown as { status: string }).status).toBe("error");
    expect(byId["4"]!.content).toBe("Tool call limit exceeded. Do not call 'search' again.");
    // All calls of the second reply were refused: the model was asked again at once.
    expect(model.calls).toHaveLength(3);
    expect(result.messages.at(-1)!.content).toBe("final");
    expect(result.runToolCallCount).toEqual({ search: 1 });
  });

  it("limits all tools together per thread, alongside a per-tool limit", async () => {
    const { ran, tools } = searchTools();
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [call("fetch", "a", "1"), call("search", "b", "2")] },
        "r1",
        { toolCalls: [call("fetch", "c", "3"), call("fetch", "d", "4")] },
        "r2",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [
        toolCallLimitMiddleware({ threadLimit: 3 }),
        toolCallLimitMiddleware({ toolName: "search", threadLimit: 5 }),
      ],
      checkpointer: new MemorySaver(),
    });
    await agent.invoke({ messages: "first" }, thread("t1"));
    const second = await agent.invoke({ messages: "second" }, thread("t1"));
    expect(ran).toEqual(["fetch:a", "search:b", "fetch:c"]);
    expect(second.threadToolCallCount).toEqual({ __all__: 3, search: 1 });
  });

  it("throws a typed error with exitBehavior 'error'", async () => {
    const { ran, tools } = searchTools();
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [call("search", "a", "1"), call("search", "b", "2")] }],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [toolCallLimitMiddleware({ runLimit: 1, exitBehavior: "error" })],
    });
    const error = await agent.invoke({ messages: "go" }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ToolCallLimitExceededError);
    expect(WeftError.hasCode(error, "TOOL_CALL_LIMIT_EXCEEDED")).toBe(true);
    expect((error as ToolCallLimitExceededError).runCount).toBe(2);
    expect(String(error)).toContain("Tool call limit reached: run limit exceeded (2/1 calls).");
    expect(ran).toEqual([]);
  });

  it("ends the run with exitBehavior 'end', answering every call so the thread stays valid", async () => {
    const { ran, tools } = searchTools();
    const model = new ScriptedChatModel({
      replies: [
        { toolCalls: [call("search", "a", "1")] },
        { toolCalls: [call("search", "b", "2"), call("fetch", "c", "3")] },
        "next turn works",
      ],
    });
    const agent = createAgent({
      model,
      tools,
      middleware: [
        toolCallLimitMiddleware({ toolName: "search", runLimit: 1, exitBehavior: "end" }),
      ],
      checkpointer: new MemorySaver(),
    });
    const result = await agent.invoke({ messages: "go" }, thread("e1"));
    expect(ran).toEqual(["search:a"]);
    expect(result.messages.slice(-3).map((m) => [m.type, m.text])).toEqual([
      ["tool", "Tool call limit exceeded. Do not call 'search' again."],
      [
        "tool",
        "Tool call not run: 'search' tool call limit reached: run limit exceeded (2/1 calls).",
      ],
      ["ai", "'search' tool call limit reached: run limit exceeded (2/1 calls)."],
    ]);
    expect(model.calls).toHaveLength(2);
    const next = await agent.invoke({ messages: "again" }, thread("e1"));
    expect(next.messages.at(-1)!.content).toBe("next turn works");
  });

  it("validates its options", () => {
    expect(() => toolCallLimitMiddleware({ toolName: "x" })).toThrow(/at least one/);
    expect(() => toolCallLimitMiddleware({ runLimit: 4, threadLimit: 2 })).toThrow(/cannot exceed/);
    expect(() => toolCallLimitMiddleware({ runLimit: 1, exitBehavior: "stop" as never })).toThrow(
      /exitBehavior/,
    );
  });
});
