/**
 * A human-in-the-loop approval that survives a restart, checkpointed in PostgreSQL: the
 * first run drafts a reply and pauses for approval; the second run (a new process, as
 * after a deploy) finds the paused thread and resumes it with the answer.
 *
 * From the repository root, with PostgreSQL at WEFT_POSTGRES_URL (default
 * postgres://postgres@127.0.0.1:5432/test):
 *   node --conditions=@weft/source packages/checkpoint-postgres/examples/saver-approval.ts
 *   node --conditions=@weft/source packages/checkpoint-postgres/examples/saver-approval.ts approve
 * `--reset` deletes the thread first. Tables live in the schema `weft_example`.
 */
import { PostgresSaver } from "@weft/checkpoint-postgres";
import { Annotation, Command, END, interrupt, START, StateGraph } from "@weft/graph";
import pg from "pg";

const url = process.env.WEFT_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/test";
// One pool for the whole application: the saver, a store and your own queries share it.
const pool = new pg.Pool({ connectionString: url, max: 5 });
pool.on("error", (error) => console.error("idle PostgreSQL client lost:", error.message));
const checkpointer = new PostgresSaver(pool, { schema: "weft_example" });
await checkpointer.setup(); // optional (it runs on first use): fail fast on a bad database

const Reply = Annotation.Root({
  ticket: Annotation<string>(),
  draft: Annotation<string>(),
  sent: Annotation<boolean>(),
});

const graph = new StateGraph(Reply)
  .addNode("draft", (state) => ({ draft: `Hello! About "${state.ticket}": it is fixed.` }))
  .addNode("approve", (state) => {
    const answer = interrupt({ question: "Send this reply?", draft: state.draft });
    return { sent: answer === "approve" };
  })
  .addEdge(START, "draft")
  .addEdge("draft", "approve")
  .addEdge("approve", END)
  .compile({ checkpointer });

const config = { configurable: { thread_id: "ticket-42" } };
if (process.argv.includes("--reset")) await checkpointer.deleteThread("ticket-42");

const state = await graph.getState(config);
if (state.next.includes("approve")) {
  const answer = process.argv[2] === "approve" ? "approve" : "reject";
  const result = await graph.invoke(new Command({ resume: answer }), config);
  console.log(`resumed the paused thread with "${answer}": sent = ${result.sent}`);
} else if (state.next.length === 0 && state.values.sent !== undefined) {
  console.log(`thread ticket-42 is finished (sent = ${state.values.sent}); --reset to start over`);
} else {
  const paused = await graph.invoke({ ticket: "login loops forever" }, config);
  console.log("paused for approval:", paused.__interrupt__?.[0]?.value);
  console.log("run me again with `approve` (in any process) to resume");
}

let checkpoints = 0;
for await (const _ of checkpointer.list(config)) checkpoints++;
console.log(`${checkpoints} checkpoints in weft_example.weft_checkpoints`);
await pool.end();
