import {
  type BaseMessage,
  MemorySaver,
  ScriptedChatModel,
  SystemMessage,
  WeftError,
} from "@weft/graph";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import {
  AIMessage,
  createAgent,
  DEFAULT_SUMMARY_PREFIX,
  HumanMessage,
  summarizationMiddleware,
  type ToolMessage,
  tool,
} from "../src/index.ts";

const thread = (id: string) => ({ configurable: { thread_id: id } });
const contents = (messages: BaseMessage[]) => messages.map((m) => `${m.type}:${m.text}`);

const lookup = tool(async ({ q }: { q: string }) => `found ${q}`, {
  name: "lookup",
  description: "Look something up.",
  schema: z.object({ q: z.string() }),
});

describe("summarizationMiddleware", () => {
  it("replaces old messages by one summary once the trigger is reached, keeping recent ones", async () => {
    const summarizer = new ScriptedChatModel({ replies: ["Bob likes cats."] });
    const model = new ScriptedChatModel({ replies: ["hi Bob", "cats!", "dogs!", "You are Bob."] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        summarizationMiddleware({
          model: summarizer,
          trigger: { messages: 6 },
          keep: { messages: 2 },
        }),
      ],
      checkpointer: new MemorySaver(),
    });
    await agent.invoke({ messages: "hi, my name is bob" }, thread("s1"));
    await agent.invoke({ messages: "poem about cats" }, thread("s1"));
    await agent.invoke({ messages: "now dogs" }, thread("s1"));
    expect(summarizer.calls).toHaveLength(0); // 5 messages before the third model call
    const before = (await agent.getState(thread("s1"))).values.messages as BaseMessage[];
    const final = await agent.invoke({ messages: "what's my name?" }, thread("s1"));

    // 7 messages before the 4th call: the first 5 are summarized, the last 2 kept.
    expect(summarizer.calls).toHaveLength(1);
    const prompt = summarizer.calls[0]!.messages[0]!.text;
    expect(prompt).toContain("Human: hi, my name is bob\nAI: hi Bob\nHuman: poem about cats");
    expect(prompt).toContain("Human: now dogs");
    expect(prompt).not.toContain("what's my name?");
    expect(summarizer.calls[0]!.tags).toContain("nostream");

    expect(contents(final.messages)).toEqual([
      `human:${DEFAULT_SUMMARY_PREFIX}\n\nBob likes cats.`,
      "ai:dogs!",
      "human:what's my name?",
      "ai:You are Bob.",
    ]);
    // The summary takes the first summarized message's id and place.
    expect(final.messages[0]!.id).toBe(before[0]!.id);
    expect(final.messages[0]!.additional_kwargs).toMatchObject({ lc_source: "summarization" });
    // The model answered from the summary.
    expect(contents(model.calls[3]!.messages)).toEqual(contents(final.messages.slice(0, 3)));
  });

  it("never separates a tool call from its result: the cut moves earlier", async () => {
    const summarizer = new ScriptedChatModel({ replies: ["S1", "S2"] });
    const model = new ScriptedChatModel({
      replies: [{ toolCalls: [{ name: "lookup", args: { q: "x" }, id: "c1" }] }, "answer"],
    });
    const agent = createAgent({
      model,
      tools: [lookup],
      middleware: [
        summarizationMiddleware({
          model: summarizer,
          trigger: { messages: 3 },
          keep: { messages: 1 },
        }),
      ],
    });
    const result = await agent.invoke({
      messages: [
        new HumanMessage("old question"),
        new AIMessage("old answer"),
        new HumanMessage("look up x"),
      ],
    });
    // Before the first call: 3 messages, keep 1 → summary + "look up x".
    // Before the second: [summary, human, ai(call), tool]: keeping 1 would split the pair,
    // so the AI call is kept with its result.
    expect(summarizer.calls).toHaveLength(2);
    expect(summarizer.calls[1]!.messages[0]!.text).toContain("Human: look up x");
    expect(summarizer.calls[1]!.messages[0]!.text).not.toContain("found x");
    const secondCall = model.calls[1]!.messages;
    expect(contents(secondCall)).toEqual([
      `human:${DEFAULT_SUMMARY_PREFIX}\n\nS2`,
      "ai:",
      "tool:found x",
    ]);
    expect((secondCall[1] as AIMessage).tool_calls[0]!.id).toBe("c1");
    expect((secondCall[2] as ToolMessage).tool_call_id).toBe("c1");
    expect(result.messages.map((m) => m.type)).toEqual(["human", "ai", "tool", "ai"]);
  });

  it("counts tokens with the given counter and keeps a token budget", async () => {
    const summarizer = new ScriptedChatModel({ replies: ["S"] });
    const model = new ScriptedChatModel({ replies: ["done"] });
    const perMessage = (messages: BaseMessage[]) => messages.length * 100;
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        summarizationMiddleware({
          model: summarizer,
          trigger: { tokens: 500 },
          keep: { tokens: 250 },
          tokenCounter: perMessage,
        }),
      ],
    });
    const history = ["a", "b", "c", "d", "e"].map((t) => new HumanMessage(t));
    const result = await agent.invoke({ messages: history });
    expect(contents(model.calls[0]!.messages)).toEqual([
      `human:${DEFAULT_SUMMARY_PREFIX}\n\nS`,
      "human:d",
      "human:e",
    ]);
    expect(result.messages).toHaveLength(4);

    const small = new ScriptedChatModel({ replies: ["done"] });
    const untouched = createAgent({
      model: small,
      tools: [],
      middleware: [
        summarizationMiddleware({
          model: summarizer,
          trigger: { tokens: 600 },
          tokenCounter: perMessage,
        }),
      ],
    });
    await untouched.invoke({ messages: history });
    expect(small.calls[0]!.messages).toHaveLength(5);
  });

  it("supports fractions of the model's input window, and needs it to be known", async () => {
    class ProfiledModel extends ScriptedChatModel {
      readonly profile = { maxInputTokens: 1000 };
    }
    const perMessage = (messages: BaseMessage[]) => messages.length * 100;
    const history = ["a", "b", "c", "d", "e", "f"].map((t) => new HumanMessage(t));
    const profiled = new ProfiledModel({ replies: ["S"] });
    const model = new ScriptedChatModel({ replies: ["done"] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        summarizationMiddleware({
          model: profiled,
          trigger: { fraction: 0.5 },
          keep: { fraction: 0.2 },
          tokenCounter: perMessage,
        }),
      ],
    });
    await agent.invoke({ messages: history });
    expect(contents(model.calls[0]!.messages).slice(1)).toEqual(["human:e", "human:f"]);

    const unprofiled = createAgent({
      model: new ScriptedChatModel({ replies: ["done"] }),
      tools: [],
      middleware: [
        summarizationMiddleware({
          model: new ScriptedChatModel({ replies: ["S"] }),
          trigger: { fraction: 0.5 },
        }),
      ],
    });
    const error = await unprofiled.invoke({ messages: history }).catch((e: unknown) => e);
    expect(WeftError.hasCode(error, "INVALID_CONFIG")).toBe(true);
  });

  it("keeps a leading system message, and never summarizes without a trigger", async () => {
    const summarizer = new ScriptedChatModel({ replies: ["S"] });
    const model = new ScriptedChatModel({ replies: ["done"] });
    const agent = createAgent({
      model,
      tools: [],
      middleware: [
        summarizationMiddleware({
          model: summarizer,
          trigger: { messages: 4 },
          keep: { messages: 1 },
        }),
      ],
    });
    const result = await agent.invoke({
      messages: [
        new SystemMessage("rules"),
        new HumanMessage("a"),
        new AIMessage("b"),
        new HumanMessage("c"),
      ],
    });
    expect(contents(result.messages)).toEqual([
      "system:rules",
      `human:${DEFAULT_SUMMARY_PREFIX}\n\nS`,
      "human:c",
      "ai:done",
    ]);
    expect(summarizer.calls[0]!.messages[0]!.text).not.toContain("rules");

    const idle = new ScriptedChatModel({ replies: [] });
    const quiet = createAgent({
      model: new ScriptedChatModel({ replies: ["ok"] }),
      tools: [],
      middleware: [summarizationMiddleware({ model: idle })],
    });
    await quiet.invoke({
      messages: Array.from({ length: 50 }, (_, i) => new HumanMessage(`m${i}`)),
    });
    expect(idle.calls).toHaveLength(0);
  });

  it("fails the run and keeps the history when the summary call fails", async () => {
    const summarizer = new ScriptedChatModel({ replies: [new Error("summary provider down")] });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["a1", "never"] }),
      tools: [],
      middleware: [
        summarizationMiddleware({
          model: summarizer,
          trigger: { messages: 3 },
          keep: { messages: 1 },
        }),
      ],
      checkpointer: new MemorySaver(),
    });
    await agent.invoke({ messages: "one" }, thread("s6"));
    const error = await agent.invoke({ messages: "two" }, thread("s6")).catch((e: unknown) => e);
    expect(String(error)).toContain("summary provider down");
    const state = await agent.getState(thread("s6"));
    expect(contents(state.values.messages)).toEqual(["human:one", "ai:a1", "human:two"]);
  });

  it("keeps the summary call out of the messages stream", async () => {
    const summarizer = new ScriptedChatModel({ replies: ["secret summary text"] });
    const agent = createAgent({
      model: new ScriptedChatModel({ replies: ["visible answer"] }),
      tools: [],
      middleware: [
        summarizationMiddleware({
          model: summarizer,
          trigger: { messages: 2 },
          keep: { messages: 1 },
        }),
      ],
    });
    let streamed = "";
    for await (const [chunk] of await agent.stream(
      { messages: [new HumanMessage("a"), new HumanMessage("b")] },
      { streamMode: "messages" },
    )) {
      // The summary reaches the stream only as the state's new human message.
      if ((chunk as BaseMessage).type === "ai") streamed += (chunk as BaseMessage).text;
    }
    expect(summarizer.calls).toHaveLength(1);
    expect(streamed).toBe("visible answer");
  });

  it("rejects invalid options when created", () => {
    expect(() => summarizationMiddleware({ model: "openai:gpt-4o-mini", trigger: {} })).toThrow(
      /at least one/,
    );
    expect(() =>
      summarizationMiddleware({
        model: "openai:gpt-4o-mini",
        keep: { messages: 2, tokens: 5 } as never,
      }),
    ).toThrow(/exactly one/);
  });
});
