import { FakeListChatModel } from "@langchain/core/utils/testing";
import { describe, expect, it } from "vitest";
import type { ModelCallMeta } from "../runtime/message-stream.ts";
import { hasMessagesHandler, langchainCallbacksFor } from "./langchain-callbacks.ts";

function recordingSink() {
  const events: { kind: string; callId: string; content: unknown; meta?: ModelCallMeta }[] = [];
  return {
    events,
    sink: {
      chunk: (callId: string, chunk: unknown, meta?: ModelCallMeta) =>
        events.push({
          kind: "chunk",
          callId,
          content: (chunk as { content: unknown }).content,
          meta,
        }),
      end: (callId: string, message: unknown, meta?: ModelCallMeta) =>
        events.push({
          kind: "end",
          callId,
          content: (message as { content: unknown }).content,
          meta,
        }),
    },
  };
}

describe("langchainCallbacksFor", () => {
  it("makes a @langchain/core model stream its tokens to the sink, even on invoke", async () => {
    const { events, sink } = recordingSink();
    const model = new FakeListChatModel({ responses: ["hey!"], tags: ["joke"] });
    const handler = langchainCallbacksFor(sink, { tags: ["run"] });
    const reply = await model.invoke("hi", { callbacks: [handler], tags: ["call"] });
    expect(reply.content).toBe("hey!");
    expect(events.filter((e) => e.kind === "chunk").map((e) => e.content)).toEqual([
      "h",
      "e",
      "y",
      "!",
    ]);
    expect(events.at(-1)).toMatchObject({ kind: "end", content: "hey!" });
    expect(new Set(events.map((e) => e.callId)).size).toBe(1);
    const meta = events[0]!.meta!;
    expect(meta.tags).toEqual(expect.arrayContaining(["run", "call", "joke"]));
    expect(meta.ls_provider).toBeDefined();
    expect(meta.ls_model_type).toBe("chat");
  });

  it("skips calls tagged nostream", async () => {
    const { events, sink } = recordingSink();
    const model = new FakeListChatModel({ responses: ["quiet"] });
    await model.invoke("hi", { callbacks: [langchainCallbacksFor(sink)], tags: ["nostream"] });
    expect(events).toEqual([]);
  });

  it("is recognized in a callbacks list, so it is added only once", () => {
    const { sink } = recordingSink();
    expect(hasMessagesHandler([langchainCallbacksFor(sink)])).toBe(true);
    expect(hasMessagesHandler([{ handleLLMNewToken() {} }])).toBe(false);
    expect(hasMessagesHandler(undefined)).toBe(false);
  });
});
