import { INTERRUPT } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Command,
  END,
  entrypoint,
  getPreviousState,
  interrupt,
  MemorySaver,
  START,
  StateGraph,
  StateSchema,
  task,
} from "../index.ts";

const thread = (id: string) => ({ configurable: { thread_id: id } });

describe("functional API", () => {
  it("runs an entrypoint with tasks and streams each task's result", async () => {
    const double = task("double", async (n: number) => n * 2);
    const add = task("add", (a: number, b: number) => a + b);
    const workflow = entrypoint("math", async (n: number) => {
      const [a, b] = await Promise.all([double(n), double(n + 1)]);
      return add(a, b);
    });
    expect(await workflow.invoke(3)).toBe(14);
    const updates: unknown[] = [];
    for await (const chunk of await workflow.stream(3, { streamMode: "updates" }))
      updates.push(chunk);
    expect(updates).toEqual([{ double: 6 }, { double: 8 }, { add: 14 }, { math: 14 }]);
  });

  it("does not recompute finished tasks after an interrupt", async () => {
    const calls: string[] = [];
    const writeEssay = task("writeEssay", async (topic: string) => {
      calls.push("writeEssay");
      return `An essay about ${topic}`;
    });
    const workflow = entrypoint(
      { name: "review", checkpointer: new MemorySaver() },
      async (topic: string) => {
        const essay = await writeEssay(topic);
        const approved = interrupt({ essay, action: "Please approve or reject the essay" });
        return { essay, approved };
      },
    );
    const paused = await workflow.invoke("cats", thread("e1"));
    expect(paused[INTERRUPT]).toEqual([
      {
        id: expect.any(String),
        value: { essay: "An essay about cats", action: "Please approve or reject the essay" },
      },
    ]);
    const done = await workflow.invoke(new Command({ resume: true }), thread("e1"));
    expect(done).toEqual({ essay: "An essay about cats", approved: true });
    expect(calls).toEqual(["writeEssay"]);
    const state = await workflow.getState(thread("e1"));
    expect(state.values).toEqual({ essay: "An essay about cats", approved: true });
  });

  it("resumes after an error without repeating the tasks that finished", async () => {
    const calls: string[] = [];
    let failOnce = true;
    const first = task("first", () => {
      calls.push("first");
      return 1;
    });
    const flaky = task("flaky", () => {
      calls.push("flaky");
      if (failOnce) {
        failOnce = false;
        throw new Error("provider outage");
      }
      return 2;
    });
    const workflow = entrypoint({ name: "wf", checkpointer: new MemorySaver() }, async () => {
      const a = await first();
      const b = await flaky();
      return a + b;
    });
    await expect(workflow.invoke({}, thread("err"))).rejects.toThrow("provider outage");
    expect(await workflow.invoke(null, thread("err"))).toBe(3);
    expect(calls).toEqual(["first", "flaky", "flaky"]);
  });

  it("gives each run the previous return value, and entrypoint.final saves something else", async () => {
    const counter = entrypoint(
      { name: "counter", checkpointer: new MemorySaver() },
      async (n: number, config) => {
        const previous = (config.previous as number | undefined) ?? 0;
        expect(getPreviousState<number>()).toBe(config.previous);
        return previous + n;
      },
    );
    expect(await counter.invoke(1, thread("c"))).toBe(1);
    expect(await counter.invoke(2, thread("c"))).toBe(3);
    expect(await counter.invoke(5, thread("other"))).toBe(5);

    const saver = entrypoint(
      { name: "final", checkpointer: new MemorySaver() },
      async (n: number, config) => {
        const total = ((config.previous as number | undefined) ?? 0) + n;
        return entrypoint.final({ value: `total is ${total}`, save: total });
      },
    );
    expect(await saver.invoke(2, thread("f"))).toBe("total is 2");
    expect(await saver.invoke(3, thread("f"))).toBe("total is 5");
  });

  it("retries a task with its retry policy", async () => {
    let attempts = 0;
    const unstable = task(
      { name: "unstable", retry: { maxAttempts: 3, initialInterval: 1, jitter: false } },
      () => {
        attempts++;
        if (attempts < 3) throw new Error("try again");
        return "ok";
      },
    );
    const workflow = entrypoint("retrying", async () => unstable());
    expect(await workflow.invoke({})).toBe("ok");
    expect(attempts).toBe(3);
  });

  it("a task called outside a graph just runs", async () => {
    const shout = task("shout", (s: string) => s.toUpperCase());
    expect(await shout("hi")).toBe("HI");
  });

  it("tasks inside a StateGraph node are not repeated when the node resumes (durable execution docs)", async () => {
    const fetched: string[] = [];
    const makeRequest = task("makeRequest", async (url: string) => {
      fetched.push(url);
      return `<html>${url}</html>`.slice(0, 100);
    });
    const State = new StateSchema({
      urls: z.array(z.string()),
      results: z.array(z.string()).optional(),
    });
    const graph = new StateGraph(State)
      .addNode("callApi", async (state) => {
        const results = await Promise.all(state.urls.map((url) => makeRequest(url)));
        const ok = interrupt("confirm results?");
        return { results: ok ? results : [] };
      })
      .addEdge(START, "callApi")
      .addEdge("callApi", END)
      .compile({ checkpointer: new MemorySaver() });
    await graph.invoke({ urls: ["a", "b"] }, thread("t"));
    const out = await graph.invoke(new Command({ resume: true }), thread("t"));
    expect(out.results).toEqual(["<html>a</html>", "<html>b</html>"]);
    expect(fetched).toEqual(["a", "b"]);
  });

  it("interrupts inside a task resume inside that task", async () => {
    const approve = task("approve", (item: string) => `${item}:${interrupt(`approve ${item}?`)}`);
    const workflow = entrypoint(
      { name: "batch", checkpointer: new MemorySaver() },
      async (items: string[]) => Promise.all(items.map((item) => approve(item))),
    );
    const paused = await workflow.invoke(["x", "y"], thread("ti"));
    const pending = paused[INTERRUPT]! as { id: string; value: string }[];
    expect(pending.map((p) => p.value)).toEqual(["approve x?", "approve y?"]);
    expect(new Set(pending.map((p) => p.id)).size).toBe(2);
    const done = await workflow.invoke(
      new Command({ resume: Object.fromEntries(pending.map((p) => [p.id, p.value.slice(8, 9)])) }),
      thread("ti"),
    );
    expect(done).toEqual(["x:x", "y:y"]);
  });
});
