import { MemorySaver } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { END, START } from "./constants.ts";
import { StateGraph } from "./graph/state-graph.ts";
import { ReducedValue, StateSchema } from "./state/index.ts";
import type { StateSnapshot } from "./types.ts";

// The two-node graph of the Persistence section of the docs, and what it promises.
function buildDocsGraph() {
  const State = new StateSchema({
    foo: z.string(),
    bar: new ReducedValue(
      z.array(z.string()).default(() => []),
      {
        inputSchema: z.array(z.string()),
        reducer: (x: string[], y: string[]) => x.concat(y),
      },
    ),
  });
  const checkpointer = new MemorySaver();
  const graph = new StateGraph(State)
    .addNode("nodeA", () => ({ foo: "a", bar: ["a"] }))
    .addNode("nodeB", () => ({ foo: "b", bar: ["b"] }))
    .addEdge(START, "nodeA")
    .addEdge("nodeA", "nodeB")
    .addEdge("nodeB", END)
    .compile({ checkpointer });
  return { graph, checkpointer };
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("persistence (docs example)", () => {
  it("saves exactly the four documented checkpoints", async () => {
    const { graph } = buildDocsGraph();
    const config = { configurable: { thread_id: "1" } };
    const result = await graph.invoke({ foo: "", bar: [] }, config);
    expect(result).toEqual({ foo: "b", bar: ["a", "b"] });

    const history = await collect(graph.getStateHistory(config));
    expect(history).toHaveLength(4);
    const summary = history.map((s: StateSnapshot) => ({
      values: s.values,
      next: s.next,
      source: s.metadata?.source,
      step: s.metadata?.step,
    }));
    expect(summary).toEqual([
      { values: { foo: "b", bar: ["a", "b"] }, next: [], source: "loop", step: 2 },
      { values: { foo: "a", bar: ["a"] }, next: ["nodeB"], source: "loop", step: 1 },
      { values: { foo: "", bar: [] }, next: ["nodeA"], source: "loop", step: 0 },
      { values: { bar: [] }, next: ["__start__"], source: "input", step: -1 },
    ]);
    // each checkpoint points at the previous one; the first has no parent
    for (let i = 0; i < 3; i++) {
      expect(history[i]!.parentConfig?.configurable?.checkpoint_id).toBe(
        history[i + 1]!.config.configurable?.checkpoint_id,
      );
    }
    expect(history[3]!.parentConfig).toBeUndefined();
    // ids sort by time: newest first means descending order
    const ids = history.map((s) => s.config.configurable!.checkpoint_id!);
    expect([...ids].sort().reverse()).toEqual(ids);
    expect(history[1]!.tasks.map((t) => t.name)).toEqual(["nodeB"]);
  });

  it("getState returns the latest snapshot, or the one named by checkpoint_id", async () => {
    const { graph } = buildDocsGraph();
    const config = { configurable: { thread_id: "t" } };
    await graph.invoke({ foo: "", bar: [] }, config);
    const latest = await graph.getState(config);
    expect(latest.values).toEqual({ foo: "b", bar: ["a", "b"] });
    expect(latest.next).toEqual([]);
    expect(latest.config.configurable).toMatchObject({ thread_id: "t", checkpoint_ns: "" });
    expect(typeof latest.createdAt).toBe("string");

    const history = await collect(graph.getStateHistory(config));
    const atStep1 = await graph.getState(history[1]!.config);
    expect(atStep1.values).toEqual({ foo: "a", bar: ["a"] });
    expect(atStep1.next).toEqual(["nodeB"]);
  });

  it("getStateHistory honours filter, before and limit", async () => {
    const { graph } = buildDocsGraph();
    const config = { configurable: { thread_id: "h" } };
    await graph.invoke({ foo: "", bar: [] }, config);
    const inputs = await collect(graph.getStateHistory(config, { filter: { source: "input" } }));
    expect(inputs.map((s) => s.metadata?.step)).toEqual([-1]);
    const limited = await collect(graph.getStateHistory(config, { limit: 2 }));
    expect(limited.map((s) => s.metadata?.step)).toEqual([2, 1]);
    const before = await collect(graph.getStateHistory(config, { before: limited[1]!.config }));
    expect(before.map((s) => s.metadata?.step)).toEqual([0, -1]);
  });

  it("a second invoke on the same thread continues from its state", async () => {
    const { graph } = buildDocsGraph();
    const config = { configurable: { thread_id: "again" } };
    await graph.invoke({ foo: "", bar: [] }, config);
    const second = await graph.invoke({ foo: "x", bar: ["x"] }, config);
    expect(second).toEqual({ foo: "b", bar: ["a", "b", "x", "a", "b"] });
    const latest = await graph.getState(config);
    expect(latest.metadata?.step).toBe(6);
  });

  it("updateState applies reducers and writes a checkpoint with source update", async () => {
    const { graph } = buildDocsGraph();
    const config = { configurable: { thread_id: "u" } };
    await graph.invoke({ foo: "", bar: [] }, config);
    const updated = await graph.updateState(config, { foo: "z", bar: ["z"] });
    const state = await graph.getState(updated);
    expect(state.values).toEqual({ foo: "z", bar: ["a", "b", "z"] });
    expect(state.metadata?.source).toBe("update");
    expect(state.metadata?.step).toBe(3);
    // attributed to nodeB (the last node that ran), whose edge leads to END
    expect(state.next).toEqual([]);
  });

  it("updateState asNode decides what runs next", async () => {
    const { graph } = buildDocsGraph();
    const config = { configurable: { thread_id: "as" } };
    await graph.invoke({ foo: "", bar: [] }, config);
    const forked = await graph.updateState(config, { foo: "forked" }, "nodeA");
    const state = await graph.getState(forked);
    expect(state.next).toEqual(["nodeB"]);
    const result = await graph.invoke(null, forked);
    expect(result).toEqual({ foo: "b", bar: ["a", "b", "b"] });
  });

  it("replays from an older checkpoint: only the steps after it run again", async () => {
    const State = new StateSchema({
      log: new ReducedValue(
        z.array(z.string()).default(() => []),
        { reducer: (a: string[], b: string[]) => a.concat(b) },
      ),
    });
    const calls: string[] = [];
    const graph = new StateGraph(State)
      .addNode("a", () => {
        calls.push("a");
        return { log: ["a"] };
      })
      .addNode("b", () => {
        calls.push("b");
        return { log: ["b"] };
      })
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "replay" } };
    await graph.invoke({ log: [] }, config);
    const history = await collect(graph.getStateHistory(config));
    const beforeB = history.find((s) => s.next.includes("b"))!;
    calls.length = 0;
    const replayed = await graph.invoke(null, beforeB.config);
    expect(calls).toEqual(["b"]);
    expect(replayed).toEqual({ log: ["a", "b"] });
    // the replay forked: a "fork" copy of the replayed checkpoint, then the new steps
    const newHistory = await collect(graph.getStateHistory(config));
    const [head, fork] = newHistory;
    expect(fork!.metadata?.source).toBe("fork");
    expect(fork!.values).toEqual(beforeB.values);
    expect(fork!.next).toEqual(["b"]);
    expect(fork!.parentConfig?.configurable?.checkpoint_id).toBe(
      beforeB.config.configurable?.checkpoint_id,
    );
    expect(head!.parentConfig?.configurable?.checkpoint_id).toBe(
      fork!.config.configurable?.checkpoint_id,
    );
    expect(head!.metadata).toMatchObject({ source: "loop", step: fork!.metadata!.step + 1 });
    expect(newHistory).toHaveLength(history.length + 2);
  });

  it("requires a thread_id when a checkpointer is set", async () => {
    const { graph } = buildDocsGraph();
    await expect(graph.invoke({ foo: "", bar: [] })).rejects.toMatchObject({
      code: "INVALID_CONFIG",
    });
  });

  it("durability exit writes only the final checkpoint", async () => {
    const { graph } = buildDocsGraph();
    const config = { configurable: { thread_id: "exit" } };
    await graph.invoke({ foo: "", bar: [] }, { ...config, durability: "exit" });
    const history = await collect(graph.getStateHistory(config));
    expect(history).toHaveLength(1);
    expect(history[0]!.values).toEqual({ foo: "b", bar: ["a", "b"] });
  });

  it("durability sync and async give the same history", async () => {
    for (const durability of ["sync", "async"] as const) {
      const { graph } = buildDocsGraph();
      const config = { configurable: { thread_id: durability } };
      await graph.invoke({ foo: "", bar: [] }, { ...config, durability });
      const history = await collect(graph.getStateHistory(config));
      expect(history.map((s) => s.metadata?.step)).toEqual([2, 1, 0, -1]);
    }
  });
});

describe("pending writes", () => {
  const LogState = new StateSchema({
    log: new ReducedValue(
      z.array(z.string()).default(() => []),
      {
        reducer: (a: string[], b: string[]) => a.concat(b),
      },
    ),
  });

  /** Nodes "ok" and "flaky" (fails while `fail` is set); `runs` records which ran. */
  function parallelPair() {
    const probe = { fail: true, runs: [] as string[] };
    const nodes = {
      ok: () => {
        probe.runs.push("ok");
        return { log: ["ok"] };
      },
      flaky: () => {
        probe.runs.push("flaky");
        if (probe.fail) throw new Error("flaky failed");
        return { log: ["flaky"] };
      },
    };
    return { probe, nodes };
  }

  it("after a failed step, resuming re-runs only the task that failed", async () => {
    const { probe, nodes } = parallelPair();
    const saver = new MemorySaver();
    const graph = new StateGraph(LogState)
      .addNode(nodes)
      .addEdge(START, "ok")
      .addEdge(START, "flaky")
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "pw" } };
    await expect(graph.invoke({ log: [] }, config)).rejects.toThrow("flaky failed");
    const failed = await graph.getState(config);
    // "ok" finished (its writes are saved and show in the values); only "flaky" is next
    expect(failed.next).toEqual(["flaky"]);
    expect(failed.values.log).toEqual(["ok"]);
    const flakyTask = failed.tasks.find((t) => t.name === "flaky")!;
    expect(flakyTask.error).toMatchObject({ message: "flaky failed" });
    expect(failed.tasks.find((t) => t.name === "ok")!.result).toEqual({ log: ["ok"] });

    probe.fail = false;
    probe.runs.length = 0;
    const result = await graph.invoke(null, config);
    expect(probe.runs).toEqual(["flaky"]);
    expect(result.log.sort()).toEqual(["flaky", "ok"]);
  });

  it("with durability exit, a failed run still saves its last checkpoint and the finished tasks' writes", async () => {
    const { probe, nodes } = parallelPair();
    const graph = new StateGraph(LogState)
      .addNode("first", () => ({ log: ["first"] }))
      .addNode(nodes)
      .addEdge(START, "first")
      .addEdge("first", "ok")
      .addEdge("first", "flaky")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "exit-fail" } };
    await expect(graph.invoke({ log: [] }, { ...config, durability: "exit" })).rejects.toThrow(
      "flaky failed",
    );
    const history = [];
    for await (const s of graph.getStateHistory(config)) history.push(s);
    expect(history).toHaveLength(1);
    expect(history[0]!.values).toEqual({ log: ["first"] });
    probe.fail = false;
    probe.runs.length = 0;
    const result = await graph.invoke(null, config);
    expect(probe.runs).toEqual(["flaky"]);
    expect(result.log).toEqual(["first", "flaky", "ok"]);
  });
});
