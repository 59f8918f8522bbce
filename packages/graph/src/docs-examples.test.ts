import { describe, expect, expectTypeOf, it } from "vitest";
import * as z from "zod";
import {
  Annotation,
  Command,
  END,
  type GraphNode,
  MemorySaver,
  MessagesValue,
  ReducedValue,
  Send,
  START,
  StateGraph,
  StateSchema,
} from "./index.ts";

// Snippets in the shape the LangGraph.js docs write them, imported from "@weft/graph"
// instead: they must compile with full types and run.
describe("docs-style programs", () => {
  it("GraphNode typed outside the builder", async () => {
    const State = new StateSchema({ url: z.string(), result: z.string().optional() });
    const callApi: GraphNode<typeof State> = async (state) => {
      expectTypeOf(state.url).toEqualTypeOf<string>();
      return { result: `fetched ${state.url}` };
    };
    const graph = new StateGraph(State)
      .addNode("callApi", callApi)
      .addEdge(START, "callApi")
      .addEdge("callApi", END)
      .compile({ checkpointer: new MemorySaver() });
    const result = await graph.invoke(
      { url: "https://example.com" },
      { configurable: { thread_id: "1" } },
    );
    expectTypeOf(result.result).toEqualTypeOf<string | undefined>();
    expect(result.result).toBe("fetched https://example.com");
  });

  it("Command routing with ends", async () => {
    const State = new StateSchema({ status: z.string().default("pending") });
    const graph = new StateGraph(State)
      .addNode("approval", () => new Command({ goto: "proceed" }), { ends: ["proceed", "cancel"] })
      .addNode("proceed", () => ({ status: "approved" }))
      .addNode("cancel", () => ({ status: "rejected" }))
      .addEdge(START, "approval")
      .addEdge("proceed", END)
      .addEdge("cancel", END)
      .compile();
    expect(await graph.invoke({})).toEqual({ status: "approved" });
  });

  it("map-reduce with Send and a reducer", async () => {
    const State = new StateSchema({
      subjects: z.array(z.string()),
      jokes: new ReducedValue(
        z.array(z.string()).default(() => []),
        { reducer: (a, b) => a.concat(b) },
      ),
    });
    const graph = new StateGraph(State)
      .addNode("generateJoke", (state: { subject: string }) => ({
        jokes: [`${state.subject} joke`],
      }))
      .addConditionalEdges(START, (state) =>
        state.subjects.map((subject) => new Send("generateJoke", { subject })),
      )
      .addEdge("generateJoke", END)
      .compile();
    expect((await graph.invoke({ subjects: ["cats", "dogs"] })).jokes).toEqual([
      "cats joke",
      "dogs joke",
    ]);
  });

  it("messages state with a typed node", async () => {
    const State = new StateSchema({ messages: MessagesValue });
    const reply: GraphNode<typeof State> = (state) => ({
      messages: [{ role: "assistant", content: `you said ${state.messages.at(-1)?.content}` }],
    });
    const graph = new StateGraph(State).addNode("reply", reply).addEdge(START, "reply").compile();
    const result = await graph.invoke({ messages: [{ role: "user", content: "hi" }] });
    expect(result.messages.map((m) => m.content)).toEqual(["hi", "you said hi"]);
  });

  it("Annotation state with typeof State.State", async () => {
    const StateAnnotation = Annotation.Root({
      count: Annotation<number>({ reducer: (a, b) => a + b, default: () => 0 }),
    });
    const add = (state: typeof StateAnnotation.State) => ({ count: state.count + 1 });
    const graph = new StateGraph(StateAnnotation)
      .addNode("add", add)
      .addEdge(START, "add")
      .compile();
    expect(await graph.invoke({ count: 1 })).toEqual({ count: 3 });
  });
});
