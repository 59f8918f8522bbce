import { MemorySaver } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { END, START } from "../constants.ts";
import { StateGraph } from "../graph/state-graph.ts";
import { ReducedValue, StateSchema } from "../state/index.ts";

const State = new StateSchema({
  topic: z.string(),
  steps: new ReducedValue(
    z.array(z.string()).default(() => []),
    { reducer: (a: string[], b: string[]) => a.concat(b) },
  ),
});

function buildGraph(checkpointer?: MemorySaver) {
  return new StateGraph(State)
    .addNode("refine", (s: { topic: string }, config) => {
      config.writer?.({ progress: "refining" });
      return { topic: `${s.topic} and cats`, steps: ["refine"] };
    })
    .addNode("write", (s: { topic: string }) => ({
      topic: `joke about ${s.topic}`,
      steps: ["write"],
    }))
    .addEdge(START, "refine")
    .addEdge("refine", "write")
    .addEdge("write", END)
    .compile({ checkpointer });
}

async function collect<T>(iterable: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of iterable) out.push(item);
  return out;
}

describe("stream modes", () => {
  it("updates: one chunk per node with its update", async () => {
    const chunks = await collect(
      await buildGraph().stream({ topic: "ice cream" }, { streamMode: "updates" }),
    );
    expect(chunks).toEqual([
      { refine: { topic: "ice cream and cats", steps: ["refine"] } },
      { write: { topic: "joke about ice cream and cats", steps: ["write"] } },
    ]);
  });

  it("values: the full state after each superstep", async () => {
    const chunks = await collect(
      await buildGraph().stream({ topic: "ice cream" }, { streamMode: "values" }),
    );
    expect(chunks).toEqual([
      { topic: "ice cream", steps: [] },
      { topic: "ice cream and cats", steps: ["refine"] },
      { topic: "joke about ice cream and cats", steps: ["refine", "write"] },
    ]);
  });

  it("custom: whatever nodes pass to config.writer", async () => {
    const chunks = await collect(
      await buildGraph().stream({ topic: "x" }, { streamMode: "custom" }),
    );
    expect(chunks).toEqual([{ progress: "refining" }]);
  });

  it("several modes yield [mode, chunk] pairs in order", async () => {
    const chunks = await collect(
      await buildGraph().stream({ topic: "x" }, { streamMode: ["updates", "custom"] }),
    );
    expect(chunks.map(([mode]) => mode)).toEqual(["custom", "updates", "updates"]);
    expect(chunks[0]).toEqual(["custom", { progress: "refining" }]);
  });

  it("a single mode in an array still yields pairs", async () => {
    const chunks = await collect(
      await buildGraph().stream({ topic: "x" }, { streamMode: ["values"] }),
    );
    expect(chunks.every((c) => Array.isArray(c) && c[0] === "values")).toBe(true);
  });

  it("tasks: a start and a result event per task", async () => {
    const chunks: any[] = await collect(
      await buildGraph().stream({ topic: "x" }, { streamMode: "tasks" }),
    );
    const named = chunks.filter((c) => c.name === "refine");
    expect(named).toHaveLength(2);
    expect(named[0]).toMatchObject({
      name: "refine",
      input: { topic: "x", steps: [] },
      triggers: ["branch:to:refine"],
    });
    expect(named[1]).toMatchObject({ name: "refine", interrupts: [] });
    expect(named[1].result).toEqual({ topic: "x and cats", steps: ["refine"] });
    expect(named[1].error).toBeNull();
    expect(named[0].id).toBe(named[1].id);
  });

  it("checkpoints: every checkpoint with its next nodes", async () => {
    const chunks: any[] = await collect(
      await buildGraph(new MemorySaver()).stream(
        { topic: "x" },
        { streamMode: "checkpoints", configurable: { thread_id: "c" } },
      ),
    );
    expect(chunks.map((c) => c.metadata.source)).toEqual(["input", "loop", "loop", "loop"]);
    expect(chunks.map((c) => c.next)).toEqual([["__start__"], ["refine"], ["write"], []]);
    expect(chunks[3].values.topic).toBe("joke about x and cats");
    expect(chunks[1].parentConfig.configurable.checkpoint_id).toBe(
      chunks[0].config.configurable.checkpoint_id,
    );
  });

  it("debug: typed events with step and timestamp", async () => {
    const chunks: any[] = await collect(
      await buildGraph(new MemorySaver()).stream(
        { topic: "x" },
        { streamMode: "debug", configurable: { thread_id: "d" } },
      ),
    );
    const types = new Set(chunks.map((c) => c.type));
    expect(types).toEqual(new Set(["checkpoint", "task", "task_result"]));
    for (const c of chunks) {
      expect(typeof c.step).toBe("number");
      expect(Number.isNaN(Date.parse(c.timestamp))).toBe(false);
    }
  });

  it("stopping the iteration cancels the run", async () => {
    let thirdRan = false;
    let secondStarted = false;
    let secondSawAbort = false;
    const graph = new StateGraph(State)
      .addNode("first", () => ({ steps: ["first"] }))
      .addNode("second", async (_s, config) => {
        secondStarted = true;
        await new Promise((r) => setTimeout(r, 10));
        secondSawAbort = config.signal!.aborted;
        return { steps: ["second"] };
      })
      .addNode("third", () => {
        thirdRan = true;
        return {};
      })
      .addEdge(START, "first")
      .addEdge("first", "second")
      .addEdge("second", "third")
      .compile();
    const stream = await graph.stream({ topic: "x" }, { streamMode: "updates" });
    for await (const _chunk of stream) break;
    await new Promise((r) => setTimeout(r, 50));
    // depending on timing the next node never starts, or starts and sees the abort
    expect(secondStarted ? secondSawAbort : true).toBe(true);
    expect(thirdRan).toBe(false);
  });

  it("a failing node ends the stream with its error", async () => {
    const graph = new StateGraph(State)
      .addNode("fail", () => {
        throw new Error("node failed");
      })
      .addEdge(START, "fail")
      .compile();
    await expect(collect(await graph.stream({ topic: "x" }))).rejects.toThrow("node failed");
  });
});

describe("batch", () => {
  it("runs each input and keeps the order", async () => {
    const results = await buildGraph().batch([{ topic: "a" }, { topic: "b" }]);
    expect(results.map((r) => r.topic)).toEqual(["joke about a and cats", "joke about b and cats"]);
  });

  it("takes one config per input", async () => {
    const saver = new MemorySaver();
    const graph = buildGraph(saver);
    await graph.batch(
      [{ topic: "a" }, { topic: "b" }],
      [{ configurable: { thread_id: "ba" } }, { configurable: { thread_id: "bb" } }],
    );
    expect((await graph.getState({ configurable: { thread_id: "bb" } })).values.topic).toBe(
      "joke about b and cats",
    );
  });
});

describe("run options", () => {
  it("reject an unknown stream mode, durability or a bad recursion limit", async () => {
    const graph = buildGraph();
    await expect(
      graph.stream({ topic: "x" }, { streamMode: "valuez" as never }),
    ).rejects.toMatchObject({
      code: "INVALID_CONFIG",
      message: expect.stringContaining('"valuez"'),
    });
    await expect(
      graph.invoke({ topic: "x" }, { durability: "eventually" as never }),
    ).rejects.toMatchObject({
      code: "INVALID_CONFIG",
    });
    await expect(graph.invoke({ topic: "x" }, { recursionLimit: 0 })).rejects.toMatchObject({
      code: "INVALID_CONFIG",
    });
  });
});

describe("updates payloads", () => {
  it("show what each node wrote: {} for nothing, the update of a Command", async () => {
    const { Command } = await import("../command.ts");
    const graph = new StateGraph(State)
      .addNode("quiet", () => undefined)
      .addNode("cmd", () => new Command({ update: { steps: ["cmd"] }, goto: "last" }), {
        ends: ["last"],
      })
      .addNode("last", () => ({ topic: "done", ignored: 1 }) as any)
      .addEdge(START, "quiet")
      .addEdge("quiet", "cmd")
      .compile();
    const chunks = await collect(await graph.stream({ topic: "x" }, { streamMode: "updates" }));
    expect(chunks).toEqual([
      { quiet: {} },
      { cmd: { steps: ["cmd"] } },
      { last: { topic: "done" } },
    ]);
  });
});

describe("resuming", () => {
  it("null input on a thread with nothing to resume is an error", async () => {
    await expect(buildGraph().invoke(null)).rejects.toMatchObject({ code: "INVALID_INPUT" });
    const graph = buildGraph(new MemorySaver());
    await expect(
      graph.invoke(null, { configurable: { thread_id: "empty" } }),
    ).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("the values stream of a resumed run starts with the current state", async () => {
    const graph = new StateGraph(State)
      .addNode("a", () => ({ steps: ["a"] }))
      .addNode("b", () => ({ steps: ["b"] }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile({ checkpointer: new MemorySaver(), interruptBefore: ["b"] });
    const config = { configurable: { thread_id: "resume-values" } };
    await graph.invoke({ topic: "t" }, config);
    const chunks = await collect(await graph.stream(null, { ...config, streamMode: "values" }));
    expect(chunks).toEqual([
      { topic: "t", steps: ["a"] },
      { topic: "t", steps: ["a", "b"] },
    ]);
  });

  it("new input discards the tasks an interrupted run left, even ones behind a barrier", async () => {
    const runs: string[] = [];
    const node = (name: string) => () => {
      runs.push(name);
      return { steps: [name] };
    };
    const graph = new StateGraph(State)
      .addNode("a", node("a"))
      .addNode("b", node("b"))
      .addNode("join", node("join"))
      .addEdge(START, "a")
      .addEdge(START, "b")
      .addEdge(["a", "b"], "join")
      .compile({ checkpointer: new MemorySaver() });
    const config = { configurable: { thread_id: "discard" } };
    await graph.invoke({ topic: "first" }, { ...config, interruptBefore: ["join"] });
    expect((await graph.getState(config)).next).toEqual(["join"]);
    runs.length = 0;
    // a fresh run: the barrier starts empty again, so join waits for this run's a and b
    await graph.invoke({ topic: "second" }, config);
    expect(runs).toEqual(["a", "b", "join"]);
    expect((await graph.getState(config)).next).toEqual([]);
  });
});

describe("the stream object", () => {
  it("is also a web ReadableStream", async () => {
    const stream = await buildGraph().stream({ topic: "x" }, { streamMode: "updates" });
    expect(stream).toBeInstanceOf(ReadableStream);
    const reader = stream.getReader();
    const chunks: unknown[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
    }
    expect(chunks.map((c) => Object.keys(c as object)[0])).toEqual(["refine", "write"]);
  });

  it("pipes through a TransformStream, e.g. to encode server-sent events", async () => {
    const stream = await buildGraph().stream({ topic: "x" }, { streamMode: "updates" });
    const sse = stream.pipeThrough(
      new TransformStream<unknown, string>({
        transform: (chunk, controller) => controller.enqueue(`data: ${JSON.stringify(chunk)}\n\n`),
      }),
    );
    const text = await new Response(sse.pipeThrough(new TextEncoderStream())).text();
    expect(text.split("\n\n").filter(Boolean)).toHaveLength(2);
    expect(text.startsWith('data: {"refine"')).toBe(true);
  });

  it("cancel() stops the run, and a node error errors the stream", async () => {
    let secondRan = false;
    const graph = new StateGraph(State)
      .addNode("first", () => ({ steps: ["first"] }))
      .addNode("second", async (_s, config) => {
        await new Promise((r) => setTimeout(r, 10));
        // it may have started before the cancel arrived; it must see the abort
        secondRan = !config.signal!.aborted;
        return {};
      })
      .addEdge(START, "first")
      .addEdge("first", "second")
      .compile();
    const stream = await graph.stream({ topic: "x" }, { streamMode: "updates" });
    const reader = stream.getReader();
    await reader.read();
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 30));
    expect(secondRan).toBe(false);

    const failing = new StateGraph(State)
      .addNode("boom", () => {
        throw new Error("boom");
      })
      .addEdge(START, "boom")
      .compile();
    const failed = (await failing.stream({ topic: "x" })).getReader();
    await expect(failed.read()).rejects.toThrow("boom");
  });
});
