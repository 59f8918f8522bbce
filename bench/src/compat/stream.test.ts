import { describe, expect, it } from "vitest";
import { payloadOf } from "./chunks.ts";
import { diamond, logState } from "./graphs.ts";
import { collect, compareOnBoth, onThread } from "./harness.ts";
import type { CompatLib } from "./libs.ts";
import { withoutTracingFields } from "./normalize.ts";

/**
 * START → a → (b ‖ c) → d → END, where `a` and `c` also emit custom events through
 * `config.writer`: every stream mode has something to say about it.
 */
function streamingGraph(lib: CompatLib): any {
  type Writer = { writer?: (chunk: unknown) => void };
  return diamond(lib, {
    a: (_s: unknown, config: Writer) => {
      config.writer?.({ from: "a", n: 1 });
      return { log: ["a"], last: "a" };
    },
    c: (_s: unknown, config: Writer) => {
      config.writer?.("plain text from c");
      return { log: ["c"] };
    },
  });
}

/**
 * Streams {@link streamingGraph} with `options`, with or without a MemorySaver, and keeps
 * the chunks `keep` accepts (before ids are numbered).
 */
function streamWith(
  options: Record<string, unknown>,
  saver: boolean,
  keep: (chunk: unknown) => boolean = () => true,
) {
  return compareOnBoth(async (lib) => {
    const graph = streamingGraph(lib).compile(saver ? { checkpointer: lib.memorySaver() } : {});
    const chunks = await collect(
      graph.stream({ log: ["in"] }, saver ? onThread(options) : options),
    );
    return withoutTracingFields(chunks.filter(keep));
  });
}

describe("stream chunks are the same on both libraries", () => {
  it('streamMode "values": the state after the input and after each step', async () => {
    const { weft, peer } = await streamWith({ streamMode: "values" }, false);
    expect(weft).toEqual(peer);
    expect(peer).toEqual([
      { log: ["in"] },
      { log: ["in", "a"], last: "a" },
      { log: ["in", "a", "b", "c"], last: "a" },
      { log: ["in", "a", "b", "c", "d"], last: "d" },
    ]);
  });

  it('streamMode "updates" (the default): one { node: update } per finished task', async () => {
    const { weft, peer } = await streamWith({}, false);
    expect(weft).toEqual(peer);
    expect(peer).toEqual([
      { a: { log: ["a"], last: "a" } },
      { b: { log: ["b"] } },
      { c: { log: ["c"] } },
      { d: { log: ["d"], last: "d" } },
    ]);
  });

  it('streamMode "custom": whatever nodes pass to config.writer', async () => {
    const { weft, peer } = await streamWith({ streamMode: "custom" }, false);
    expect(weft).toEqual(peer);
    expect(peer).toEqual([{ from: "a", n: 1 }, "plain text from c"]);
  });

  it('streamMode "tasks": a start and a result event per task, ids paired', async () => {
    const { weft, peer } = await streamWith({ streamMode: "tasks" }, false);
    expect(weft).toEqual(peer);
    expect((peer as unknown[]).length).toBe(8);
  });

  it('streamMode "checkpoints" with a MemorySaver: one snapshot per checkpoint', async () => {
    const { weft, peer } = await streamWith({ streamMode: "checkpoints" }, true);
    expect(weft).toEqual(peer);
    expect((peer as unknown[]).length).toBe(5);
  });

  it('streamMode "debug" with a MemorySaver: checkpoint, task and task_result events', async () => {
    const { weft, peer } = await streamWith({ streamMode: "debug" }, true);
    expect(weft).toEqual(peer);
    const types = (peer as { type: string }[]).map((event) => event.type);
    expect(types).toContain("checkpoint");
    expect(types).toContain("task");
    expect(types).toContain("task_result");
  });

  it('streamMode "debug" without a checkpointer: the same task events', async () => {
    // Whether checkpoint events come without a checkpointer is known difference 5.
    const isTaskEvent = (chunk: unknown) => (chunk as { type: string }).type !== "checkpoint";
    const { weft, peer } = await streamWith({ streamMode: "debug" }, false, isTaskEvent);
    expect(weft).toEqual(peer);
    expect(peer).toHaveLength(8);
  });

  it("an array of modes yields [mode, chunk] pairs, interleaved in the same order", async () => {
    const { weft, peer } = await streamWith({ streamMode: ["updates", "values", "custom"] }, false);
    expect(weft).toEqual(peer);
    // Where custom events fall among b's and c's updates depends on scheduling: not anchored.
    const modes = (peer as [string, unknown][]).map(([mode]) => mode);
    expect(modes.filter((mode) => mode !== "custom")).toEqual([
      "values",
      "updates",
      "values",
      "updates",
      "updates",
      "values",
      "updates",
      "values",
    ]);
    expect(modes.filter((mode) => mode === "custom")).toHaveLength(2);
  });

  it("an array of every deterministic mode with a MemorySaver", async () => {
    const streamMode = ["values", "updates", "custom", "tasks", "checkpoints", "debug"];
    const { weft, peer } = await streamWith({ streamMode }, true);
    expect(weft).toEqual(peer);
  });

  it("an array with a single mode still yields [mode, chunk] pairs", async () => {
    const { weft, peer } = await streamWith({ streamMode: ["updates"] }, false);
    expect(weft).toEqual(peer);
    expect((peer as unknown[])[0]).toEqual(["updates", { a: { log: ["a"], last: "a" } }]);
  });

  it("Send tasks stream their Send argument as the task input", async () => {
    const { weft, peer } = await compareOnBoth(async (lib) => {
      const graph = new lib.StateGraph(logState(lib))
        .addNode("worker", (s: { last: string }) => ({ log: [s.last] }))
        .addConditionalEdges(lib.START, () => [
          new lib.Send("worker", { last: "one" }),
          new lib.Send("worker", { last: "two" }),
        ])
        .compile();
      const chunks = await collect(graph.stream({}, { streamMode: ["tasks", "updates"] }));
      return withoutTracingFields(chunks);
    });
    expect(weft).toEqual(peer);
    const inputs = (peer as unknown[])
      .map(payloadOf)
      .filter((payload) => (payload as { triggers?: unknown }).triggers)
      .map((payload) => (payload as { input: unknown }).input);
    expect(inputs).toEqual([{ last: "one" }, { last: "two" }]);
  });
});
