import { INTERRUPT } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Command,
  END,
  interrupt,
  MemorySaver,
  MessagesValue,
  ReducedValue,
  START,
  StateGraph,
  StateSchema,
} from "../index.ts";

const thread = (id: string) => ({ configurable: { thread_id: id } });
const NS = /^[a-zA-Z0-9_]+:[0-9a-f-]{36}$/;

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const chunk of stream) out.push(chunk);
  return out;
}

describe("subgraphs", () => {
  it("a graph invoked inside a node (different schemas) streams with namespaces (docs example)", async () => {
    const SubgraphState = new StateSchema({ bar: z.string(), baz: z.string() });
    const subgraph = new StateGraph(SubgraphState)
      .addNode("subgraphNode1", () => ({ baz: "baz" }))
      .addNode("subgraphNode2", (state) => ({ bar: state.bar + state.baz }))
      .addEdge(START, "subgraphNode1")
      .addEdge("subgraphNode1", "subgraphNode2")
      .compile();
    const ParentState = new StateSchema({ foo: z.string() });
    const graph = new StateGraph(ParentState)
      .addNode("node1", (state) => ({ foo: `hi! ${state.foo}` }))
      .addNode("node2", async (state) => {
        const response = await subgraph.invoke({ bar: state.foo });
        return { foo: response.bar };
      })
      .addEdge(START, "node1")
      .addEdge("node1", "node2")
      .compile();

    const chunks = (await collect(await graph.stream({ foo: "foo" }, { subgraphs: true }))) as [
      string[],
      unknown,
    ][];
    expect(chunks.map(([, c]) => c)).toEqual([
      { node1: { foo: "hi! foo" } },
      { subgraphNode1: { baz: "baz" } },
      { subgraphNode2: { bar: "hi! foobaz" } },
      { node2: { foo: "hi! foobaz" } },
    ]);
    expect(chunks[0]![0]).toEqual([]);
    expect(chunks[1]![0]).toHaveLength(1);
    expect(chunks[1]![0][0]).toMatch(NS);
    expect(chunks[1]![0][0]!.startsWith("node2:")).toBe(true);
    expect(chunks[2]![0]).toEqual(chunks[1]![0]);
    expect(chunks[3]![0]).toEqual([]);

    // Without subgraphs: true, only the parent's events.
    const plain = await collect(await graph.stream({ foo: "foo" }));
    expect(plain).toEqual([{ node1: { foo: "hi! foo" } }, { node2: { foo: "hi! foobaz" } }]);
  });

  it("two levels of subgraphs stream nested namespaces (docs example)", async () => {
    const grandchildGraph = new StateGraph(new StateSchema({ myGrandchildKey: z.string() }))
      .addNode("grandchild1", (s) => ({ myGrandchildKey: `${s.myGrandchildKey}, how are you` }))
      .addEdge(START, "grandchild1")
      .addEdge("grandchild1", END)
      .compile();
    const childGraph = new StateGraph(new StateSchema({ myChildKey: z.string() }))
      .addNode("child1", async (s) => {
        const out = await grandchildGraph.invoke({ myGrandchildKey: s.myChildKey });
        return { myChildKey: `${out.myGrandchildKey} today?` };
      })
      .addEdge(START, "child1")
      .addEdge("child1", END)
      .compile();
    const parentGraph = new StateGraph(new StateSchema({ myKey: z.string() }))
      .addNode("parent1", (s) => ({ myKey: `hi ${s.myKey}` }))
      .addNode("child", async (s) => {
        const out = await childGraph.invoke({ myChildKey: s.myKey });
        return { myKey: out.myChildKey };
      })
      .addNode("parent2", (s) => ({ myKey: `${s.myKey} bye!` }))
      .addEdge(START, "parent1")
      .addEdge("parent1", "child")
      .addEdge("child", "parent2")
      .addEdge("parent2", END)
      .compile();
    const chunks = (await collect(
      await parentGraph.stream({ myKey: "Bob" }, { subgraphs: true }),
    )) as [string[], unknown][];
    expect(chunks.map(([, c]) => c)).toEqual([
      { parent1: { myKey: "hi Bob" } },
      { grandchild1: { myGrandchildKey: "hi Bob, how are you" } },
      { child1: { myChildKey: "hi Bob, how are you today?" } },
      { child: { myKey: "hi Bob, how are you today?" } },
      { parent2: { myKey: "hi Bob, how are you today? bye!" } },
    ]);
    const [gcNs, cNs] = [chunks[1]![0], chunks[2]![0]];
    expect(gcNs).toHaveLength(2);
    expect(gcNs[0]).toBe(cNs[0]);
    expect(gcNs[0]!.startsWith("child:")).toBe(true);
    expect(gcNs[1]!.startsWith("child1:")).toBe(true);
  });

  it("a compiled graph as a node shares keys and keeps private ones (docs example)", async () => {
    const subgraph = new StateGraph(new StateSchema({ foo: z.string(), bar: z.string() }))
      .addNode("subgraphNode1", () => ({ bar: "bar" }))
      .addNode("subgraphNode2", (s) => ({ foo: s.foo + s.bar }))
      .addEdge(START, "subgraphNode1")
      .addEdge("subgraphNode1", "subgraphNode2")
      .compile();
    const graph = new StateGraph(new StateSchema({ foo: z.string() }))
      .addNode("node1", (s) => ({ foo: `hi! ${s.foo}` }))
      .addNode("node2", subgraph)
      .addEdge(START, "node1")
      .addEdge("node1", "node2")
      .compile();
    expect(await collect(await graph.stream({ foo: "foo" }))).toEqual([
      { node1: { foo: "hi! foo" } },
      { node2: { foo: "hi! foobar" } },
    ]);
  });

  it("inherits the parent's checkpointer; interrupts inside resume from the parent; getState shows the paused subgraph (docs example)", async () => {
    const State = new StateSchema({ foo: z.string() });
    let subRuns = 0;
    const subgraph = new StateGraph(State)
      .addNode("subgraphNode1", (state) => {
        subRuns++;
        const value = interrupt("Provide value:");
        return { foo: state.foo + value };
      })
      .addEdge(START, "subgraphNode1")
      .compile();
    const checkpointer = new MemorySaver();
    const graph = new StateGraph(State)
      .addNode("node1", subgraph)
      .addEdge(START, "node1")
      .compile({ checkpointer });
    const config = thread("sub-1");
    const paused = await graph.invoke({ foo: "" }, config);
    expect(paused[INTERRUPT]).toEqual([{ id: expect.any(String), value: "Provide value:" }]);

    const parentState = await graph.getState(config);
    expect(parentState.next).toEqual(["node1"]);
    expect(parentState.tasks[0]!.interrupts).toEqual(paused[INTERRUPT]);
    const ref = parentState.tasks[0]!.state as { configurable: { checkpoint_ns: string } };
    expect(ref.configurable.checkpoint_ns).toMatch(NS);

    const withSub = await graph.getState(config, { subgraphs: true });
    const subState = withSub.tasks[0]!.state as {
      values: unknown;
      next: string[];
      tasks: { interrupts: unknown[] }[];
    };
    expect(subState.values).toEqual({ foo: "" });
    expect(subState.next).toEqual(["subgraphNode1"]);
    expect(subState.tasks[0]!.interrupts).toEqual(paused[INTERRUPT]);

    // The subgraph's own history is reachable through its namespace.
    const direct = await graph.getState({
      configurable: { thread_id: "sub-1", checkpoint_ns: ref.configurable.checkpoint_ns },
    });
    expect(direct.next).toEqual(["subgraphNode1"]);

    const done = await graph.invoke(new Command({ resume: "bar" }), config);
    expect(done).toEqual({ foo: "bar" });
    expect(subRuns).toBe(2);
  });

  it("a subgraph called as a function re-runs the calling node and continues the subgraph on resume", async () => {
    const log: string[] = [];
    const subgraph = new StateGraph(
      new StateSchema({ name: z.string().optional(), greeting: z.string().optional() }),
    )
      .addNode("prep", () => {
        log.push("sub:prep");
        return {};
      })
      .addNode("ask", () => {
        log.push("sub:ask");
        return { name: interrupt("What's your name?") as string };
      })
      .addNode("greet", (s) => ({ greeting: `hello ${s.name}` }))
      .addEdge(START, "prep")
      .addEdge("prep", "ask")
      .addEdge("ask", "greet")
      .compile();
    const graph = new StateGraph(new StateSchema({ out: z.string().optional() }))
      .addNode("parent", async () => {
        log.push("parent");
        const result = await subgraph.invoke({});
        return { out: result.greeting };
      })
      .addEdge(START, "parent")
      .compile({ checkpointer: new MemorySaver() });
    const paused = await graph.invoke({}, thread("fn"));
    expect(paused[INTERRUPT]![0]!.value).toBe("What's your name?");
    const done = await graph.invoke(new Command({ resume: "Ada" }), thread("fn"));
    expect(done.out).toBe("hello Ada");
    // The parent node ran again from the top; the subgraph skipped its finished node.
    expect(log).toEqual(["parent", "sub:prep", "sub:ask", "parent", "sub:ask"]);
  });

  it("Command({ graph: Command.PARENT, goto }) routes in the parent graph", async () => {
    const State = new StateSchema({ path: z.array(z.string()).default(() => []) });
    const subgraph = new StateGraph(State)
      .addNode(
        "decide",
        (s) =>
          new Command({
            graph: Command.PARENT,
            goto: "after",
            update: { path: [...s.path, "decide"] },
          }),
      )
      .addEdge(START, "decide")
      .compile();
    const graph = new StateGraph(State)
      .addNode("sub", subgraph, { ends: ["after"] })
      .addNode("after", (s) => ({ path: [...s.path, "after"] }))
      .addEdge(START, "sub")
      .compile();
    expect(await graph.invoke({ path: [] })).toEqual({ path: ["decide", "after"] });
  });

  it("checkpointer: true keeps a subgraph's state across calls in a thread", async () => {
    const Inner = new StateSchema({ messages: MessagesValue });
    const agent = new StateGraph(Inner)
      .addNode("reply", (s) => ({
        messages: [{ role: "ai", content: `seen ${s.messages.length}` }],
      }))
      .addEdge(START, "reply")
      .compile({ checkpointer: true });
    const Outer = new StateSchema({ question: z.string(), answer: z.string().optional() });
    const graph = new StateGraph(Outer)
      .addNode(
        "ask",
        async (s) => {
          const out = await agent.invoke({ messages: [{ role: "user", content: s.question }] });
          return { answer: String(out.messages.at(-1)!.content) };
        },
        { subgraphs: [agent] },
      )
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    expect((await graph.invoke({ question: "a" }, thread("mem"))).answer).toBe("seen 1");
    expect((await graph.invoke({ question: "b" }, thread("mem"))).answer).toBe("seen 3");
    // Without `true`, each call starts fresh.
    const fresh = new StateGraph(Inner)
      .addNode("reply", (s) => ({
        messages: [{ role: "ai", content: `seen ${s.messages.length}` }],
      }))
      .addEdge(START, "reply")
      .compile();
    const graph2 = new StateGraph(Outer)
      .addNode("ask", async (s) => {
        const out = await fresh.invoke({ messages: [{ role: "user", content: s.question }] });
        return { answer: String(out.messages.at(-1)!.content) };
      })
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    await graph2.invoke({ question: "a" }, thread("nomem"));
    expect((await graph2.invoke({ question: "b" }, thread("nomem"))).answer).toBe("seen 1");
  });

  it("checkpointer: false saves nothing, so an interrupt inside is an error", async () => {
    const State = new StateSchema({ v: z.string().optional() });
    const sub = new StateGraph(State)
      .addNode("ask", () => ({ v: interrupt("?") }))
      .addEdge(START, "ask")
      .compile({ checkpointer: false });
    const graph = new StateGraph(State)
      .addNode("sub", sub)
      .addEdge(START, "sub")
      .compile({ checkpointer: new MemorySaver() });
    await expect(graph.invoke({}, thread("f"))).rejects.toMatchObject({
      code: "MISSING_CHECKPOINTER",
    });
  });

  it("calling the same checkpointed subgraph twice in one node is MULTIPLE_SUBGRAPHS", async () => {
    const State = new StateSchema({ v: z.number().default(0) });
    const sub = new StateGraph(State)
      .addNode("inc", (s) => ({ v: s.v + 1 }))
      .addEdge(START, "inc")
      .compile();
    const graph = new StateGraph(State)
      .addNode("twice", async (s) => {
        const a = await sub.invoke({ v: s.v });
        const b = await sub.invoke({ v: a.v });
        return { v: b.v };
      })
      .addEdge(START, "twice")
      .compile({ checkpointer: new MemorySaver() });
    await expect(graph.invoke({ v: 0 }, thread("m"))).rejects.toMatchObject({
      code: "MULTIPLE_SUBGRAPHS",
    });
    // With checkpointer: false on the subgraph it is allowed.
    const free = new StateGraph(State)
      .addNode("inc", (s) => ({ v: s.v + 1 }))
      .addEdge(START, "inc")
      .compile({ checkpointer: false });
    const ok = new StateGraph(State)
      .addNode("twice", async (s) => {
        const a = await free.invoke({ v: s.v });
        return { v: (await free.invoke({ v: a.v })).v };
      })
      .addEdge(START, "twice")
      .compile({ checkpointer: new MemorySaver() });
    expect(await ok.invoke({ v: 0 }, thread("ok"))).toEqual({ v: 2 });
  });

  it("aborting the parent stops a subgraph in the middle of a node", async () => {
    const State = new StateSchema({ v: z.number().default(0) });
    let sawAbort = false;
    const sub = new StateGraph(State)
      .addNode("slow", async (_s, config) => {
        await new Promise<void>((resolve) => {
          config.signal!.addEventListener("abort", () => {
            sawAbort = true;
            resolve();
          });
        });
        return { v: 1 };
      })
      .addNode("after", () => ({ v: 2 }))
      .addEdge(START, "slow")
      .addEdge("slow", "after")
      .compile();
    const graph = new StateGraph(State).addNode("sub", sub).addEdge(START, "sub").compile();
    const controller = new AbortController();
    const run = graph.invoke({ v: 0 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 5);
    await expect(run).rejects.toMatchObject({ code: "GRAPH_ABORTED" });
    expect(sawAbort).toBe(true);
  });
});

describe("a node returning a list of commands and updates", () => {
  it("applies each in order", async () => {
    const State = new StateSchema({
      log: new ReducedValue(
        z.array(z.string()).default(() => []),
        {
          reducer: (a: string[], b: string[]) => [...a, ...b],
        },
      ),
    });
    const graph = new StateGraph(State)
      .addNode(
        "multi",
        () => [new Command({ update: { log: ["cmd"] }, goto: "next" }), { log: ["plain"] }],
        {
          ends: ["next"],
        },
      )
      .addNode("next", () => ({ log: ["next"] }))
      .addEdge(START, "multi")
      .compile();
    expect(await graph.invoke({ log: [] })).toEqual({ log: ["cmd", "plain", "next"] });
  });

  it("a parent command in the list is sent to the parent graph", async () => {
    const State = new StateSchema({ path: z.array(z.string()).default(() => []) });
    const sub = new StateGraph(State)
      .addNode("tools", (s) => [
        new Command({
          graph: Command.PARENT,
          goto: "done",
          update: { path: [...s.path, "handoff"] },
        }),
      ])
      .addEdge(START, "tools")
      .compile();
    const graph = new StateGraph(State)
      .addNode("agent", sub, { ends: ["done"] })
      .addNode("done", (s) => ({ path: [...s.path, "done"] }))
      .addEdge(START, "agent")
      .compile();
    expect(await graph.invoke({ path: [] })).toEqual({ path: ["handoff", "done"] });
  });
});

describe("time travel over a subgraph", () => {
  it("replaying a parent checkpoint from before the subgraph runs the subgraph again from its start", async () => {
    const State = new StateSchema({ v: z.string().default("") });
    let innerRuns = 0;
    const sub = new StateGraph(State)
      .addNode("inner", (s) => {
        innerRuns++;
        return { v: `${s.v}+inner` };
      })
      .addEdge(START, "inner")
      .compile();
    const graph = new StateGraph(State)
      .addNode("before", (s) => ({ v: `${s.v}before` }))
      .addNode("sub", sub)
      .addEdge(START, "before")
      .addEdge("before", "sub")
      .compile({ checkpointer: new MemorySaver() });
    const config = thread("tt-sub");
    expect(await graph.invoke({ v: "" }, config)).toEqual({ v: "before+inner" });
    const history = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
    const beforeSub = history.find((s) => s.next.includes("sub"))!;
    const forked = await graph.updateState(beforeSub.config, { v: "edited" }, "before");
    expect(await graph.invoke(null, forked)).toEqual({ v: "edited+inner" });
    expect(await graph.invoke(null, beforeSub.config)).toEqual({ v: "before+inner" });
    expect(innerRuns).toBe(3);
  });
});
