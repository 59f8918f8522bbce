import { describe, expect, expectTypeOf, it } from "vitest";
import { z } from "zod";
import { MessagesValue, START, StateGraph, StateSchema } from "../index.ts";
import type { AIMessageChunk, BaseMessage } from "../messages/index.ts";
import type { MessagesStreamMetadata } from "./stream-chunks.ts";

const State = new StateSchema({ messages: MessagesValue, topic: z.string() });
const graph = new StateGraph(State)
  .addNode("write", (s) => ({ topic: `${s.topic}!` }))
  .addEdge(START, "write")
  .compile();
type Values = { messages: BaseMessage[]; topic: string };

describe("stream chunk types follow streamMode and subgraphs", () => {
  it("values: the state; a list of modes: [mode, payload]; subgraphs: the namespace first", async () => {
    const values: unknown[] = [];
    for await (const chunk of await graph.stream({ topic: "a" }, { streamMode: "values" })) {
      expectTypeOf(chunk).toEqualTypeOf<Values>();
      values.push(chunk.topic);
    }
    expect(values).toEqual(["a", "a!"]);

    for await (const chunk of await graph.stream(
      { topic: "a" },
      { streamMode: ["values", "messages"] },
    )) {
      expectTypeOf(chunk).toEqualTypeOf<
        | [mode: "values", payload: Values]
        | [
            mode: "messages",
            payload: [message: AIMessageChunk | BaseMessage, metadata: MessagesStreamMetadata],
          ]
      >();
      if (chunk[0] === "values") expect(typeof chunk[1].topic).toBe("string");
    }

    for await (const chunk of await graph.stream(
      { topic: "a" },
      { streamMode: "values", subgraphs: true },
    )) {
      expectTypeOf(chunk).toEqualTypeOf<[namespace: string[], payload: Values]>();
      expect(chunk[0]).toEqual([]);
    }
  });
});
