import type { BaseCheckpointSaver } from "@weft/checkpoint";
import { requireService } from "@weft/conformance";
import { Annotation, Command, END, interrupt, START, StateGraph } from "@weft/graph";
import { afterAll, describe, expect, it } from "vitest";
import { PostgresSaver } from "../src/saver.ts";
import {
  dropSchema,
  freshSchema,
  POSTGRES_SERVICE,
  POSTGRES_URL,
  testPool,
} from "./pg-fixtures.ts";

const postgres = await requireService(POSTGRES_SERVICE);

const STEPS = ["plan", "fetch", "write", "review"] as const;

const State = Annotation.Root({
  log: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});

/** A linear graph of {@link STEPS}; `onStep` runs inside each node before it returns. */
function stepsGraph(checkpointer: BaseCheckpointSaver, onStep: (step: string) => void = () => {}) {
  // Node names are added one by one in a loop, which the builder's types cannot follow.
  let graph = new StateGraph(State) as any;
  for (const step of STEPS) {
    graph = graph.addNode(step, () => {
      onStep(step);
      return { log: [step] };
    });
  }
  graph = graph.addEdge(START, STEPS[0]);
  for (let i = 1; i < STEPS.length; i++) graph = graph.addEdge(STEPS[i - 1], STEPS[i]);
  return graph.addEdge(STEPS.at(-1), END).compile({ checkpointer });
}

describe.skipIf(!postgres.available)("a graph checkpointed in PostgreSQL", () => {
  const admin = testPool();
  const schemas: string[] = [];
  afterAll(async () => {
    for (const schema of schemas) await dropSchema(admin, schema);
    await admin.end();
  });
  const freshSaver = (schema: string) => PostgresSaver.fromConnString(POSTGRES_URL, { schema });

  it("resumes after a failed step from another process's saver", async () => {
    const schema = freshSchema("graph");
    schemas.push(schema);
    const config = { configurable: { thread_id: "run-1" } };
    const first = freshSaver(schema);
    const failing = stepsGraph(first, (step) => {
      if (step === "write") throw new Error("disk full");
    });
    await expect(failing.invoke({ log: ["start"] }, config)).rejects.toThrow("disk full");
    await first.close();

    // A new pool and saver, as after a restart: the state is what was committed.
    const second = freshSaver(schema);
    const graph = stepsGraph(second);
    const state = await graph.getState(config);
    expect(state.values.log).toEqual(["start", "plan", "fetch"]);
    expect(state.next).toEqual(["write"]);
    const result = await graph.invoke(null, config);
    expect(result.log).toEqual(["start", "plan", "fetch", "write", "review"]);
    const history = [];
    for await (const snapshot of graph.getStateHistory(config)) history.push(snapshot);
    // input, then one checkpoint per superstep: start, plan, fetch, write, review.
    expect(history.map((s) => s.values.log.length)).toEqual([5, 4, 3, 2, 1, 0]);
    await second.close();
  });

  it("pauses on an interrupt and resumes with the human's answer", async () => {
    const schema = freshSchema("graph");
    schemas.push(schema);
    const Approval = Annotation.Root({
      draft: Annotation<string>(),
      verdict: Annotation<string>(),
    });
    const build = (checkpointer: BaseCheckpointSaver) =>
      new StateGraph(Approval)
        .addNode("review", (state) => ({
          verdict: interrupt({ question: `Publish "${state.draft}"?` }) as string,
        }))
        .addEdge(START, "review")
        .addEdge("review", END)
        .compile({ checkpointer });
    const config = { configurable: { thread_id: "approval" } };
    const first = freshSaver(schema);
    const paused = await build(first).invoke({ draft: "hello" }, config);
    expect(paused.__interrupt__?.[0]?.value).toEqual({ question: 'Publish "hello"?' });
    await first.close();

    const second = freshSaver(schema);
    const resumed = await build(second).invoke(new Command({ resume: "yes" }), config);
    expect(resumed).toMatchObject({ draft: "hello", verdict: "yes" });
    await second.close();
  });
});
