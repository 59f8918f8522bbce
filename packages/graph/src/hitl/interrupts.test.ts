import { INTERRUPT } from "@weft/checkpoint";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import {
  Command,
  END,
  GraphInputError,
  interrupt,
  isGraphInterrupt,
  MemorySaver,
  Send,
  START,
  StateGraph,
  StateSchema,
} from "../index.ts";
import { ReducedValue } from "../state/index.ts";

const thread = (id: string) => ({ configurable: { thread_id: id } });

describe("interrupt() and Command({ resume })", () => {
  it("approve or reject routes with Command({ goto }) (docs example)", async () => {
    const State = new StateSchema({
      actionDetails: z.string(),
      status: z.enum(["pending", "approved", "rejected"]).nullable(),
    });
    const graph = new StateGraph(State)
      .addNode(
        "approval",
        async (state) => {
          const decision = interrupt({
            question: "Approve this action?",
            details: state.actionDetails,
          });
          return new Command({ goto: decision ? "proceed" : "cancel" });
        },
        { ends: ["proceed", "cancel"] },
      )
      .addNode("proceed", () => ({ status: "approved" as const }))
      .addNode("cancel", () => ({ status: "rejected" as const }))
      .addEdge(START, "approval")
      .addEdge("proceed", END)
      .addEdge("cancel", END)
      .compile({ checkpointer: new MemorySaver() });

    const first = await graph.invoke(
      { actionDetails: "Transfer $500", status: "pending" },
      thread("a"),
    );
    expect(first[INTERRUPT]).toEqual([
      {
        id: expect.any(String),
        value: { question: "Approve this action?", details: "Transfer $500" },
      },
    ]);
    expect(first.status).toBe("pending");
    const resumed = await graph.invoke(new Command({ resume: true }), thread("a"));
    expect(resumed.status).toBe("approved");
    expect(resumed[INTERRUPT]).toBeUndefined();

    await graph.invoke({ actionDetails: "Transfer $9", status: "pending" }, thread("b"));
    const rejected = await graph.invoke(new Command({ resume: false }), thread("b"));
    expect(rejected.status).toBe("rejected");
  });

  it("review and edit state (docs example)", async () => {
    const State = new StateSchema({ generatedText: z.string() });
    const graph = new StateGraph(State)
      .addNode("review", async (state) => {
        const updated = interrupt({
          instruction: "Review and edit this content",
          content: state.generatedText,
        });
        return { generatedText: updated };
      })
      .addEdge(START, "review")
      .addEdge("review", END)
      .compile({ checkpointer: new MemorySaver() });
    const initial = await graph.invoke({ generatedText: "Initial draft" }, thread("r"));
    expect(initial[INTERRUPT]![0]!.value).toEqual({
      instruction: "Review and edit this content",
      content: "Initial draft",
    });
    const done = await graph.invoke(
      new Command({ resume: "Improved draft after review" }),
      thread("r"),
    );
    expect(done.generatedText).toBe("Improved draft after review");
  });

  it("validates input in a loop: each answer re-runs the node with all earlier answers (docs example)", async () => {
    const State = new StateSchema({ age: z.number().nullable() });
    let executions = 0;
    const graph = new StateGraph(State)
      .addNode("collectAge", () => {
        executions++;
        let prompt = "What is your age?";
        while (true) {
          const answer = interrupt(prompt);
          if (typeof answer === "number" && answer > 0) return { age: answer };
          prompt = `'${answer}' is not a valid age. Please enter a positive number.`;
        }
      })
      .addEdge(START, "collectAge")
      .addEdge("collectAge", END)
      .compile({ checkpointer: new MemorySaver() });
    const first = await graph.invoke({ age: null }, thread("f"));
    expect(first[INTERRUPT]![0]!.value).toBe("What is your age?");
    const retry = await graph.invoke(new Command({ resume: "thirty" }), thread("f"));
    expect(retry[INTERRUPT]![0]!.value).toBe(
      "'thirty' is not a valid age. Please enter a positive number.",
    );
    expect(retry[INTERRUPT]![0]!.id).not.toBe(first[INTERRUPT]![0]!.id);
    const final = await graph.invoke(new Command({ resume: 30 }), thread("f"));
    expect(final.age).toBe(30);
    expect(executions).toBe(3);
  });

  it("answers several interrupt() calls of one node in order", async () => {
    const State = new StateSchema({
      name: z.string().optional(),
      age: z.number().optional(),
      city: z.string().optional(),
    });
    const graph = new StateGraph(State)
      .addNode("ask", () => {
        const name = interrupt("name?");
        const age = interrupt("age?");
        const city = interrupt("city?");
        return { name, age, city };
      })
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    const values: unknown[] = [];
    let result = await graph.invoke({}, thread("m"));
    values.push(result[INTERRUPT]![0]!.value);
    result = await graph.invoke(new Command({ resume: "Ada" }), thread("m"));
    values.push(result[INTERRUPT]![0]!.value);
    result = await graph.invoke(new Command({ resume: 36 }), thread("m"));
    values.push(result[INTERRUPT]![0]!.value);
    result = await graph.invoke(new Command({ resume: "London" }), thread("m"));
    expect(values).toEqual(["name?", "age?", "city?"]);
    expect(result).toEqual({ name: "Ada", age: 36, city: "London" });
  });

  it("parallel interrupts have distinct ids and resume with a map; finished siblings do not run again", async () => {
    const State = new StateSchema({
      answers: new ReducedValue(
        z.array(z.string()).default(() => []),
        {
          reducer: (a: string[], b: string[]) => [...a, ...b],
        },
      ),
    });
    const runs: Record<string, number> = {};
    const count = (name: string) => {
      runs[name] = (runs[name] ?? 0) + 1;
    };
    const graph = new StateGraph(State)
      .addNode("a", () => {
        count("a");
        return { answers: [`a:${interrupt("question a")}`] };
      })
      .addNode("b", () => {
        count("b");
        return { answers: [`b:${interrupt("question b")}`] };
      })
      .addNode("c", () => {
        count("c");
        return { answers: ["c:done"] };
      })
      .addEdge(START, "a")
      .addEdge(START, "b")
      .addEdge(START, "c")
      .compile({ checkpointer: new MemorySaver() });

    const paused = await graph.invoke({}, thread("p"));
    const pending = paused[INTERRUPT] as { id: string; value: string }[];
    expect(pending.map((i) => i.value).sort()).toEqual(["question a", "question b"]);
    expect(new Set(pending.map((i) => i.id)).size).toBe(2);

    const state = await graph.getState(thread("p"));
    expect(state.next.sort()).toEqual(["a", "b"]);
    const byName = Object.fromEntries(state.tasks.map((t) => [t.name, t.interrupts]));
    expect(byName.a).toEqual([pending.find((i) => i.value === "question a")]);
    expect(byName.c).toEqual([]);

    await expect(graph.invoke(new Command({ resume: "x" }), thread("p"))).rejects.toThrow(
      /2 interrupts are pending/,
    );

    const idOf = (value: string) => pending.find((i) => i.value === value)!.id;
    const done = await graph.invoke(
      new Command({ resume: { [idOf("question a")]: "1", [idOf("question b")]: "2" } }),
      thread("p"),
    );
    expect(done.answers.sort()).toEqual(["a:1", "b:2", "c:done"]);
    expect(runs).toEqual({ a: 2, b: 2, c: 1 });
  });

  it("a partial map resumes one interrupt and keeps the other pending", async () => {
    const State = new StateSchema({
      log: new ReducedValue(
        z.array(z.string()).default(() => []),
        { reducer: (a: string[], b: string[]) => [...a, ...b] },
      ),
    });
    const graph = new StateGraph(State)
      .addNode("a", () => ({ log: [`a=${interrupt("a?")}`] }))
      .addNode("b", () => ({ log: [`b=${interrupt("b?")}`] }))
      .addEdge(START, "a")
      .addEdge(START, "b")
      .compile({ checkpointer: new MemorySaver() });
    const paused = await graph.invoke({}, thread("q"));
    const a = paused[INTERRUPT]!.find((i) => i.value === "a?");
    const b = paused[INTERRUPT]!.find((i) => i.value === "b?");
    const half = await graph.invoke(new Command({ resume: { [a!.id]: "1" } }), thread("q"));
    expect(half[INTERRUPT]).toEqual([b]);
    const done = await graph.invoke(new Command({ resume: "2" }), thread("q"));
    expect(done.log.sort()).toEqual(["a=1", "b=2"]);
  });

  it("interrupts in Send tasks get distinct ids", async () => {
    const State = new StateSchema({
      items: z.array(z.string()),
      out: new ReducedValue(
        z.array(z.string()).default(() => []),
        { reducer: (a: string[], b: string[]) => [...a, ...b] },
      ),
    });
    const graph = new StateGraph(State)
      .addNode("fan", () => ({}))
      .addNode("approve", (s: { items: string[] }) => ({
        out: [`${s.items[0]}:${interrupt(`ok ${s.items[0]}?`)}`],
      }))
      .addEdge(START, "fan")
      .addConditionalEdges("fan", (s) =>
        s.items.map((item) => new Send("approve", { items: [item] })),
      )
      .compile({ checkpointer: new MemorySaver() });
    const paused = await graph.invoke({ items: ["x", "y", "z"] }, thread("s"));
    const pending = paused[INTERRUPT] as { id: string; value: string }[];
    expect(pending).toHaveLength(3);
    expect(new Set(pending.map((p) => p.id)).size).toBe(3);
    const resume = Object.fromEntries(
      pending.map((p) => [p.id, p.value.slice(3, 4).toUpperCase()]),
    );
    const done = await graph.invoke(new Command({ resume }), thread("s"));
    expect(done.out.sort()).toEqual(["x:X", "y:Y", "z:Z"]);
  });

  it("streams __interrupt__ in updates and values", async () => {
    const State = new StateSchema({ v: z.string().optional() });
    const graph = new StateGraph(State)
      .addNode("ask", () => ({ v: interrupt("v?") }))
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    const updates: unknown[] = [];
    for await (const chunk of await graph.stream({}, { ...thread("u"), streamMode: "updates" }))
      updates.push(chunk);
    expect(updates).toEqual([{ [INTERRUPT]: [{ id: expect.any(String), value: "v?" }] }]);
    const values: unknown[] = [];
    for await (const chunk of await graph.stream(new Command({ resume: "ok" }), {
      ...thread("u"),
      streamMode: "values",
    }))
      values.push(chunk);
    expect(values.at(-1)).toEqual({ v: "ok" });
  });

  it("interrupt ids are stable across re-execution of the same task", async () => {
    const State = new StateSchema({ v: z.string().optional() });
    const graph = new StateGraph(State)
      .addNode("ask", () => ({ v: interrupt("v?") }))
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    const first = await graph.invoke({}, thread("st"));
    const again = await graph.invoke(null, thread("st"));
    expect(again[INTERRUPT]).toEqual(first[INTERRUPT]);
  });

  it("Command({ update, resume }) applies the update before the paused node re-runs", async () => {
    const State = new StateSchema({ topic: z.string(), answer: z.string().optional() });
    const graph = new StateGraph(State)
      .addNode("ask", (s) => ({ answer: `${s.topic}:${interrupt("?")}` }))
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    await graph.invoke({ topic: "cats" }, thread("cu"));
    const done = await graph.invoke(
      new Command({ resume: "yes", update: { topic: "dogs" } }),
      thread("cu"),
    );
    expect(done.answer).toBe("dogs:yes");
  });

  it("Command({ goto }) without resume runs the target as a new step", async () => {
    const State = new StateSchema({
      log: new ReducedValue(
        z.array(z.string()).default(() => []),
        { reducer: (a: string[], b: string[]) => [...a, ...b] },
      ),
    });
    const graph = new StateGraph(State)
      .addNode("a", () => ({ log: ["a"] }), { ends: ["b"] })
      .addNode("b", () => ({ log: ["b"] }))
      .addEdge(START, "a")
      .compile({ checkpointer: new MemorySaver() });
    await graph.invoke({}, thread("g"));
    const out = await graph.invoke(
      new Command({ goto: "b", update: { log: ["cmd"] } }),
      thread("g"),
    );
    expect(out.log).toEqual(["a", "cmd", "b"]);
    const history = [];
    for await (const s of graph.getStateHistory(thread("g"))) history.push(s.metadata?.source);
    expect(history[1]).toBe("input");
  });

  it("errors clearly without a checkpointer, outside a node, and on an empty Command", async () => {
    const State = new StateSchema({ v: z.string().optional() });
    const noSaver = new StateGraph(State)
      .addNode("ask", () => ({ v: interrupt("v?") }))
      .addEdge(START, "ask")
      .compile();
    await expect(noSaver.invoke({})).rejects.toMatchObject({ code: "MISSING_CHECKPOINTER" });
    expect(() => interrupt("outside")).toThrow(GraphInputError);
    const graph = new StateGraph(State)
      .addNode("ask", () => ({ v: interrupt("v?") }))
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    await expect(graph.invoke(new Command({ resume: 1 }), thread("none"))).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
    await graph.invoke({}, thread("e"));
    await expect(graph.invoke(new Command({}), thread("e"))).rejects.toMatchObject({
      code: "INVALID_INPUT",
    });
  });

  it("a try/catch that rethrows interrupts keeps the pause working", async () => {
    const State = new StateSchema({ v: z.string().optional() });
    const graph = new StateGraph(State)
      .addNode("ask", () => {
        try {
          return { v: interrupt("v?") };
        } catch (error) {
          if (isGraphInterrupt(error)) throw error;
          return { v: "swallowed" };
        }
      })
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    const out = await graph.invoke({}, thread("tc"));
    expect(out[INTERRUPT]).toHaveLength(1);
  });

  it("retry policies never retry an interrupt", async () => {
    const State = new StateSchema({ v: z.string().optional() });
    let calls = 0;
    const graph = new StateGraph(State)
      .addNode(
        "ask",
        () => {
          calls++;
          return { v: interrupt("v?") };
        },
        { retryPolicy: { maxAttempts: 5, retryOn: () => true, initialInterval: 1 } },
      )
      .addEdge(START, "ask")
      .compile({ checkpointer: new MemorySaver() });
    await graph.invoke({}, thread("rp"));
    expect(calls).toBe(1);
  });
});

describe("node errors", () => {
  it("keep their class and message, name the node in the stack, and leave the last checkpoint intact", async () => {
    class ProviderError extends Error {}
    const State = new StateSchema({ n: z.number() });
    let fail = true;
    const graph = new StateGraph(State)
      .addNode("one", (s) => ({ n: s.n + 1 }))
      .addNode("two", () => {
        if (fail) throw new ProviderError("provider outage");
        return { n: 100 };
      })
      .addEdge(START, "one")
      .addEdge("one", "two")
      .compile({ checkpointer: new MemorySaver() });
    const error = await graph.invoke({ n: 1 }, thread("err")).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ProviderError);
    expect((error as Error).message).toBe("provider outage");
    expect((error as Error).stack).toContain('during graph node "two"');
    const state = await graph.getState(thread("err"));
    expect(state.values).toEqual({ n: 2 });
    expect(state.next).toEqual(["two"]);
    expect(state.tasks[0]!.error).toMatchObject({ message: "provider outage" });
    fail = false;
    expect(await graph.invoke(null, thread("err"))).toEqual({ n: 100 });
  });
});
