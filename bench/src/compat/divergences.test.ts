import { describe, expect, it } from "vitest";
import { failurePoint } from "./failure-point.ts";
import { logNode, logState, singleNode } from "./graphs.ts";
import { onBoth, onThread } from "./harness.ts";

// Reported differences where it is not clear that Weft should change: Weft is stricter or
// keeps more, or the peer's behaviour looks like a bug. Each case pins what each library
// does today, so a change on either side is noticed; the report lists them for a decision.

describe("divergences to decide on (each library's behaviour pinned)", () => {
  it("no thread_id with a checkpointer: Weft fails before any node, the peer after the first", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const ran: string[] = [];
      const point = await failurePoint(lib, {
        build: (l) => singleNode(l, ran),
        compile: (builder, l) => builder.compile({ checkpointer: l.memorySaver() }),
        run: (graph) => graph.invoke({}),
      });
      return { ...point, ran };
    });
    expect(weft).toEqual({
      phase: "run",
      code: "INVALID_CONFIG",
      name: "GraphInputError",
      ran: [],
    });
    // The peer's saver rejects the first checkpoint in the background; a has run by then.
    expect(peer).toEqual({ phase: "run", code: "Error", name: "Error", ran: ["a"] });
  });

  it("a router or Command.goto naming an unknown node: Weft throws, the peer drops the route", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const router = new lib.StateGraph(logState(lib))
        .addNode("a", logNode("a"))
        .addConditionalEdges(lib.START, () => "nope");
      const command = new lib.StateGraph(logState(lib))
        .addNode("a", () => new lib.Command({ update: { log: ["a"] }, goto: "nope" }))
        .addEdge(lib.START, "a");
      const run = (graph: any) => graph.invoke({ log: ["in"] });
      return [
        await failurePoint(lib, { build: () => router, run }),
        await failurePoint(lib, { build: () => command, run }),
      ].map((point) => [point.phase, point.code]);
    });
    expect(weft).toEqual([
      ["run", "INVALID_GRAPH"],
      ["run", "INVALID_GRAPH"],
    ]);
    expect(peer).toEqual([
      ["none", undefined],
      ["none", undefined],
    ]);
  });

  it("a node named like a state key: the peer rejects it in addNode, Weft accepts it", async () => {
    const { weft, peer } = await onBoth((lib) =>
      failurePoint(lib, {
        build: (l) =>
          new l.StateGraph(logState(l)).addNode("last", logNode("x")).addEdge(l.START, "last"),
        run: (graph) => graph.invoke({}),
      }),
    );
    expect(weft).toEqual({ phase: "none", code: undefined, name: undefined });
    expect(peer).toEqual({ phase: "build", code: "Error", name: "Error" });
  });

  it("an unknown streamMode: Weft rejects it (INVALID_CONFIG), the peer streams nothing", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = singleNode(lib).compile();
      const chunks: unknown[] = [];
      try {
        for await (const chunk of await graph.stream({}, { streamMode: "nope" }))
          chunks.push(chunk);
        return { chunks: chunks.length };
      } catch (error) {
        return { code: lib.errorCode(error) };
      }
    });
    expect(weft).toEqual({ code: "INVALID_CONFIG" });
    expect(peer).toEqual({ chunks: 0 });
  });

  it("a multi-source edge from an unknown node: the peer rejects it in addEdge, Weft in compile()", async () => {
    const { weft, peer } = await onBoth((lib) =>
      failurePoint(lib, {
        build: (l) => singleNode(l).addEdge(["a", "nope"], l.END),
        run: (graph) => graph.invoke({}),
      }),
    );
    expect(weft).toMatchObject({ phase: "compile", code: "INVALID_GRAPH" });
    expect(peer).toMatchObject({ phase: "build", code: "Error" });
  });

  it("a run that writes no state key: Weft returns the defaults, the peer undefined", async () => {
    const { weft, peer } = await onBoth((lib) =>
      new lib.StateGraph(logState(lib))
        .addNode("a", () => ({}))
        .addEdge(lib.START, "a")
        .compile()
        .invoke({}),
    );
    expect(weft).toEqual({ log: [] });
    expect(peer).toBeUndefined();
  });

  it("run metadata: Weft copies config.metadata into checkpoint metadata, the peer does not", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = singleNode(lib).compile({ checkpointer: lib.memorySaver() });
      await graph.invoke({}, onThread({ metadata: { user: "u1" } }));
      const state = await graph.getState(onThread());
      const matching: number[] = [];
      for await (const s of graph.getStateHistory(onThread(), { filter: { user: "u1" } })) {
        matching.push(s.metadata.step);
      }
      return { user: state.metadata.user, matching };
    });
    expect(weft).toEqual({ user: "u1", matching: [1, 0, -1] });
    expect(peer).toEqual({ user: undefined, matching: [] });
  });

  it("peer bug: a waiting edge loses a finished source's write when its sibling fails", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      let failures = 1;
      const graph = new lib.StateGraph(logState(lib))
        .addNode("ok", () => ({ log: ["ok"] }))
        .addNode("flaky", () => {
          if (failures-- > 0) throw new Error("flaky failed");
          return { log: ["flaky"] };
        })
        .addNode("join", logNode("join"))
        .addEdge(lib.START, "ok")
        .addEdge(lib.START, "flaky")
        .addEdge(["ok", "flaky"], "join")
        .compile({ checkpointer: lib.memorySaver() });
      await graph.invoke({}, onThread()).catch(() => undefined);
      return graph.invoke(null, onThread());
    });
    expect(weft).toEqual({ log: ["flaky", "ok", "join"], last: "join" });
    // The peer aborts `ok` after it returned, saves its state write but not its barrier
    // write, so `join` never runs.
    expect(peer).toEqual({ log: ["flaky", "ok"] });
  });
});
