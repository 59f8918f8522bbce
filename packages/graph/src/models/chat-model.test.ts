import { describe, expect, it } from "vitest";
import type { AIMessageChunk } from "../messages/index.ts";
import { runWithConfig } from "../runtime/context.ts";
import { type ModelCallMeta, withMessageSink } from "../runtime/message-stream.ts";
import { ScriptedChatModel } from "./scripted-chat-model.ts";

interface Event {
  kind: "chunk" | "end";
  callId: string;
  message: { content: unknown; id?: string };
  meta?: ModelCallMeta;
}

function recordingSink() {
  const events: Event[] = [];
  return {
    events,
    sink: {
      chunk: (callId: string, chunk: unknown, meta?: ModelCallMeta) =>
        events.push({ kind: "chunk", callId, message: chunk as Event["message"], meta }),
      end: (callId: string, message: unknown, meta?: ModelCallMeta) =>
        events.push({ kind: "end", callId, message: message as Event["message"], meta }),
    },
  };
}

describe("BaseChatModel in a running task", () => {
  it("invoke streams its tokens to the task's sink, found without a config argument", async () => {
    const { events, sink } = recordingSink();
    const model = new ScriptedChatModel({ replies: ["a b c"], tags: ["joke"] });
    const task = withMessageSink({ tags: ["run-tag"], metadata: { langgraph_node: "n" } }, sink);
    const reply = await runWithConfig(task, () =>
      model.withConfig({ tags: ["extra"] }).invoke("x"),
    );
    expect(events.map((e) => [e.kind, e.message.content])).toEqual([
      ["chunk", "a"],
      ["chunk", " b"],
      ["chunk", " c"],
      ["end", "a b c"],
    ]);
    const callIds = new Set(events.map((e) => e.callId));
    expect(callIds.size).toBe(1);
    expect(events[0]!.meta).toEqual({
      tags: ["run-tag", "joke", "extra"],
      ls_provider: "scripted",
      ls_model_name: "scripted",
      ls_model_type: "chat",
    });
    // Every chunk and the reply share one id, so readers can group the tokens.
    const [callId] = callIds;
    expect(new Set(events.map((e) => e.message.id))).toEqual(new Set([`run-${callId}`]));
    expect(reply.id).toBe(`run-${callId}`);
  });

  it("an explicit config keeps the task's sink and adds its tags", async () => {
    const { events, sink } = recordingSink();
    const model = new ScriptedChatModel({ replies: ["hi"] });
    await runWithConfig(withMessageSink({}, sink), () => model.invoke("x", { tags: ["poem"] }));
    expect(events.map((e) => e.meta?.tags)).toEqual([["poem"], ["poem"]]);
  });

  it("calls tagged nostream are not reported", async () => {
    const { events, sink } = recordingSink();
    const model = new ScriptedChatModel({ replies: ["quiet"], tags: ["nostream"] });
    const reply = await runWithConfig(withMessageSink({}, sink), () => model.invoke("x"));
    expect(reply.text).toBe("quiet");
    expect(events).toEqual([]);
  });

  it("stream() inside a task reports too, and stops when the task's signal aborts", async () => {
    const { events, sink } = recordingSink();
    const controller = new AbortController();
    const model = new ScriptedChatModel({ replies: ["one two three"], tokenDelayMs: 5 });
    const task = withMessageSink({ signal: controller.signal }, sink);
    const seen: AIMessageChunk[] = [];
    const run = runWithConfig(task, async () => {
      for await (const chunk of model.stream("x")) {
        seen.push(chunk);
        controller.abort(new Error("cancelled"));
      }
    });
    await expect(run).rejects.toThrow("cancelled");
    expect(seen).toHaveLength(1);
    expect(events.map((e) => e.kind)).toEqual(["chunk"]);
  });

  it("without a sink, invoke does not stream and returns the whole reply", async () => {
    const model = new ScriptedChatModel({ replies: ["plain reply"] });
    const reply = await model.invoke([{ role: "user", content: "x" }]);
    expect(reply.text).toBe("plain reply");
    expect(reply.id).toMatch(/^run-/);
    expect(model.calls[0]!.messages[0]!.type).toBe("human");
  });
});

describe("getNumTokens", () => {
  it("lets a Weft model count tokens for @langchain/core's trimMessages (docs: trim messages)", async () => {
    const { trimMessages } = await import("@langchain/core/messages");
    const { HumanMessage: H, AIMessage: A } = await import("../messages/index.ts");
    const { ScriptedChatModel } = await import("./scripted-chat-model.ts");
    const model = new ScriptedChatModel({ replies: ["ok"] });
    expect(await model.getNumTokens("12345678")).toBe(2);
    const history = [
      new H("first question, rather long so that it costs many tokens ".repeat(4)),
      new A("first answer ".repeat(10)),
      new H("second question"),
      new A("second answer"),
      new H("third question"),
    ];
    const trimmed = await trimMessages(history as never, {
      strategy: "last",
      maxTokens: 20,
      startOn: "human",
      endOn: ["human", "tool"],
      tokenCounter: model as never,
    });
    expect(trimmed.map((m) => m.content)).toEqual([
      "second question",
      "second answer",
      "third question",
    ]);
  });
});
