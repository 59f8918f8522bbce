import { describe, expect, it } from "vitest";
import { isTaskResult, isTaskStart, payloadOf } from "./chunks.ts";
import { diamond, failingPair, linearChain, logNode, logState, trackedNode } from "./graphs.ts";
import { collect, compareOnBoth, onBoth, onThread } from "./harness.ts";
import type { CompatLib } from "./libs.ts";
import { withoutTracingFields } from "./normalize.ts";

// Each case pins a behaviour where Weft once differed from the peer (found by this suite
// and fixed), with the peer's behaviour as the expectation, so it cannot drift back.

/** Streams `graph` with `streamMode` and returns each chunk's payload (tracing fields removed). */
async function payloads(graph: any, input: unknown, options: Record<string, unknown>) {
  const chunks = await collect(graph.stream(input, options));
  return (withoutTracingFields(chunks) as unknown[]).map(payloadOf);
}

describe("parity fixes (Weft once differed from the peer)", () => {
  it("1: the hidden __start__ task has no events in the tasks stream", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const events = await payloads(diamond(lib).compile(), {}, { streamMode: "tasks" });
      return events.filter(isTaskStart).map((event) => event.name);
    });
    expect(peer).toEqual(["a", "b", "c", "d"]);
    expect(weft).toEqual(peer);
  });

  it("2: task start events carry interrupts: []", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const events = await payloads(linearChain(lib).compile(), {}, { streamMode: "tasks" });
      return events.filter(isTaskStart).map((event) => [event.name, event.interrupts]);
    });
    expect(peer).toEqual([
      ["a", []],
      ["b", []],
      ["c", []],
    ]);
    expect(weft.filter(([name]) => name !== "__start__")).toEqual(peer);
  });

  it("3: task results are { channel: value } objects with error: null", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const events = await payloads(linearChain(lib).compile(), {}, { streamMode: "tasks" });
      return events
        .filter((event) => isTaskResult(event) && event.name === "a")
        .map((event) => ({ result: (event as any).result, error: (event as any).error }));
    });
    expect(peer).toEqual([{ result: { log: ["a"], last: "a" }, error: null }]);
    expect(weft).toEqual(peer);
  });

  it("4: snapshot tasks carry their path, named as the peer names it", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = linearChain(lib).compile({ checkpointer: lib.memorySaver() });
      const options = onThread({ interruptBefore: ["b"], streamMode: "checkpoints" });
      const streamed = await collect(graph.stream({}, options));
      const state = await graph.getState(onThread());
      const paths = (snapshot: any) => snapshot.tasks.map((task: { path?: unknown }) => task.path);
      return { streamed: paths(streamed.at(-1)), state: paths(state) };
    });
    expect(peer).toEqual({ streamed: [["__pregel_pull", "b"]], state: [["__pregel_pull", "b"]] });
    expect(weft).toEqual(peer);
  });

  it("5: without a checkpointer, checkpoints and debug streams have no checkpoint events", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = linearChain(lib).compile();
      const checkpoints = await collect(graph.stream({}, { streamMode: "checkpoints" }));
      const debug = await collect(graph.stream({}, { streamMode: "debug" }));
      return {
        checkpoints: checkpoints.length,
        debugCheckpoints: debug.filter((event: any) => event.type === "checkpoint").length,
      };
    });
    expect(peer).toEqual({ checkpoints: 0, debugCheckpoints: 0 });
    expect(weft).toEqual(peer);
  });

  it("6: a Send task is triggered by __pregel_push", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("worker", logNode("worker"))
        .addConditionalEdges(lib.START, () => [new lib.Send("worker", {})])
        .compile();
      const events = await payloads(graph, {}, { streamMode: "tasks" });
      return events.filter(isTaskStart).flatMap((event) => event.triggers as string[]);
    });
    expect(peer).toEqual(["__pregel_push"]);
    expect(weft.filter((trigger) => trigger !== "__start__")).toEqual(peer);
  });

  it("7: snapshot metadata names the thread_id", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = linearChain(lib).compile({ checkpointer: lib.memorySaver() });
      await graph.invoke({}, onThread());
      const snapshots = await collect(graph.getStateHistory(onThread()));
      return [
        (await graph.getState(onThread())).metadata,
        ...snapshots.map((s: any) => s.metadata),
      ].map((metadata) => metadata.thread_id);
    });
    expect(peer).toEqual(Array(6).fill("compat-thread"));
    expect(weft).toEqual(peer);
  });

  it("8: a finished task that wrote no state key has no result in the snapshot", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = linearChain(lib).compile({ checkpointer: lib.memorySaver() });
      await graph.invoke({}, onThread());
      const snapshots = await collect(graph.getStateHistory(onThread()));
      const input: any = snapshots.find((s: any) => s.metadata.source === "input");
      return input.tasks.map((task: any) => [task.name, task.result]);
    });
    expect(peer).toEqual([["__start__", undefined]]);
    expect(weft).toEqual(peer);
  });

  it("9: after a failed parallel step, next lists only the tasks still to run", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = failingPair(lib, { remaining: 1 }, {}).compile({
        checkpointer: lib.memorySaver(),
      });
      await graph.invoke({}, onThread()).catch(() => undefined);
      return (await graph.getState(onThread())).next;
    });
    expect(peer).toEqual(["flaky"]);
    expect(weft).toEqual(peer);
  });

  it("10: a run paused by a static breakpoint reports __interrupt__: []", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const compile = () =>
        linearChain(lib).compile({ checkpointer: lib.memorySaver(), interruptBefore: ["b"] });
      const result = await compile().invoke({}, onThread());
      const modes = onThread({ streamMode: ["updates", "values"] });
      const chunks = await collect(compile().stream({}, modes));
      return { result, lastChunks: chunks.slice(-2) };
    });
    expect(peer).toEqual({
      result: { log: ["a"], last: "a", __interrupt__: [] },
      lastChunks: [
        ["updates", { __interrupt__: [] }],
        ["values", { __interrupt__: [] }],
      ],
    });
    expect(weft).toEqual(peer);
  });

  it("11: new StateGraph({ input, output }) without a state: input keys in, output out", async () => {
    const { weft, peer } = await compareOnBoth((lib) => {
      const Input = lib.Annotation.Root({ question: lib.Annotation() });
      const Output = lib.Annotation.Root({ answer: lib.Annotation() });
      const graph = new lib.StateGraph({ input: Input, output: Output })
        .addNode("respond", (s: { question: string }) => ({ answer: `re: ${s.question}` }))
        .addEdge(lib.START, "respond")
        .compile();
      return graph.invoke({ question: "hi" });
    });
    expect(peer).toEqual({ answer: "re: hi" });
    expect(weft).toEqual(peer);
  });

  it("12: updateState on an empty thread without asNode writes as START, at step 0", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      // One node: Weft then picks that node as the writer; the peer still writes as START.
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", logNode("a"))
        .addEdge(lib.START, "a")
        .compile({ checkpointer: lib.memorySaver() });
      await graph.updateState(onThread(), { log: ["seeded"] });
      const state = await graph.getState(onThread());
      const resumed = await graph.invoke(null, onThread());
      return { next: state.next, step: state.metadata.step, resumed };
    });
    expect(peer).toEqual({ next: ["a"], step: 0, resumed: { log: ["seeded", "a"], last: "a" } });
    expect(weft).toEqual(peer);
  });

  it("13: recursion limit: the peer runs the step at the limit before raising", async () => {
    const { weft, peer } = await onBoth(async (lib: CompatLib) => {
      const ran: string[] = [];
      const graph = new lib.StateGraph(logState(lib))
        .addNode("a", trackedNode("a", ran))
        .addNode("b", trackedNode("b", ran))
        .addEdge(lib.START, "a")
        .addEdge("a", "b")
        .addEdge("b", "a")
        .compile({ checkpointer: lib.memorySaver() });
      const code = await graph.invoke({}, onThread({ recursionLimit: 4 })).catch(lib.errorCode);
      const saved = await graph.getState(onThread());
      return { code, ran, savedStep: saved.metadata.step, savedLog: saved.values.log };
    });
    expect(peer).toEqual({
      code: "GRAPH_RECURSION_LIMIT",
      ran: ["a", "b", "a", "b"],
      savedStep: 4,
      savedLog: ["a", "b", "a", "b"],
    });
    expect(weft).toEqual(peer);
  });
});
