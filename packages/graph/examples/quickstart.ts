/**
 * Weft quickstart: a graph with a reducer, a conditional edge, a checkpointer and a
 * human review step. It streams each node's update as it runs, pauses for the review
 * (`interrupt()`), resumes with the reviewer's answer (`Command({ resume })`), then
 * shows the thread's checkpoints and forks the run from one of them (time travel).
 *
 * Run from the repo root: `npm run demo`
 */
import {
  Command,
  END,
  interrupt,
  MemorySaver,
  ReducedValue,
  START,
  StateGraph,
  StateSchema,
} from "@weft/graph";
import * as z from "zod";

const State = new StateSchema({
  topic: z.string(),
  draft: z.string().default(""),
  verdict: z.string().optional(),
  notes: new ReducedValue(
    z.array(z.string()).default(() => []),
    {
      inputSchema: z.array(z.string()),
      reducer: (all: string[], more: string[]) => all.concat(more),
    },
  ),
});

const graph = new StateGraph(State)
  .addNode("research", (state) => ({
    notes: [`${state.topic} are popular`, `${state.topic} melt`],
  }))
  .addNode("write", (state, config) => {
    config.writer?.({ status: `writing with ${state.notes.length} notes` });
    return { draft: `Why ${state.topic}? Because ${state.notes.join(" and ")}.` };
  })
  .addNode("shorten", (state) => ({
    draft: `${state.draft.slice(0, 40)}...`,
    notes: ["shortened"],
  }))
  .addNode("review", (state) => {
    // Pauses the run until a human answers; the answer is what interrupt() returns.
    const verdict: string = interrupt({ question: "Publish this draft?", draft: state.draft });
    return { verdict };
  })
  .addEdge(START, "research")
  .addEdge("research", "write")
  .addConditionalEdges("write", (state) => (state.draft.length > 40 ? "shorten" : "review"), [
    "shorten",
    "review",
  ])
  .addEdge("shorten", "review")
  .addEdge("review", END)
  .compile({ checkpointer: new MemorySaver() });

const config = { configurable: { thread_id: "demo-thread" } };

console.log("▶ streaming updates and custom events");
for await (const [mode, chunk] of await graph.stream(
  { topic: "ice creams" },
  { ...config, streamMode: ["updates", "custom"] },
)) {
  console.log(`  [${mode}]`, JSON.stringify(chunk));
}

const paused = await graph.getState(config);
console.log("\n▶ paused before publishing: next =", JSON.stringify(paused.next));
console.log("  asking:", JSON.stringify(paused.tasks[0]?.interrupts[0]?.value));

console.log('\n▶ the reviewer answers: Command({ resume: "approved" })');
const resumed = await graph.invoke(new Command({ resume: "approved" }), config);
console.log("  final state:", JSON.stringify(resumed));

console.log("\n▶ checkpoints, newest first");
const history = [];
for await (const snapshot of graph.getStateHistory(config)) {
  history.push(snapshot);
  const { source, step } = snapshot.metadata ?? {};
  console.log(
    `  step ${String(step).padStart(2)}  ${String(source).padEnd(5)}  next=${JSON.stringify(snapshot.next)}`,
  );
}

const beforeWrite = history.find((s) => s.next.includes("write"));
if (beforeWrite) {
  console.log("\n▶ time travel: change the topic before `write` and run again from there");
  const forked = await graph.updateState(beforeWrite.config, { topic: "sorbets" }, "research");
  const result = await graph.invoke(null, forked);
  console.log("  forked result:", JSON.stringify(result.draft));
  console.log(
    "  (the fork is waiting for its own review:",
    result.__interrupt__?.length,
    "pending)",
  );
}
