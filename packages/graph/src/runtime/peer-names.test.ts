import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  type ConditionalEdgeRouter,
  END,
  entrypoint,
  getCurrentTaskInput,
  interrupt,
  isInterrupted,
  MemorySaver,
  START,
  StateGraph,
  StateSchema,
  task,
} from "../index.ts";

const State = new StateSchema({ n: z.number(), seen: z.number().optional() });

describe("names LangGraph.js programs import", () => {
  it("getCurrentTaskInput gives a helper the node's input, and a task its arguments", async () => {
    const helper = () => getCurrentTaskInput<{ n: number }>().n;
    const double = task("double", (x: number) => getCurrentTaskInput<number[]>()[0]! * x);
    const graph = new StateGraph(State)
      .addNode("read", async () => ({ seen: helper() + (await double(2)) }))
      .addEdge(START, "read")
      .compile();
    expect(await graph.invoke({ n: 5 })).toEqual({ n: 5, seen: 9 });
    expect(() => getCurrentTaskInput()).toThrow(/outside a running graph node/);
  });

  it("isInterrupted recognizes a paused result", async () => {
    const workflow = entrypoint({ name: "ask", checkpointer: new MemorySaver() }, async () =>
      interrupt("ok?"),
    );
    const result = await workflow.invoke({}, { configurable: { thread_id: "i" } });
    expect(isInterrupted(result)).toBe(true);
    if (isInterrupted<string>(result)) expect(result.__interrupt__[0]!.value).toBe("ok?");
    expect(isInterrupted({ n: 1 })).toBe(false);
  });

  it("ConditionalEdgeRouter types a routing function", async () => {
    const route: ConditionalEdgeRouter<typeof State, Record<string, unknown>, "big" | "small"> = (
      state,
    ) => (state.n > 10 ? "big" : "small");
    const graph = new StateGraph(State)
      .addNode("big", () => ({ seen: 1 }))
      .addNode("small", () => ({ seen: 0 }))
      .addConditionalEdges(START, route, ["big", "small"])
      .addEdge("big", END)
      .addEdge("small", END)
      .compile();
    expect((await graph.invoke({ n: 20 })).seen).toBe(1);
  });
});
