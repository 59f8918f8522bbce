import { ChatModelError, ScriptedChatModel, type ToolMessage, WeftError } from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  createAgent,
  HumanMessage,
  modelFallbackMiddleware,
  modelRetryMiddleware,
  tool,
  toolRetryMiddleware,
} from "../src/index.ts";
import { retryDelay, retryPolicy } from "../src/middleware/builtin/retry-policy.ts";

class TimeoutError extends Error {
  override name = "TimeoutError";
}

/** A tool that fails `failures` times with `make()` before answering. */
function flakyTool(
  name: string,
  failures: number,
  make: () => Error = () => new TimeoutError("timed out"),
) {
  let attempts = 0;
  const flaky = tool(
    async () => {
      attempts++;
      if (attempts <= failures) throw make();
      return `ok after ${attempts}`;
    },
    { name, description: name, schema: z.object({}) },
  );
  return { tool: flaky, attempts: () => attempts };
}

/** Records waits instead of sleeping. */
function fakeSleep() {
  const waits: number[] = [];
  return { waits, sleep: async (ms: number) => void waits.push(ms) };
}

const callReply = (name: string) => ({ toolCalls: [{ name, args: {}, id: "c1" }] });

describe("toolRetryMiddleware", () => {
  it("retries a failing tool with exponential backoff until it succeeds", async () => {
    const flaky = flakyTool("flaky", 2);
    const { waits, sleep } = fakeSleep();
    const model = new ScriptedChatModel({ replies: [callReply("flaky"), "done"] });
    const agent = createAgent({
      model,
      tools: [flaky.tool],
      middleware: [
        toolRetryMiddleware({ maxRetries: 3, initialDelayMs: 100, jitter: false, sleep }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    expect(flaky.attempts()).toBe(3);
    expect(waits).toEqual([100, 200]);
    expect(result.messages[2]!.content).toBe("ok after 3");
  });

  it("answers with an error ToolMessage once retries are exhausted (onFailure 'continue')", async () => {
    const flaky = flakyTool("flaky", 10);
    const { waits, sleep } = fakeSleep();
    const model = new ScriptedChatModel({ replies: [callReply("flaky"), "gave up"] });
    const agent = createAgent({
      model,
      tools: [flaky.tool],
      middleware: [
        toolRetryMiddleware({
          maxRetries: 2,
          initialDelayMs: 10,
          backoffFactor: 3,
          maxDelayMs: 20,
          jitter: false,
          sleep,
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    expect(flaky.attempts()).toBe(3);
    expect(waits).toEqual([10, 20]); // 30 capped at maxDelayMs
    const message = result.messages[2] as ToolMessage;
    expect(message.status).toBe("error");
    expect(message.content).toBe(
      "Tool 'flaky' failed after 3 attempts with TimeoutError: timed out",
    );
    expect(result.messages.at(-1)!.content).toBe("gave up");
  });

  it("retries only the listed tools and errors retryOn accepts; onFailure formats or rethrows", async () => {
    const listed = flakyTool("listed", 1);
    const other = flakyTool("other", 1);
    const { sleep } = fakeSleep();
    const model = new ScriptedChatModel({
      replies: [
        {
          toolCalls: [
            { name: "listed", args: {}, id: "a" },
            { name: "other", args: {}, id: "b" },
          ],
        },
        "ok",
      ],
    });
    const agent = createAgent({
      model,
      tools: [listed.tool, other.tool],
      middleware: [
        toolRetryMiddleware({ tools: ["listed"], sleep, jitter: false }),
        // For `other`, only a RangeError is retried: its TimeoutError fails at once.
        toolRetryMiddleware({
          tools: [other.tool],
          retryOn: [RangeError],
          onFailure: (e) => `custom: ${e.message}`,
          sleep,
        }),
      ],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    expect([listed.attempts(), other.attempts()]).toEqual([2, 1]);
    const byId = Object.fromEntries(
      result.messages
        .filter((m) => m.type === "tool")
        .map((m) => [(m as ToolMessage).tool_call_id, m.content]),
    );
    expect(byId).toEqual({ a: "ok after 2", b: "custom: timed out" });
  });

  it("rethrows with onFailure 'error', and never retries an interrupt or bad arguments", async () => {
    const flaky = flakyTool("flaky", 5, () => new RangeError("nope"));
    const { waits, sleep } = fakeSleep();
    const strict = createAgent({
      model: new ScriptedChatModel({ replies: [callReply("flaky")] }),
      tools: [flaky.tool],
      middleware: [
        toolRetryMiddleware({
          maxRetries: 1,
          onFailure: "error",
          jitter: false,
          initialDelayMs: 5,
          sleep,
        }),
      ],
    });
    const error = await strict
      .invoke({ messages: [new HumanMessage("go")] })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(RangeError);
    expect(flaky.attempts()).toBe(2);
    expect(waits).toEqual([5]);

    let typed = 0;
    const typedTool = tool(
      async ({ n }: { n: number }) => {
        typed++;
        return `n=${n}`;
      },
      { name: "typed", description: "typed", schema: z.object({ n: z.number() }) },
    );
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "typed", args: { n: "x" }, id: "c1" }] }, "fixed"],
    });
    const agent = createAgent({
      model,
      tools: [typedTool],
      middleware: [toolRetryMiddleware({ sleep })],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("go")] });
    expect(typed).toBe(0);
    expect(waits).toEqual([5]); // no new waits: invalid input is final
    expect((result.messages[2] as ToolMessage).status).toBe("error");
    expect(result.messages[2]!.content).toContain("failed after 1 attempt");
  });
});

describe("retry policy", () => {
  it("backs off exponentially up to the cap, jitters by at most 25%, and honours retryAfterMs", () => {
    const plain = retryPolicy("T", {
      initialDelayMs: 100,
      backoffFactor: 2,
      maxDelayMs: 500,
      jitter: false,
    });
    expect([0, 1, 2, 3, 4].map((n) => retryDelay(plain, n))).toEqual([100, 200, 400, 500, 500]);
    const constant = retryPolicy("T", { initialDelayMs: 70, backoffFactor: 0, jitter: false });
    expect([0, 3].map((n) => retryDelay(constant, n))).toEqual([70, 70]);
    const jittered = retryPolicy("T", { initialDelayMs: 100 });
    const samples = Array.from({ length: 200 }, () => retryDelay(jittered, 0));
    expect(Math.min(...samples)).toBeGreaterThanOrEqual(75);
    expect(Math.max(...samples)).toBeLessThanOrEqual(125);
    expect(new Set(samples).size).toBeGreaterThan(1);
    expect(retryDelay(plain, 0, { retryAfterMs: 3000 })).toBe(3000);
  });

  it("takes a predicate for retryOn and rejects invalid options", async () => {
    const flaky = flakyTool("flaky", 1, () => new Error("server busy"));
    const never = flakyTool("never", 1, () => new Error("bad request"));
    const { waits, sleep } = fakeSleep();
    const agent = createAgent({
      model: new ScriptedChatModel({
        replies: [
          {
            toolCalls: [
              { name: "flaky", args: {}, id: "a" },
              { name: "never", args: {}, id: "b" },
            ],
          },
          "ok",
        ],
      }),
      tools: [flaky.tool, never.tool],
      middleware: [
        toolRetryMiddleware({
          retryOn: (e) => e.message.includes("busy"),
          initialDelayMs: 1,
          jitter: false,
          sleep,
        }),
      ],
    });
    await agent.invoke({ messages: [new HumanMessage("go")] });
    expect([flaky.attempts(), never.attempts()]).toEqual([2, 1]);
    expect(waits).toEqual([1]);
    expect(() => toolRetryMiddleware({ maxRetries: -1 })).toThrow(/maxRetries/);
    expect(() => toolRetryMiddleware({ initialDelayMs: Number.NaN })).toThrow(/initialDelayMs/);
    expect(() => toolRetryMiddleware({ onFailure: "ignore" as never })).toThrow(/onFailure/);
  });
});

describe("modelFallbackMiddleware", () => {
  it("tries the fallback models in order when the model call fails", async () => {
    const primary = new ScriptedChatModel({
      replies: [new ChatModelError("rate limited", { status: 429 })],
    });
    const second = new ScriptedChatModel({ replies: [new Error("also down")] });
    const third = new ScriptedChatModel({ replies: ["from the third model"] });
    const agent = createAgent({
      model: primary,
      tools: [],
      systemPrompt: "Be kind.",
      middleware: [modelFallbackMiddleware(second, third)],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("hi")] });
    expect(result.messages.at(-1)!.content).toBe("from the third model");
    expect([primary.calls.length, second.calls.length, third.calls.length]).toEqual([1, 1, 1]);
    // The fallback got the same request, system prompt included.
    expect(third.calls[0]!.messages.map((m) => m.text)).toEqual(["Be kind.", "hi"]);
  });

  it("throws the last error when every model fails", async () => {
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: [new Error("first down")] }),
      tools: [],
      middleware: [
        modelFallbackMiddleware(new ScriptedChatModel({ replies: [new Error("last down")] })),
      ],
    });
    const error = await agent
      .invoke({ messages: [new HumanMessage("hi")] })
      .catch((e: unknown) => e);
    expect(String(error)).toContain("last down");
  });

  it("binds the agent's tools to the fallback model", async () => {
    const echo = tool(async ({ text }: { text: string }) => text, {
      name: "echo",
      description: "echo",
      schema: z.object({ text: z.string() }),
    });
    const fallback = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "echo", args: { text: "hey" }, id: "c1" }] }, "done"],
    });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: [new Error("down"), new Error("down")] }),
      tools: [echo],
      middleware: [modelFallbackMiddleware(fallback)],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("hi")] });
    expect(fallback.calls[0]!.tools.map((t) => t.name)).toEqual(["echo"]);
    expect(result.messages.map((m) => m.text)).toEqual(["hi", "", "hey", "done"]);
  });

  it("resolves a fallback given as a model string only when it is needed", async () => {
    const healthy = createAgent({
      model: new ScriptedChatModel({ replies: ["fine"] }),
      tools: [],
      middleware: [modelFallbackMiddleware("nowhere:model-x")],
    });
    expect(
      (await healthy.invoke({ messages: [new HumanMessage("hi")] })).messages.at(-1)!.content,
    ).toBe("fine");
    const failing = createAgent({
      model: new ScriptedChatModel({ replies: [new Error("down")] }),
      tools: [],
      middleware: [modelFallbackMiddleware("nowhere:model-x")],
    });
    const error = await failing
      .invoke({ messages: [new HumanMessage("hi")] })
      .catch((e: unknown) => e);
    expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);
    expect(String(error)).toContain('"nowhere"');
  });

  it("needs at least one fallback model", () => {
    expect(() => modelFallbackMiddleware()).toThrow(/at least one/);
  });
});

describe("modelRetryMiddleware", () => {
  it("retries the model call, then reports the failure as an AI message by default", async () => {
    const { waits, sleep } = fakeSleep();
    const flaky = new ScriptedChatModel({ replies: [new Error("blip"), "recovered"] });
    const agent = createAgent({
      model: flaky,
      tools: [],
      middleware: [modelRetryMiddleware({ initialDelayMs: 50, jitter: false, sleep })],
    });
    const result = await agent.invoke({ messages: [new HumanMessage("hi")] });
    expect(result.messages.at(-1)!.content).toBe("recovered");
    expect(waits).toEqual([50]);

    const down = new ScriptedChatModel({
      replies: [new Error("x"), new Error("y"), new Error("z")],
    });
    const failing = createAgent({
      model: down,
      tools: [],
      middleware: [modelRetryMiddleware({ maxRetries: 2, jitter: false, sleep })],
    });
    const reported = await failing.invoke({ messages: [new HumanMessage("hi")] });
    expect(reported.messages.at(-1)!.content).toBe(
      "Model call failed after 3 attempts with Error: z",
    );
  });

  it("does not retry a final error such as bad credentials", async () => {
    const { waits, sleep } = fakeSleep();
    const model = new ScriptedChatModel({
      replies: [new ChatModelError("bad key", { status: 401 }), "never"],
    });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [modelRetryMiddleware({ onFailure: "error", sleep })],
    });
    const error = await agent
      .invoke({ messages: [new HumanMessage("hi")] })
      .catch((e: unknown) => e);
    expect(String(error)).toContain("bad key");
    expect(model.calls).toHaveLength(1);
    expect(waits).toEqual([]);
  });
});
