import { MemorySaver } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import * as z from "zod";
import { Command } from "../command.ts";
import { END, START } from "../constants.ts";
import { Send } from "../send.ts";
import { Annotation, ReducedValue, StateSchema } from "../state/index.ts";
import { StateGraph } from "./state-graph.ts";

const concat = (a: string[], b: string[] | string) => a.concat(b);

const LogState = new StateSchema({
  log: new ReducedValue(
    z.array(z.string()).default(() => []),
    { inputSchema: z.union([z.array(z.string()), z.string()]), reducer: concat },
  ),
  value: z.string().optional(),
});

describe("StateGraph structure", () => {
  it("rejects duplicate and reserved node names at addNode", () => {
    const g = new StateGraph(LogState).addNode("a", () => ({}));
    expect(() => g.addNode("a", () => ({}))).toThrow(/"a" is already present/);
    expect(() => new StateGraph(LogState).addNode(START as string, () => ({}))).toThrow(/reserved/);
    expect(() => new StateGraph(LogState).addNode("x|y", () => ({}))).toThrow(/reserved/);
    expect(() => new StateGraph(LogState).addNode("x:y", () => ({}))).toThrow(/reserved/);
  });

  it("fails to compile without an entry point", () => {
    const g = new StateGraph(LogState).addNode("a", () => ({}));
    expect(() => g.compile()).toThrow(/no entry point/);
  });

  it("names the unknown node of an edge", () => {
    const g = new StateGraph(LogState).addNode("a", () => ({})).addEdge(START, "a");
    expect(() => (g as any).addEdge("a", "missing").compile()).toThrow(/unknown node "missing"/);
    const h = new StateGraph(LogState).addNode("a", () => ({})).addEdge(START, "a");
    expect(() => (h as any).addEdge("ghost", "a").compile()).toThrow(/unknown node "ghost"/);
  });

  it("names an unreachable node", () => {
    const g = new StateGraph(LogState)
      .addNode("a", () => ({}))
      .addNode("island", () => ({}))
      .addEdge(START, "a");
    expect(() => g.compile()).toThrow(/Node "island" is not reachable/);
  });

  it("accepts a node reachable only through Command, when declared in ends", () => {
    const g = new StateGraph(LogState)
      .addNode("a", () => new Command({ goto: "b" }), { ends: ["b"] })
      .addNode("b", () => ({ log: ["b"] }))
      .addEdge(START, "a");
    expect(() => g.compile()).not.toThrow();
  });

  it("rejects path maps and interrupt lists naming unknown nodes", () => {
    const g = new StateGraph(LogState)
      .addNode("a", () => ({}))
      .addEdge(START, "a")
      .addConditionalEdges("a", () => "nope", ["nope" as never]);
    expect(() => g.compile()).toThrow(/unknown node "nope"/);
    const h = new StateGraph(LogState).addNode("a", () => ({})).addEdge(START, "a");
    expect(() => h.compile({ interruptBefore: ["zzz"] })).toThrow(/unknown node "zzz"/);
  });
});

describe("StateGraph execution", () => {
  it("runs a sequence and returns the final state", async () => {
    const graph = new StateGraph(LogState)
      .addSequence([
        ["one", () => ({ log: ["1"] })],
        ["two", () => ({ log: ["2"] })],
        ["three", (s: { log: string[] }) => ({ value: s.log.join("") })],
      ])
      .addEdge(START, "one")
      .compile();
    expect(await graph.invoke({ log: [] })).toEqual({ log: ["1", "2"], value: "12" });
  });

  it("runs parallel branches in one step and joins them with a reducer", async () => {
    const steps: Record<string, number> = {};
    const node = (name: string) => (_s: unknown, config: any) => {
      steps[name] = config.metadata.langgraph_step;
      return { log: [name] };
    };
    const graph = new StateGraph(LogState)
      .addNode("a", node("a"))
      .addNode("b", node("b"))
      .addNode("c", node("c"))
      .addNode("d", node("d"))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("a", "c")
      .addEdge("b", "d")
      .addEdge("c", "d")
      .compile();
    const result = await graph.invoke({ log: [] });
    expect(result.log).toEqual(["a", "b", "c", "d"]);
    expect(steps.b).toBe(steps.c);
    expect(steps.d).toBe(steps.b! + 1);
  });

  it("waits for every source of a multi-source edge", async () => {
    const graph = new StateGraph(LogState)
      .addNode("fast", () => ({ log: ["fast"] }))
      .addNode("slow1", () => ({ log: ["slow1"] }))
      .addNode("slow2", () => ({ log: ["slow2"] }))
      .addNode("join", (s: { log: string[] }) => ({ value: s.log.join(",") }))
      .addEdge(START, "fast")
      .addEdge(START, "slow1")
      .addEdge("slow1", "slow2")
      .addEdge(["fast", "slow2"], "join")
      .compile();
    const result = await graph.invoke({ log: [] });
    expect(result.value).toBe("fast,slow1,slow2");
  });

  it("routes with conditional edges, with and without a path map", async () => {
    const build = (withMap: boolean) => {
      const route = (s: { value?: string }) => (s.value === "left" ? "goLeft" : "goRight");
      const g = new StateGraph(LogState)
        .addNode("decide", () => ({}))
        .addNode("left", () => ({ log: ["left"] }))
        .addNode("right", () => ({ log: ["right"] }))
        .addEdge(START, "decide");
      return withMap
        ? g.addConditionalEdges("decide", route, { goLeft: "left", goRight: "right" }).compile()
        : g
            .addConditionalEdges("decide", (s: { value?: string }) =>
              s.value === "left" ? "left" : "right",
            )
            .compile();
    };
    for (const withMap of [true, false]) {
      const graph = build(withMap);
      expect((await graph.invoke({ value: "left" })).log).toEqual(["left"]);
      expect((await graph.invoke({ value: "right" })).log).toEqual(["right"]);
    }
  });

  it("conditional edges see the node's own update", async () => {
    const graph = new StateGraph(LogState)
      .addNode("set", () => ({ value: "go" }))
      .addNode("went", () => ({ log: ["went"] }))
      .addEdge(START, "set")
      .addConditionalEdges("set", (s: { value?: string }) => (s.value === "go" ? "went" : END), [
        "went",
        END,
      ])
      .compile();
    expect((await graph.invoke({})).log).toEqual(["went"]);
  });

  it("fans out with Send and reduces the results", async () => {
    const State = new StateSchema({
      subjects: z.array(z.string()),
      jokes: new ReducedValue(
        z.array(z.string()).default(() => []),
        { reducer: concat },
      ),
    });
    const graph = new StateGraph(State)
      .addNode("write", (arg: any) => ({ jokes: [`joke about ${arg.subject}`] }))
      .addConditionalEdges(START, (s: { subjects: string[] }) =>
        s.subjects.map((subject) => new Send("write", { subject })),
      )
      .compile();
    const result = await graph.invoke({ subjects: ["cats", "dogs", "owls"] });
    expect(result.jokes).toEqual(["joke about cats", "joke about dogs", "joke about owls"]);
  });

  it("applies Command update and goto", async () => {
    const graph = new StateGraph(LogState)
      .addNode("a", () => new Command({ update: { log: ["a"] }, goto: "c" }), { ends: ["b", "c"] })
      .addNode("b", () => ({ log: ["b"] }))
      .addNode("c", () => ({ log: ["c"] }))
      .addEdge(START, "a")
      .compile();
    expect((await graph.invoke({})).log).toEqual(["a", "c"]);
  });

  it("rejects a node that returns something other than an update", async () => {
    const graph = new StateGraph(LogState)
      .addNode("bad", () => ["whoops"] as any)
      .addEdge(START, "bad")
      .compile();
    await expect(graph.invoke({})).rejects.toMatchObject({
      code: "INVALID_GRAPH_NODE_RETURN_VALUE",
      message: expect.stringContaining('"bad"'),
    });
  });

  it("rejects two writes to a last-value key in one step", async () => {
    const graph = new StateGraph(LogState)
      .addNode("x", () => ({ value: "x" }))
      .addNode("y", () => ({ value: "y" }))
      .addEdge(START, "x")
      .addEdge(START, "y")
      .compile();
    await expect(graph.invoke({})).rejects.toMatchObject({
      code: "INVALID_CONCURRENT_GRAPH_UPDATE",
      message: expect.stringContaining("value"),
    });
  });

  it("stops a loop at the recursion limit and shows the nodes that looped", async () => {
    const graph = new StateGraph(LogState)
      .addNode("ping", () => ({}))
      .addNode("pong", () => ({}))
      .addEdge(START, "ping")
      .addEdge("ping", "pong")
      .addEdge("pong", "ping")
      .compile();
    const error = await graph.invoke({}, { recursionLimit: 10 }).catch((e) => e);
    expect(error.code).toBe("GRAPH_RECURSION_LIMIT");
    expect(error.message).toContain("Recursion limit of 10");
    expect(error.message).toMatch(/ping → pong|pong → ping/);
  });

  it("runs up to exactly recursionLimit supersteps", async () => {
    const graph = new StateGraph(LogState)
      .addSequence([
        ["a", () => ({ log: ["a"] })],
        ["b", () => ({ log: ["b"] })],
      ])
      .addEdge(START, "a")
      .compile();
    // START, a, b: three supersteps
    await expect(graph.invoke({}, { recursionLimit: 3 })).resolves.toEqual({ log: ["a", "b"] });
    await expect(graph.invoke({}, { recursionLimit: 2 })).rejects.toMatchObject({
      code: "GRAPH_RECURSION_LIMIT",
    });
  });

  it("passes config, configurable and context to nodes", async () => {
    let seen: any;
    const graph = new StateGraph(LogState)
      .addNode("a", (_s, config) => {
        seen = config;
        return {};
      })
      .addEdge(START, "a")
      .compile();
    await graph.invoke({}, { configurable: { user: "u1" }, context: { tenant: "t1" } });
    expect(seen.configurable.user).toBe("u1");
    expect(seen.context).toEqual({ tenant: "t1" });
    expect(seen.metadata.langgraph_node).toBe("a");
    expect(seen.signal).toBeInstanceOf(AbortSignal);
    expect(typeof seen.writer).toBe("function");
  });

  it("cancels a run through its AbortSignal, also inside a running node", async () => {
    const controller = new AbortController();
    let sawAbort = false;
    const graph = new StateGraph(LogState)
      .addNode(
        "slow",
        (_s, config) =>
          new Promise((resolve) => {
            config.signal!.addEventListener("abort", () => {
              sawAbort = true;
              resolve({});
            });
            controller.abort();
          }),
      )
      .addEdge(START, "slow")
      .compile();
    await expect(graph.invoke({}, { signal: controller.signal })).rejects.toMatchObject({
      code: "GRAPH_ABORTED",
    });
    expect(sawAbort).toBe(true);
  });

  it("rejects invalid input before writing anything", async () => {
    const State = new StateSchema({ count: z.number() });
    const saver = new MemorySaver();
    const graph = new StateGraph(State)
      .addNode("a", () => ({}))
      .addEdge(START, "a")
      .compile({ checkpointer: saver });
    const config = { configurable: { thread_id: "bad-input" } };
    await expect(graph.invoke({ count: "nope" } as any, config)).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    expect(await saver.getTuple(config)).toBeUndefined();
  });

  it("retries a failing node per its retry policy", async () => {
    let attempts = 0;
    const graph = new StateGraph(LogState)
      .addNode(
        "flaky",
        () => {
          attempts++;
          if (attempts < 3) throw new Error("transient");
          return { log: ["ok"] };
        },
        { retryPolicy: { maxAttempts: 3, initialInterval: 1, jitter: false } },
      )
      .addEdge(START, "flaky")
      .compile();
    expect((await graph.invoke({})).log).toEqual(["ok"]);
    expect(attempts).toBe(3);
  });

  it("rethrows the node's own error", async () => {
    class Boom extends Error {}
    const graph = new StateGraph(LogState)
      .addNode("boom", () => {
        throw new Boom("boom");
      })
      .addEdge(START, "boom")
      .compile();
    await expect(graph.invoke({})).rejects.toBeInstanceOf(Boom);
  });

  it("runs a deferred node after all other branches finished", async () => {
    const graph = new StateGraph(LogState)
      .addNode("a", () => ({ log: ["a"] }))
      .addNode("b1", () => ({ log: ["b1"] }))
      .addNode("b2", () => ({ log: ["b2"] }))
      .addNode("final", (s: { log: string[] }) => ({ value: s.log.join(",") }), { defer: true })
      .addEdge(START, "a")
      .addEdge(START, "b1")
      .addEdge("b1", "b2")
      .addEdge("a", "final")
      .addEdge("b2", "final")
      .compile();
    const result = await graph.invoke({});
    expect(result.value).toBe("a,b1,b2");
  });

  it("works with Annotation state", async () => {
    const State = Annotation.Root({
      items: Annotation<string[]>({ reducer: (a, b) => a.concat(b), default: () => [] }),
      last: Annotation<string>(),
    });
    const graph = new StateGraph(State)
      .addNode("a", () => ({ items: ["a"], last: "a" }))
      .addNode("b", () => ({ items: ["b"], last: "b" }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .compile();
    expect(await graph.invoke({ items: ["start"] })).toEqual({
      items: ["start", "a", "b"],
      last: "b",
    });
  });

  it("works with a plain zod object state", async () => {
    const State = z.object({ n: z.number() });
    const graph = new StateGraph(State)
      .addNode("inc", (s: { n: number }) => ({ n: s.n + 1 }))
      .addEdge(START, "inc")
      .compile();
    expect(await graph.invoke({ n: 1 })).toEqual({ n: 2 });
  });

  it("keeps private channels between nodes out of the output", async () => {
    const State = new StateSchema({ question: z.string(), answer: z.string().optional() });
    const Private = new StateSchema({ question: z.string(), scratch: z.string() });
    const graph = new StateGraph(State)
      .addNode(
        "think",
        (s: { question: string }) => ({ scratch: `thinking about ${s.question}` }) as any,
      )
      .addNode("answer", (s: { scratch: string }) => ({ answer: s.scratch.toUpperCase() }), {
        input: Private,
      })
      .addEdge(START, "think")
      .addEdge("think", "answer")
      .compile();
    expect(await graph.invoke({ question: "q" })).toEqual({
      question: "q",
      answer: "THINKING ABOUT Q",
    });
  });

  it("accepts an object with invoke() as a node", async () => {
    const runnable = { invoke: async (s: { log: string[] }) => ({ value: `${s.log.length}` }) };
    const graph = new StateGraph(LogState).addNode("r", runnable).addEdge(START, "r").compile();
    expect((await graph.invoke({ log: ["x"] })).value).toBe("1");
  });
});

describe("static breakpoints", () => {
  const build = (options: { interruptBefore?: string[]; interruptAfter?: string[] }) =>
    new StateGraph(LogState)
      .addNode("a", () => ({ log: ["a"] }))
      .addNode("b", () => ({ log: ["b"] }))
      .addNode("c", () => ({ log: ["c"] }))
      .addEdge(START, "a")
      .addEdge("a", "b")
      .addEdge("b", "c")
      .compile({ checkpointer: new MemorySaver(), ...options });

  it("interruptBefore pauses before the node; invoke(null) resumes", async () => {
    const graph = build({ interruptBefore: ["b"] });
    const config = { configurable: { thread_id: "ib" } };
    expect((await graph.invoke({}, config)).log).toEqual(["a"]);
    expect((await graph.getState(config)).next).toEqual(["b"]);
    expect((await graph.invoke(null, config)).log).toEqual(["a", "b", "c"]);
  });

  it("interruptAfter pauses after the node", async () => {
    const graph = build({ interruptAfter: ["a"] });
    const config = { configurable: { thread_id: "ia" } };
    expect((await graph.invoke({}, config)).log).toEqual(["a"]);
    expect((await graph.getState(config)).next).toEqual(["b"]);
    expect((await graph.invoke(null, config)).log).toEqual(["a", "b", "c"]);
  });

  it("breakpoints can be given per call", async () => {
    const graph = build({});
    const config = { configurable: { thread_id: "pc" } };
    expect((await graph.invoke({}, { ...config, interruptBefore: ["c"] })).log).toEqual(["a", "b"]);
    expect((await graph.invoke(null, config)).log).toEqual(["a", "b", "c"]);
  });
});

describe("StateGraph constructor forms", () => {
  it("accepts { state, input, output }", async () => {
    const State = new StateSchema({
      question: z.string(),
      answer: z.string().optional(),
      secret: z.string().optional(),
    });
    const Output = new StateSchema({ answer: z.string().optional() });
    const graph = new StateGraph({ state: State, output: Output })
      .addNode("a", (s: { question: string }) => ({
        answer: s.question.toUpperCase(),
        secret: "x",
      }))
      .addEdge(START, "a")
      .compile();
    expect(await graph.invoke({ question: "q" })).toEqual({ answer: "Q" });
  });

  it("rejects something that is not a state definition", () => {
    expect(() => new StateGraph({ nope: 1 } as any)).toThrow(/needs a state definition/);
  });
});
