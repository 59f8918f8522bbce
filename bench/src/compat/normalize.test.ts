import { AIMessage } from "@langchain/core/messages";
import { HumanMessage } from "@weft/graph";
import { describe, expect, it } from "vitest";
import { IdPlaceholders, normalize, withoutTracingFields } from "./normalize.ts";

const A = "1f0c3a52-8b4e-6e20-8b3a-01a9c2f7d3e4";
const B = "6fb7314f-f114-5413-a1f3-d37dfe98ff44";

describe("IdPlaceholders", () => {
  it("numbers ids in order of first appearance and reuses a known id's number", () => {
    const ids = new IdPlaceholders();
    expect([ids.of(B), ids.of(A), ids.of(B)]).toEqual(["<id:0>", "<id:1>", "<id:0>"]);
  });
});

describe("normalize", () => {
  it("keeps which places share an id, not the ids themselves", () => {
    const run1 = normalize({ config: { id: A }, parent: { id: B }, again: A });
    const run2 = normalize({ config: { id: B }, parent: { id: A }, again: B });
    const other = normalize({ config: { id: A }, parent: { id: B }, again: B });
    expect(run1).toEqual(run2);
    expect(run1).not.toEqual(other);
  });

  it("numbers ids the same whatever order an object's keys were set in", () => {
    expect(normalize({ b: B, a: A })).toEqual(normalize({ a: B, b: A }));
  });

  it("replaces ISO timestamps and drops undefined fields", () => {
    expect(normalize({ ts: "2024-08-29T19:19:38.821Z", gone: undefined, n: 1 })).toEqual({
      ts: "<time>",
      n: 1,
    });
  });

  it("summarizes Weft and @langchain/core messages alike", () => {
    const weft = normalize([new HumanMessage({ content: "hi", id: "m1" }), new HumanMessage("x")]);
    const core = normalize([
      new AIMessage({ content: "hi", id: "m1" }),
      new AIMessage({ content: "x" }),
    ]);
    expect(weft).toEqual([
      { type: "human", content: "hi", id: "<id:0>" },
      { type: "human", content: "x", id: undefined },
    ]);
    expect(core).toEqual([
      { type: "ai", content: "hi", id: "<id:0>" },
      { type: "ai", content: "x", id: undefined },
    ]);
  });

  it("keeps an error's class name and message", () => {
    expect(normalize(new TypeError("bad"))).toEqual({ error: "TypeError", message: "bad" });
  });
});

describe("withoutTracingFields", () => {
  it("keeps only configurable in configs and drops ls_integration", () => {
    const event = {
      config: { configurable: { thread_id: "t" }, tags: [], recursion_limit: 25 },
      metadata: { ls_integration: "langgraph" },
      task: { metadata: { ls_integration: "langgraph", user: "u" } },
    };
    expect(withoutTracingFields(event)).toEqual({
      config: { configurable: { thread_id: "t" } },
      task: { metadata: { user: "u" } },
    });
  });

  it("leaves an empty metadata object that had nothing to remove", () => {
    expect(withoutTracingFields({ metadata: {} })).toEqual({ metadata: {} });
  });
});
