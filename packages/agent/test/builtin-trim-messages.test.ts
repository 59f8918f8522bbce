import { type BaseMessage, REMOVE_ALL_MESSAGES, ScriptedChatModel } from "@weft/graph";
import { describe, expect, it } from "vitest";
import {
  AIMessage,
  createAgent,
  createMiddleware,
  HumanMessage,
  RemoveMessage,
  SystemMessage,
  ToolMessage,
  trimMessages,
} from "../src/index.ts";

const TEXT = "This is a 4 token text. The full message is 10 tokens.";

function conversation(): BaseMessage[] {
  return [
    new SystemMessage(TEXT),
    new HumanMessage({ content: TEXT, id: "first" }),
    new AIMessage({
      content: [
        { type: "text", text: "This is the FIRST 4 token block." },
        { type: "text", text: "This is the SECOND 4 token block." },
      ],
      id: "second",
    }),
    new HumanMessage({ content: TEXT, id: "third" }),
    new AIMessage({ content: TEXT, id: "fourth" }),
  ];
}

// Each message costs 3 + 4 per text (or per block) + 3 tokens.
const dummyCounter = (messages: BaseMessage[]) =>
  messages.reduce(
    (sum, m) => sum + 6 + (typeof m.content === "string" ? 4 : m.content.length * 4),
    0,
  );

const ids = (messages: BaseMessage[]) => messages.map((m) => m.id ?? m.type);
const blocks = (message: BaseMessage | undefined) =>
  ((message?.content ?? []) as { text?: string }[]).map((b) => b.text);

describe("trimMessages", () => {
  it("keeps the first messages within the budget, optionally part of the next", async () => {
    const messages = conversation();
    expect(
      ids(
        await trimMessages(messages, {
          maxTokens: 30,
          tokenCounter: dummyCounter,
          strategy: "first",
        }),
      ),
    ).toEqual(["system", "first"]);
    const partial = await trimMessages(messages, {
      maxTokens: 30,
      tokenCounter: dummyCounter,
      strategy: "first",
      allowPartial: true,
    });
    expect(ids(partial)).toEqual(["system", "first", "second"]);
    expect(blocks(partial[2])).toEqual(["This is the FIRST 4 token block."]);
    const endOnHuman = await trimMessages(messages, {
      maxTokens: 30,
      tokenCounter: dummyCounter,
      strategy: "first",
      allowPartial: true,
      endOn: "human",
    });
    expect(ids(endOnHuman)).toEqual(["system", "first"]);
    // The input is untouched.
    expect(blocks(messages[2])).toHaveLength(2);
  });

  it("keeps the last messages, a leading system message, and the end of a partial one", async () => {
    const messages = conversation();
    expect(
      ids(
        await trimMessages(messages, {
          maxTokens: 30,
          tokenCounter: dummyCounter,
          includeSystem: true,
        }),
      ),
    ).toEqual(["system", "third", "fourth"]);
    const partial = await trimMessages(messages, {
      maxTokens: 40,
      tokenCounter: dummyCounter,
      includeSystem: true,
      allowPartial: true,
    });
    expect(ids(partial)).toEqual(["system", "second", "third", "fourth"]);
    expect(blocks(partial[1])).toEqual(["This is the SECOND 4 token block."]);
    expect(
      ids(await trimMessages(messages, { maxTokens: 30, tokenCounter: dummyCounter })),
    ).toEqual(["third", "fourth"]);
  });

  it("honours startOn and endOn with the last strategy", async () => {
    const messages = conversation();
    const result = await trimMessages(messages, {
      maxTokens: 100,
      tokenCounter: dummyCounter,
      startOn: "human",
      endOn: ["human", "tool"],
    });
    expect(ids(result)).toEqual(["first", "second", "third"]);
    const byClass = await trimMessages(messages, {
      maxTokens: 25,
      tokenCounter: dummyCounter,
      startOn: HumanMessage,
    });
    expect(ids(byClass)).toEqual(["third", "fourth"]);
  });

  it("splits text at newlines for a partial message", async () => {
    const messages = [new HumanMessage({ content: "line one\nline two\nline three", id: "h" })];
    const perChar = (list: BaseMessage[]) => list.reduce((n, m) => n + m.text.length, 0);
    const last = await trimMessages(messages, {
      maxTokens: 20,
      tokenCounter: perChar,
      allowPartial: true,
    });
    expect(last[0]!.text).toBe("line two\nline three");
    const first = await trimMessages(messages, {
      maxTokens: 20,
      tokenCounter: perChar,
      strategy: "first",
      allowPartial: true,
    });
    expect(first[0]!.text).toBe("line one\nline two\n");
    expect(first[0]!.id).toBe("h");
  });

  it("counts with a model's getNumTokens, and offers a reusable trimmer", async () => {
    const model = new ScriptedChatModel({ replies: [] });
    // getNumTokens: about four characters per token, so 2 + 1 tokens.
    const trimmer = trimMessages({ maxTokens: 2, tokenCounter: model, strategy: "last" });
    const result = await trimmer.invoke([new HumanMessage("12345678"), new HumanMessage("abcd")]);
    expect(result.map((m) => m.text)).toEqual(["abcd"]);
  });

  it("rejects contradictory options", async () => {
    await expect(
      trimMessages(conversation(), {
        maxTokens: 10,
        tokenCounter: dummyCounter,
        strategy: "first",
        startOn: "human",
      }),
    ).rejects.toThrow(/only to strategy "last"/);
  });

  it("trims the history before each model call (docs: trim messages in middleware)", async () => {
    const model = new ScriptedChatModel({ replies: ["ok"] });
    const trimMessageHistory = createMiddleware({
      name: "TrimMessages",
      beforeModel: async (state) => {
        const trimmed = await trimMessages(state.messages, {
          maxTokens: 3,
          strategy: "last",
          startOn: "human",
          endOn: ["human", "tool"],
          tokenCounter: (msgs) => msgs.length,
        });
        return { messages: [new RemoveMessage({ id: REMOVE_ALL_MESSAGES }), ...trimmed] };
      },
    });
    const agent = createAgent({ model, tools: [], middleware: [trimMessageHistory] });
    const history = [
      new HumanMessage("a"),
      new AIMessage("b"),
      new HumanMessage("c"),
      new AIMessage({ content: "", tool_calls: [{ id: "t", name: "x", args: {} }] }),
      new ToolMessage({ content: "r", tool_call_id: "t" }),
    ];
    await agent.invoke({ messages: history });
    expect(model.calls[0]!.messages.map((m) => m.type)).toEqual(["human", "ai", "tool"]);
  });
});
