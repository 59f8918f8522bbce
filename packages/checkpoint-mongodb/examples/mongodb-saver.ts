/**
 * A thread that outlives its process, kept in MongoDB: each run of this program adds one
 * step to a research log, and any process pointed at the same database continues it.
 *
 * From the repository root, with a MongoDB API on 127.0.0.1:27017
 * (`bash scripts/services/ferretdb.sh start` starts FerretDB):
 *   node --conditions=@weft/source packages/checkpoint-mongodb/examples/mongodb-saver.ts
 *   node --conditions=@weft/source packages/checkpoint-mongodb/examples/mongodb-saver.ts
 * `--reset` deletes the thread first. `WEFT_MONGODB_URL` points it elsewhere.
 */
import { MongoDBSaver } from "@weft/checkpoint-mongodb";
import { Annotation, END, START, StateGraph } from "@weft/graph";

const url = process.env.WEFT_MONGODB_URL ?? "mongodb://127.0.0.1:27017/?directConnection=true";
const checkpointer = MongoDBSaver.fromConnString(url, { dbName: "weft_examples" });
// Optional: creates the indexes now and fails fast if the server is not there.
await checkpointer.setup();

const Research = Annotation.Root({
  log: Annotation<string[]>({ reducer: (all, more) => all.concat(more), default: () => [] }),
});
const topics = ["collections", "indexes", "crash safety", "thread TTL"];

const graph = new StateGraph(Research)
  .addNode("pick", (state) => ({
    log: [`read about ${topics[state.log.length / 2] ?? "nothing new"}`],
  }))
  .addNode("note", (state) => ({ log: [`noted step ${Math.ceil(state.log.length / 2)}`] }))
  .addEdge(START, "pick")
  .addEdge("pick", "note")
  .addEdge("note", END)
  .compile({ checkpointer });

const config = { configurable: { thread_id: "research-1" } };
if (process.argv.includes("--reset")) await checkpointer.deleteThread("research-1");

const before = await graph.getState(config);
console.log(`thread research-1 had ${before.values.log?.length ?? 0} entries at ${url}`);
const result = await graph.invoke({ log: [] }, config);
for (const entry of result.log.slice(-2)) console.log(`  ${entry}`);

let checkpoints = 0;
for await (const _ of graph.getStateHistory(config)) checkpoints++;
console.log(
  `now ${result.log.length} entries in ${checkpoints} checkpoints; run me again to continue`,
);
await checkpointer.close();
