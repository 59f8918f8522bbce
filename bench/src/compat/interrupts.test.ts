import { describe, expect, it } from "vitest";
import { collect, onBoth, onThread } from "./harness.ts";
import type { CompatLib } from "./libs.ts";

/** Interrupt values in order; ids replaced by their order of first appearance (formats differ). */
function outline(result: any, ids = new Map<string, number>()): unknown {
  const pending = result?.__interrupt__;
  const { __interrupt__: _omit, ...values } = result ?? {};
  return {
    values,
    interrupts:
      pending === undefined
        ? undefined
        : pending.map((i: { id: string; value: unknown }) => {
            if (!ids.has(i.id)) ids.set(i.id, ids.size);
            return { id: ids.get(i.id), value: i.value };
          }),
  };
}

function approvalGraph(lib: CompatLib) {
  const S = lib.Annotation.Root({ status: lib.Annotation() });
  return new lib.StateGraph(S)
    .addNode(
      "approval",
      () => new lib.Command({ goto: lib.interrupt({ question: "ok?" }) ? "yes" : "no" }),
      { ends: ["yes", "no"] },
    )
    .addNode("yes", () => ({ status: "approved" }))
    .addNode("no", () => ({ status: "rejected" }))
    .addEdge(lib.START, "approval")
    .compile({ checkpointer: lib.memorySaver() });
}

describe("interrupts behave the same on both libraries", () => {
  it("approve / reject with Command({ resume }) routing through Command({ goto })", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const graph = approvalGraph(lib);
      const ids = new Map<string, number>();
      const first = outline(await graph.invoke({ status: "pending" }, onThread()), ids);
      const state = await graph.getState(onThread());
      const resumed = outline(
        await graph.invoke(new lib.Command({ resume: true }), onThread()),
        ids,
      );
      return { first, next: state.next, resumed };
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({
      first: { values: { status: "pending" }, interrupts: [{ id: 0, value: { question: "ok?" } }] },
      next: ["approval"],
      resumed: { values: { status: "approved" }, interrupts: undefined },
    });
  });

  it("several interrupts in one node are answered in order, the node re-running each time", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const S = lib.Annotation.Root({ out: lib.Annotation() });
      let runs = 0;
      const graph = new lib.StateGraph(S)
        .addNode("ask", () => {
          runs++;
          const a = lib.interrupt("a?");
          const b = lib.interrupt("b?");
          return { out: `${a}+${b}` };
        })
        .addEdge(lib.START, "ask")
        .compile({ checkpointer: lib.memorySaver() });
      const ids = new Map<string, number>();
      const steps = [outline(await graph.invoke({ out: "" }, onThread()), ids)];
      steps.push(outline(await graph.invoke(new lib.Command({ resume: "1" }), onThread()), ids));
      steps.push(outline(await graph.invoke(new lib.Command({ resume: "2" }), onThread()), ids));
      return { steps, runs };
    });
    expect(weft).toEqual(peer);
    expect((peer as any).runs).toBe(3);
  });

  it("the updates stream carries __interrupt__ and finished siblings are not re-run", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const S = lib.Annotation.Root({
        log: lib.Annotation({
          reducer: (a: string[], b: string[]) => [...a, ...b],
          default: () => [],
        }),
      });
      const runs: string[] = [];
      const graph = new lib.StateGraph(S)
        .addNode("asks", () => {
          runs.push("asks");
          return { log: [`asked:${lib.interrupt("q")}`] };
        })
        .addNode("plain", () => {
          runs.push("plain");
          return { log: ["plain"] };
        })
        .addEdge(lib.START, "asks")
        .addEdge(lib.START, "plain")
        .compile({ checkpointer: lib.memorySaver() });
      const chunks = await collect(graph.stream({ log: [] }, onThread({ streamMode: "updates" })));
      const shaped = chunks.map((c: any) =>
        c.__interrupt__ ? { interrupt: c.__interrupt__.map((i: any) => i.value) } : c,
      );
      const done = await graph.invoke(new lib.Command({ resume: "x" }), onThread());
      return { shaped, log: [...done.log].sort(), runs };
    });
    expect(weft).toEqual(peer);
    expect(peer).toMatchObject({ runs: ["asks", "plain", "asks"] });
  });

  it("a subgraph's interrupt pauses the parent and resumes from it", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const S = lib.Annotation.Root({ v: lib.Annotation() });
      const sub = new lib.StateGraph(S)
        .addNode("inner", () => ({ v: `inner:${lib.interrupt("inner?")}` }))
        .addEdge(lib.START, "inner")
        .compile();
      const graph = new lib.StateGraph(S)
        .addNode("outer", sub)
        .addEdge(lib.START, "outer")
        .compile({ checkpointer: lib.memorySaver() });
      const first = outline(await graph.invoke({ v: "" }, onThread()));
      const state = await graph.getState(onThread(), { subgraphs: true });
      const done = await graph.invoke(new lib.Command({ resume: "yes" }), onThread());
      return {
        first,
        subNext: state.tasks[0].state.next,
        subValues: state.tasks[0].state.values,
        done,
      };
    });
    expect(weft).toEqual(peer);
    expect(peer).toMatchObject({ subNext: ["inner"], done: { v: "inner:yes" } });
  });

  it("functional API: an entrypoint with a task and an interrupt", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const calls: string[] = [];
      const write = lib.task("write", async (topic: string) => {
        calls.push(topic);
        return `essay on ${topic}`;
      });
      const workflow = lib.entrypoint(
        { name: "review", checkpointer: lib.memorySaver() },
        async (topic: string) => {
          const essay = await write(topic);
          const ok = lib.interrupt({ essay });
          return { essay, ok };
        },
      );
      const first = outline(await workflow.invoke("cats", onThread()));
      const done = await workflow.invoke(new lib.Command({ resume: true }), onThread());
      const updates = await collect(
        workflow.stream("dogs", { configurable: { thread_id: "other" }, streamMode: "updates" }),
      );
      return {
        first,
        done,
        calls,
        updates: updates.map((u: any) => (u.__interrupt__ ? "interrupt" : u)),
      };
    });
    expect(weft).toEqual(peer);
    expect(peer).toMatchObject({ calls: ["cats", "dogs"] });
  });

  it("parallel interrupts have distinct ids and resume together with a map", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const S = lib.Annotation.Root({
        log: lib.Annotation({
          reducer: (a: string[], b: string[]) => [...a, ...b],
          default: () => [],
        }),
      });
      const graph = new lib.StateGraph(S)
        .addNode("a", () => ({ log: [`a=${lib.interrupt("a?")}`] }))
        .addNode("b", () => ({ log: [`b=${lib.interrupt("b?")}`] }))
        .addEdge(lib.START, "a")
        .addEdge(lib.START, "b")
        .compile({ checkpointer: lib.memorySaver() });
      const paused = await graph.invoke({ log: [] }, onThread());
      const pending = paused.__interrupt__ as { id: string; value: string }[];
      const resume = Object.fromEntries(pending.map((p) => [p.id, p.value.toUpperCase()]));
      const done = await graph.invoke(new lib.Command({ resume }), onThread());
      return {
        values: pending.map((p) => p.value).sort(),
        distinct: new Set(pending.map((p) => p.id)).size,
        log: [...done.log].sort(),
      };
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ values: ["a?", "b?"], distinct: 2, log: ["a=A?", "b=B?"] });
  });

  it("Command({ resume, update }) applies the update before the node runs again", async () => {
    const { weft, peer } = await onBoth(async (lib) => {
      const S = lib.Annotation.Root({ topic: lib.Annotation(), answer: lib.Annotation() });
      const graph = new lib.StateGraph(S)
        .addNode("ask", (s: any) => ({ answer: `${s.topic}:${lib.interrupt("?")}` }))
        .addEdge(lib.START, "ask")
        .compile({ checkpointer: lib.memorySaver() });
      await graph.invoke({ topic: "cats" }, onThread());
      return graph.invoke(
        new lib.Command({ resume: "yes", update: { topic: "dogs" } }),
        onThread(),
      );
    });
    expect(weft).toEqual(peer);
    expect(peer).toEqual({ topic: "dogs", answer: "dogs:yes" });
  });
});
