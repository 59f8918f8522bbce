import { describe, expect, it } from "vitest";
import { diamond, failingPair, linearChain } from "./graphs.ts";
import { collect, compareOnBoth, onThread } from "./harness.ts";
import type { CompatLib } from "./libs.ts";

/** A thread's history, newest first, as `getStateHistory` yields it. */
function history(graph: any, config = onThread()): Promise<any[]> {
  return collect(graph.getStateHistory(config));
}

/** The parts of a snapshot a time-travel UI shows, for readable anchors. */
function outline(snapshot: any) {
  return {
    source: snapshot.metadata?.source,
    step: snapshot.metadata?.step,
    next: snapshot.next,
    tasks: snapshot.tasks.map((task: { name: string }) => task.name),
    values: snapshot.values,
  };
}

/** Compiles `builder` with a fresh MemorySaver of `lib`, plus compile options. */
function withSaver(lib: CompatLib, builder: any, options: Record<string, unknown> = {}): any {
  return builder.compile({ checkpointer: lib.memorySaver(), ...options });
}

describe("persistence with MemorySaver behaves the same on both libraries", () => {
  it("getStateHistory: one snapshot per step with source, step, next, tasks and parents", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib));
      await graph.invoke({ log: ["in"] }, onThread());
      return await history(graph);
    });
    expect(weft).toEqual(peer);
    expect((peer as any[]).map(outline)).toEqual([
      {
        source: "loop",
        step: 3,
        next: [],
        tasks: [],
        values: { log: ["in", "a", "b", "c"], last: "c" },
      },
      {
        source: "loop",
        step: 2,
        next: ["c"],
        tasks: ["c"],
        values: { log: ["in", "a", "b"], last: "b" },
      },
      {
        source: "loop",
        step: 1,
        next: ["b"],
        tasks: ["b"],
        values: { log: ["in", "a"], last: "a" },
      },
      { source: "loop", step: 0, next: ["a"], tasks: ["a"], values: { log: ["in"] } },
      { source: "input", step: -1, next: ["__start__"], tasks: ["__start__"], values: { log: [] } },
    ]);
  });

  it("getState after a run is the newest history entry", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, diamond(lib));
      await graph.invoke({}, onThread());
      return await graph.getState(onThread());
    });
    expect(weft).toEqual(peer);
    expect(outline(peer)).toEqual({
      source: "loop",
      step: 3,
      next: [],
      tasks: [],
      values: { log: ["a", "b", "c", "d"], last: "d" },
    });
  });

  it("getState of a thread that never ran", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib));
      return graph.getState(onThread());
    });
    expect(weft).toEqual(peer);
  });

  it("a second invoke on the same thread continues from the saved state", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib));
      const first = await graph.invoke({ log: ["1"] }, onThread());
      const second = await graph.invoke({ log: ["2"] }, onThread());
      return { first, second, history: await history(graph) };
    });
    expect(weft).toEqual(peer);
    const { second, history: steps } = peer as { second: unknown; history: any[] };
    expect(second).toEqual({ log: ["1", "a", "b", "c", "2", "a", "b", "c"], last: "c" });
    expect(steps.map((s) => s.metadata.step)).toEqual([8, 7, 6, 5, 4, 3, 2, 1, 0, -1]);
  });

  it("updateState without asNode: written as the last node that ran, reducers apply", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib), { interruptAfter: ["a"] });
      await graph.invoke({}, onThread());
      const updated = await graph.updateState(onThread(), { log: ["edit"], last: "edited" });
      const state = await graph.getState(onThread());
      const resumed = await graph.invoke(null, onThread());
      return { updated, state: state, resumed };
    });
    expect(weft).toEqual(peer);
    const { state, resumed } = peer as { state: any; resumed: unknown };
    expect(outline(state)).toMatchObject({ source: "update", next: ["b"] });
    expect(resumed).toEqual({ log: ["a", "edit", "b", "c"], last: "c" });
  });

  it("updateState with asNode: the node's edges decide what runs next", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib), { interruptAfter: ["a"] });
      await graph.invoke({}, onThread());
      await graph.updateState(onThread(), { log: ["as-b"] }, "b");
      const state = await graph.getState(onThread());
      const resumed = await graph.invoke(null, onThread());
      return { state: state, resumed };
    });
    expect(weft).toEqual(peer);
    const { state, resumed } = peer as { state: any; resumed: unknown };
    expect(outline(state)).toMatchObject({ source: "update", next: ["c"], tasks: ["c"] });
    expect(resumed).toEqual({ log: ["a", "as-b", "c"], last: "c" });
  });

  it("updateState on a finished thread, without asNode", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib));
      await graph.invoke({}, onThread());
      await graph.updateState(onThread(), { last: "patched" });
      return await history(graph);
    });
    expect(weft).toEqual(peer);
    expect(outline((peer as any[])[0])).toMatchObject({
      source: "update",
      step: 4,
      next: [],
      values: { log: ["a", "b", "c"], last: "patched" },
    });
  });

  it("invoke(null, older checkpoint) replays from there and forks the thread", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib));
      await graph.invoke({ log: ["in"] }, onThread());
      const steps = await history(graph);
      const afterA = steps.find((s) => s.metadata.step === 1);
      const replayed = await graph.invoke(null, afterA.config);
      return { replayed, history: await history(graph) };
    });
    expect(weft).toEqual(peer);
    const { replayed, history: steps } = peer as { replayed: unknown; history: any[] };
    expect(replayed).toEqual({ log: ["in", "a", "b", "c"], last: "c" });
    expect(steps.map((s) => [s.metadata.source, s.metadata.step])).toEqual([
      ["loop", 4],
      ["loop", 3],
      ["fork", 2],
      ["loop", 3],
      ["loop", 2],
      ["loop", 1],
      ["loop", 0],
      ["input", -1],
    ]);
  });

  it("updateState on an older checkpoint forks from it", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib));
      await graph.invoke({}, onThread());
      const afterA = (await history(graph)).find((s) => s.metadata.step === 1);
      const forkConfig = await graph.updateState(afterA.config, { last: "forked" });
      const resumed = await graph.invoke(null, forkConfig);
      return { resumed, history: await history(graph) };
    });
    expect(weft).toEqual(peer);
    expect((peer as { resumed: unknown }).resumed).toEqual({ log: ["a", "b", "c"], last: "c" });
  });

  it("static interruptBefore pauses before the node; invoke(null) resumes", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib), { interruptBefore: ["b"] });
      const paused = await graph.invoke({}, onThread());
      const state = await graph.getState(onThread());
      const resumed = await graph.invoke(null, onThread());
      return { paused, state, resumed, history: await history(graph) };
    });
    expect(weft).toEqual(peer);
    const { paused, state, resumed } = peer as { paused: unknown; state: any; resumed: unknown };
    expect(paused).toEqual({ log: ["a"], last: "a", __interrupt__: [] });
    expect(state.next).toEqual(["b"]);
    expect(resumed).toEqual({ log: ["a", "b", "c"], last: "c" });
  });

  it("static interruptAfter pauses after the node; invoke(null) resumes", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib), { interruptAfter: ["b"] });
      const paused = await graph.invoke({}, onThread());
      const state = await graph.getState(onThread());
      const resumed = await graph.invoke(null, onThread());
      return { paused, state, resumed, history: await history(graph) };
    });
    expect(weft).toEqual(peer);
    const { paused, state, resumed } = peer as { paused: unknown; state: any; resumed: unknown };
    expect(paused).toEqual({ log: ["a", "b"], last: "b", __interrupt__: [] });
    expect(state.next).toEqual(["c"]);
    expect(resumed).toEqual({ log: ["a", "b", "c"], last: "c" });
  });

  it("a stream that hits a static interrupt ends with the same chunks", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib), { interruptBefore: ["b"] });
      const modes = onThread({ streamMode: ["updates", "values"] });
      const first = await collect(graph.stream({}, modes));
      const second = await collect(graph.stream(null, modes));
      return { first: first, second: second };
    });
    expect(weft).toEqual(peer);
  });

  it("breakpoints given per call pause the same way", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib));
      const paused = await graph.invoke({}, onThread({ interruptAfter: ["a"] }));
      const next = (await graph.getState(onThread())).next;
      const resumed = await graph.invoke(null, onThread({ interruptBefore: ["c"] }));
      const finished = await graph.invoke(null, onThread());
      return { paused, next, resumed, finished };
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      paused: { log: ["a"], last: "a", __interrupt__: [] },
      next: ["b"],
      resumed: { log: ["a", "b"], last: "b", __interrupt__: [] },
      finished: { log: ["a", "b", "c"], last: "c" },
    });
  });

  it("new input on a thread paused at a breakpoint starts a new run from START", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib), { interruptBefore: ["b"] });
      await graph.invoke({ log: ["1"] }, onThread());
      const second = await graph.invoke({ log: ["2"] }, onThread());
      const state = await graph.getState(onThread());
      return { second, next: state.next, history: await history(graph) };
    });
    expect(weft).toEqual(peer);
  });

  it("getStateHistory with limit, before and a metadata filter", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib));
      await graph.invoke({}, onThread());
      const all = await history(graph);
      const step = (snapshots: any[]) => snapshots.map((s) => s.metadata.step);
      return {
        limited: step(await collect(graph.getStateHistory(onThread(), { limit: 2 }))),
        before: step(await collect(graph.getStateHistory(onThread(), { before: all[1].config }))),
        inputs: step(
          await collect(graph.getStateHistory(onThread(), { filter: { source: "input" } })),
        ),
        stepTwo: step(await collect(graph.getStateHistory(onThread(), { filter: { step: 2 } }))),
      };
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ limited: [3, 2], before: [1, 0, -1], inputs: [-1], stepTwo: [2] });
  });

  it("getState of a specific checkpoint_id", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = withSaver(lib, linearChain(lib));
      await graph.invoke({}, onThread());
      const afterA = (await history(graph)).find((s) => s.metadata.step === 1);
      return await graph.getState(afterA.config);
    });
    expect(weft).toEqual(peer);
    expect(outline(peer)).toMatchObject({
      step: 1,
      next: ["b"],
      values: { log: ["a"], last: "a" },
    });
  });

  it.each(["sync", "async", "exit"])(
    "durability %s: same number of checkpoints",
    async (durability) => {
      const { weft, peer } = await compareOnBoth(async (lib) => {
        const graph = withSaver(lib, linearChain(lib));
        await graph.invoke({}, onThread({ durability }));
        const steps = await history(graph);
        return steps.map((s) => [s.metadata.source, s.metadata.step, s.next]);
      });
      expect(weft).toEqual(peer);
      const expected = durability === "exit" ? 1 : 5;
      expect(peer).toHaveLength(expected);
    },
  );

  it("a node failing in a parallel step: the error is saved on its task, resume re-runs only it", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const runs: Record<string, number> = {};
      const graph = withSaver(lib, failingPair(lib, { remaining: 1 }, runs));
      const failure = await graph.invoke({}, onThread()).then(
        () => "no error",
        (error: Error) => error.message,
      );
      const runsAtFailure = { ...runs };
      const state = await graph.getState(onThread());
      // Which tasks `next` lists after a failure is known difference 9; the peer also
      // records an AbortError on `ok`, which finished (a peer artefact), so only the
      // failed task's error is compared.
      const tasks = state.tasks.map((task: any) => [task.name, task.result !== undefined]);
      const flaky = state.tasks.find((task: any) => task.name === "flaky");
      const resumed = await graph.invoke(null, onThread());
      return { failure, runsAtFailure, tasks, error: errorText(flaky?.error), resumed, runs };
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      failure: "flaky failed",
      runsAtFailure: { ok: 1, flaky: 1 },
      tasks: [
        ["ok", true],
        ["flaky", false],
      ],
      error: "flaky failed",
      resumed: { log: ["flaky", "ok", "after"] },
      runs: { ok: 1, flaky: 2, after: 1 },
    });
  });

  it("a failed step with durability exit: finished writes are saved, resume re-runs the failed node", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const runs: Record<string, number> = {};
      const graph = withSaver(lib, failingPair(lib, { remaining: 1 }, runs));
      await graph.invoke({}, onThread({ durability: "exit" })).catch(() => undefined);
      const resumed = await graph.invoke(null, onThread({ durability: "exit" }));
      return { resumed, runs };
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      resumed: { log: ["flaky", "ok", "after"] },
      runs: { ok: 1, flaky: 2, after: 1 },
    });
  });
});

/** The message of a task error, whether the library kept an Error or plain data. */
function errorText(error: unknown): unknown {
  if (error instanceof Error) return error.message;
  return (error as { message?: unknown } | undefined)?.message ?? error;
}
