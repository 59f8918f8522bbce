import { describe, expect, it } from "vitest";
import { type FailurePoint, failurePoint } from "./failure-point.ts";
import { linearChain, logNode, logState, singleNode, trackedNode } from "./graphs.ts";
import { onBoth, onThread } from "./harness.ts";
import type { CompatLib } from "./libs.ts";

/** A program that counts node runs, so a test can see how far each library got. */
function counting(
  build: (lib: CompatLib, ran: string[]) => any,
  run: (graph: any) => Promise<unknown>,
): (lib: CompatLib) => Promise<FailurePoint & { ran: string[] }> {
  return async (lib) => {
    const ran: string[] = [];
    const point = await failurePoint(lib, { build: (l) => build(l, ran), run });
    return { ...point, ran };
  };
}

describe("both libraries fail at the same point with the equivalent error", () => {
  it("recursion limit: GraphRecursionError, code GRAPH_RECURSION_LIMIT, at run", async () => {
    const { weft, peer } = await onBoth((lib) =>
      failurePoint(lib, {
        build: (l) =>
          new l.StateGraph(logState(l))
            .addNode("a", logNode("a"))
            .addNode("b", logNode("b"))
            .addEdge(l.START, "a")
            .addEdge("a", "b")
            .addEdge("b", "a"),
        run: (graph) => graph.invoke({}, { recursionLimit: 5 }),
      }),
    );
    // How many steps run before the error is known difference 13.
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      phase: "run",
      code: "GRAPH_RECURSION_LIMIT",
      name: "GraphRecursionError",
    });
  });

  it("the recursion limit is the same: the shortest limit that lets a chain finish", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const outcomes: string[] = [];
      for (const recursionLimit of [3, 4]) {
        const run = linearChain(lib).compile().invoke({}, { recursionLimit });
        outcomes.push(await run.then(() => "finished", lib.errorCode));
      }
      return outcomes;
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual(["GRAPH_RECURSION_LIMIT", "finished"]);
  });

  it("two nodes writing one last-value key in a step: INVALID_CONCURRENT_GRAPH_UPDATE", async () => {
    const { weft, peer } = await onBoth(
      counting(
        (lib, ran) =>
          new lib.StateGraph(logState(lib))
            .addNode("a", trackedNode("a", ran, { last: "a" }))
            .addNode("b", trackedNode("b", ran, { last: "b" }))
            .addNode("c", trackedNode("c", ran))
            .addEdge(lib.START, "a")
            .addEdge(lib.START, "b")
            .addEdge("a", "c"),
        (graph) => graph.invoke({}),
      ),
    );
    // Which of a and b runs first is scheduling, not behaviour: compare the sets.
    weft.ran.sort();
    peer.ran.sort();
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      phase: "run",
      code: "INVALID_CONCURRENT_GRAPH_UPDATE",
      name: "InvalidUpdateError",
      ran: ["a", "b"],
    });
  });

  it.each([
    ["a string", "not an update"],
    ["an array", [1, 2]],
    ["a number", 42],
  ])("a node returning %s: INVALID_GRAPH_NODE_RETURN_VALUE", async (_label, value) => {
    const { weft, peer } = await onBoth(
      counting(
        (lib) =>
          new lib.StateGraph(logState(lib)).addNode("a", () => value).addEdge(lib.START, "a"),
        (graph) => graph.invoke({}),
      ),
    );
    expect(weft).toEqual(peer);
    expect(peer).toMatchObject({
      phase: "run",
      code: "INVALID_GRAPH_NODE_RETURN_VALUE",
      name: "InvalidUpdateError",
    });
  });

  it("a node throwing: the node's own error reaches the caller unchanged", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", () => {
          throw new RangeError("out of range");
        })
        .addEdge(lib.START, "a")
        .compile();
      return graph.invoke({}).catch((error: Error) => [error.constructor.name, error.message]);
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual(["RangeError", "out of range"]);
  });

  it.each([
    ["ending at", (lib: CompatLib) => singleNode(lib).addEdge("a", "nope")],
    ["starting at", (lib: CompatLib) => singleNode(lib).addEdge("nope", "a")],
  ])("an edge %s an unknown node: rejected by compile()", async (_label, build) => {
    const { weft, peer } = await onBoth((lib) =>
      failurePoint(lib, { build, run: (graph) => graph.invoke({}) }),
    );
    expect(weft.phase).toBe(peer.phase);
    expect(peer.phase).toBe("compile");
    // The peer throws a plain Error; Weft's code is INVALID_GRAPH.
    expect([weft.code, peer.code]).toEqual(["INVALID_GRAPH", "Error"]);
  });

  it("a graph with no edge from START: rejected by compile()", async () => {
    const { weft, peer } = await onBoth((lib) =>
      failurePoint(lib, {
        build: (l) => new l.StateGraph(logState(l)).addNode("a", logNode("a")),
        run: (graph) => graph.invoke({}),
      }),
    );
    expect(weft.phase).toBe(peer.phase);
    expect(peer.phase).toBe("compile");
    // The peer reports the node as unreachable; Weft's code is INVALID_GRAPH.
    expect([weft.code, peer.code]).toEqual(["INVALID_GRAPH", "UNREACHABLE_NODE"]);
  });

  it("a Send to an unknown node: fails at run", async () => {
    const { weft, peer } = await onBoth((lib) =>
      failurePoint(lib, {
        build: (l) =>
          new l.StateGraph(logState(l))
            .addNode("a", logNode("a"))
            .addConditionalEdges(l.START, () => [new l.Send("nope", {})]),
        run: (graph) => graph.invoke({}),
      }),
    );
    expect(weft.phase).toBe(peer.phase);
    expect(peer.phase).toBe("run");
    expect([weft.code, peer.code]).toEqual(["INVALID_GRAPH", "InvalidUpdateError"]);
  });

  it("interruptBefore naming an unknown node: rejected by compile()", async () => {
    const { weft, peer } = await onBoth((lib) =>
      failurePoint(lib, {
        build: singleNode,
        compile: (builder, l) =>
          builder.compile({ checkpointer: l.memorySaver(), interruptBefore: ["nope"] }),
        run: (graph) => graph.invoke({}, onThread()),
      }),
    );
    expect(weft.phase).toBe(peer.phase);
    expect(peer.phase).toBe("compile");
    expect([weft.code, peer.code]).toEqual(["INVALID_GRAPH", "Error"]);
  });

  it.each([
    ["a duplicate node name", (lib: CompatLib) => singleNode(lib).addNode("a", logNode("a"))],
    [
      "the reserved name __end__",
      (lib: CompatLib) => singleNode(lib).addNode(lib.END, logNode("x")),
    ],
    ["a ':' in a node name", (lib: CompatLib) => singleNode(lib).addNode("x:y", logNode("x"))],
  ])("%s: rejected by addNode", async (_label, build) => {
    const { weft, peer } = await onBoth((lib) =>
      failurePoint(lib, { build, run: (graph) => graph.invoke({}) }),
    );
    expect(weft.phase).toBe(peer.phase);
    expect(peer.phase).toBe("build");
    expect([weft.code, peer.code]).toEqual(["INVALID_GRAPH", "Error"]);
  });

  it("getState / updateState without a checkpointer: code MISSING_CHECKPOINTER", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = singleNode(lib).compile();
      return [
        await graph.getState(onThread()).catch(lib.errorCode),
        await graph.updateState(onThread(), { last: "x" }).catch(lib.errorCode),
      ];
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual(["MISSING_CHECKPOINTER", "MISSING_CHECKPOINTER"]);
  });

  it("invoke(null) with nothing to resume: fails at run", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = singleNode(lib).compile({ checkpointer: lib.memorySaver() });
      return graph.invoke(null, onThread()).then(
        () => "no error",
        (error: unknown) => lib.errorCode(error),
      );
    });
    // The peer's EmptyInputError has no lc_error_code; Weft's code is INVALID_INPUT.
    expect([weft, peer]).toEqual(["INVALID_INPUT", "EmptyInputError"]);
  });

  it("updateState as an unknown node: fails at run", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = singleNode(lib).compile({ checkpointer: lib.memorySaver() });
      await graph.invoke({}, onThread());
      return graph.updateState(onThread(), { last: "x" }, "nope").then(
        () => "no error",
        (error: unknown) => lib.errorCode(error),
      );
    });
    // The peer's InvalidUpdateError has no lc_error_code here; Weft's code is INVALID_INPUT.
    expect([weft, peer]).toEqual(["INVALID_INPUT", "InvalidUpdateError"]);
  });
});
