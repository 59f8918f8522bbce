import { describe, expect, it } from "vitest";
import { appendLog, diamond, linearChain, logNode, logState } from "./graphs.ts";
import { compareOnBoth } from "./harness.ts";
import type { CompatLib } from "./libs.ts";

/** START → a → (b → b2 ‖ c) → d: the branches reach `d` in different steps. */
function unevenBranches(lib: CompatLib, waiting: boolean): any {
  const builder = new lib.StateGraph(logState(lib))
    .addNode("a", logNode("a"))
    .addNode("b", () => ({ log: ["b"] }))
    .addNode("b2", () => ({ log: ["b2"] }))
    .addNode("c", () => ({ log: ["c"] }))
    .addNode("d", logNode("d"))
    .addEdge(lib.START, "a")
    .addEdge("a", "b")
    .addEdge("a", "c")
    .addEdge("b", "b2")
    .addEdge("d", lib.END);
  if (waiting) return builder.addEdge(["b2", "c"], "d");
  return builder.addEdge("b2", "d").addEdge("c", "d");
}

/** START → route?, where the router reads `last` from the input. */
function routed(lib: CompatLib, withPathMap: boolean): any {
  const builder = new lib.StateGraph(logState(lib))
    .addNode("start", () => ({ log: ["start"] }))
    .addNode("left", logNode("left"))
    .addNode("right", logNode("right"))
    .addEdge(lib.START, "start")
    .addEdge("left", lib.END)
    .addEdge("right", lib.END);
  if (withPathMap) {
    const router = (s: { last: string }) => s.last;
    return builder.addConditionalEdges("start", router, {
      go_left: "left",
      go_right: "right",
      stop: lib.END,
    });
  }
  const router = (s: { last: string }) => (s.last === "stop" ? lib.END : s.last);
  return builder.addConditionalEdges("start", router);
}

describe("invoke gives the same result on both libraries", () => {
  it("linear chain: each node runs once, in order", async () => {
    const { weft, peer } = await compareOnBoth((lib) => linearChain(lib).compile().invoke({}));
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ log: ["a", "b", "c"], last: "c" });
  });

  it("fan-out / fan-in: parallel branches merge through the reducer, the join runs once", async () => {
    const { weft, peer } = await compareOnBoth((lib) => diamond(lib).compile().invoke({}));
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ log: ["a", "b", "c", "d"], last: "d" });
  });

  it("fan-in over plain edges runs the target once per step a branch arrives", async () => {
    const { weft, peer } = await compareOnBoth((lib) =>
      unevenBranches(lib, false).compile().invoke({}),
    );
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ log: ["a", "b", "c", "b2", "d", "d"], last: "d" });
  });

  it('a multi-source edge addEdge(["b2", "c"], "d") waits for both sources', async () => {
    const { weft, peer } = await compareOnBoth((lib) =>
      unevenBranches(lib, true).compile().invoke({}),
    );
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ log: ["a", "b", "c", "b2", "d"], last: "d" });
  });

  it.each([
    { pathMap: false, inputs: ["left", "right", "stop"], how: "by node name" },
    { pathMap: true, inputs: ["go_left", "go_right", "stop"], how: "by path-map key" },
  ])("conditional edges route $how, END included", async ({ pathMap, inputs }) => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = routed(lib, pathMap).compile();
      const results = [];
      for (const last of inputs) results.push(await graph.invoke({ last }));
      return results;
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual([
      { log: ["start", "left"], last: "left" },
      { log: ["start", "right"], last: "right" },
      { log: ["start"], last: "stop" },
    ]);
  });

  it("a router returning several nodes runs them in parallel", async () => {
    const { weft, peer } = await compareOnBoth((lib) => {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("x", () => ({ log: ["x"] }))
        .addNode("y", () => ({ log: ["y"] }))
        .addConditionalEdges(lib.START, () => ["x", "y"])
        .addEdge("x", lib.END)
        .addEdge("y", lib.END)
        .compile();
      return graph.invoke({});
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ log: ["x", "y"] });
  });

  it("Send map-reduce: one worker task per Send, results reduced in Send order", async () => {
    const { weft, peer } = await compareOnBoth((lib) => {
      const State = lib.Annotation.Root({
        topics: lib.Annotation(),
        results: lib.Annotation({ reducer: appendLog, default: () => [] }),
      });
      const graph = new lib.StateGraph(State)
        .addNode("worker", (s: { topic: string }) => ({ results: [s.topic.toUpperCase()] }))
        .addNode("summary", (s: { results: string[] }) => ({ results: [s.results.join("+")] }))
        .addConditionalEdges(lib.START, (s: { topics: string[] }) =>
          s.topics.map((topic) => new lib.Send("worker", { topic })),
        )
        .addEdge("worker", "summary")
        .addEdge("summary", lib.END)
        .compile();
      return graph.invoke({ topics: ["x", "y", "z"] });
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ topics: ["x", "y", "z"], results: ["X", "Y", "Z", "X+Y+Z"] });
  });

  it("Command({ update, goto }) with ends routes from inside the node", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = new lib.StateGraph(logState(lib))
        .addNode(
          "decide",
          (s: { last: string }) =>
            new lib.Command({
              update: { log: ["decide"] },
              goto: s.last === "both" ? ["b", "c"] : s.last,
            }),
          { ends: ["b", "c"] },
        )
        .addNode("b", () => ({ log: ["b"] }))
        .addNode("c", () => ({ log: ["c"] }))
        .addEdge(lib.START, "decide")
        .compile();
      return [
        await graph.invoke({ last: "b" }),
        await graph.invoke({ last: "c" }),
        await graph.invoke({ last: "both" }),
      ];
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual([
      { log: ["decide", "b"], last: "b" },
      { log: ["decide", "c"], last: "c" },
      { log: ["decide", "b", "c"], last: "both" },
    ]);
  });

  it("Command goto can carry a Send", async () => {
    const { weft, peer } = await compareOnBoth((lib) => {
      const graph = new lib.StateGraph(logState(lib))
        .addNode(
          "decide",
          () => new lib.Command({ goto: new lib.Send("echo", { last: "sent" }) }),
          {
            ends: ["echo"],
          },
        )
        .addNode("echo", (s: { last: string }) => ({ log: [`echo:${s.last}`] }))
        .addEdge(lib.START, "decide")
        .compile();
      return graph.invoke({ last: "input" });
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ log: ["echo:sent"], last: "input" });
  });

  it("a deferred node waits until every branch has finished", async () => {
    const { weft, peer } = await compareOnBoth((lib) => {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", () => ({ log: ["a"] }))
        .addNode("b", () => ({ log: ["b"] }))
        .addNode("b2", () => ({ log: ["b2"] }))
        .addNode("b3", () => ({ log: ["b3"] }))
        .addNode("join", logNode("join"), { defer: true })
        .addEdge(lib.START, "a")
        .addEdge(lib.START, "b")
        .addEdge("b", "b2")
        .addEdge("b2", "b3")
        .addEdge("a", "join")
        .addEdge("b3", "join")
        .addEdge("join", lib.END)
        .compile();
      return graph.invoke({});
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ log: ["a", "b", "b2", "b3", "join"], last: "join" });
  });

  it("a node returning nothing (undefined or {}) leaves the state unchanged", async () => {
    const { weft, peer } = await compareOnBoth((lib) => {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("silent", () => undefined)
        .addNode("empty", () => ({}))
        .addNode("tail", () => ({ log: ["tail"] }))
        .addEdge(lib.START, "silent")
        .addEdge("silent", "empty")
        .addEdge("empty", "tail")
        .addEdge("tail", lib.END)
        .compile();
      return graph.invoke({ last: "input" });
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ log: ["tail"], last: "input" });
  });

  it("{ state, input, output }: keys outside the output schema stay internal", async () => {
    const { weft, peer } = await compareOnBoth((lib) => {
      const Input = lib.Annotation.Root({ question: lib.Annotation() });
      const Output = lib.Annotation.Root({ answer: lib.Annotation() });
      const State = lib.Annotation.Root({
        question: lib.Annotation(),
        answer: lib.Annotation(),
        notes: lib.Annotation(),
      });
      const graph = new lib.StateGraph({ state: State, input: Input, output: Output })
        .addNode("think", (s: { question: string }) => ({ notes: `thought about ${s.question}` }))
        .addNode("respond", (s: { notes: string }) => ({ answer: s.notes }))
        .addEdge(lib.START, "think")
        .addEdge("think", "respond")
        .compile();
      return graph.invoke({ question: "hi" });
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ answer: "thought about hi" });
  });

  it("a node with a private input schema reads a key outside the graph state", async () => {
    const { weft, peer } = await compareOnBoth((lib) => {
      const State = lib.Annotation.Root({ question: lib.Annotation(), answer: lib.Annotation() });
      const Private = lib.Annotation.Root({ scratch: lib.Annotation() });
      const graph = new lib.StateGraph(State)
        .addNode("write", (s: { question: string }) => ({ scratch: `${s.question}!` }))
        .addNode("read", (s: { scratch: string }) => ({ answer: `${s.scratch}?` }), {
          input: Private,
        })
        .addEdge(lib.START, "write")
        .addEdge("write", "read")
        .addEdge("read", lib.END)
        .compile();
      return graph.invoke({ question: "hi" });
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ question: "hi", answer: "hi!?" });
  });

  it("a node's input schema narrows what the node sees", async () => {
    const { weft, peer } = await compareOnBoth((lib) => {
      const State = lib.Annotation.Root({
        a: lib.Annotation(),
        b: lib.Annotation(),
        seen: lib.Annotation(),
      });
      const Narrow = lib.Annotation.Root({ a: lib.Annotation() });
      const graph = new lib.StateGraph(State)
        .addNode("look", (s: Record<string, unknown>) => ({ seen: Object.keys(s).sort() }), {
          input: Narrow,
        })
        .addEdge(lib.START, "look")
        .compile();
      return graph.invoke({ a: 1, b: 2 });
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ a: 1, b: 2, seen: ["a"] });
  });
});
